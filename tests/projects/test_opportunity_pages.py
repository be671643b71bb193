"""Pages of the cooperation offers and requests: what each viewer sees,
the forms behind the flow, query counts and escaping."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Competence
from newsletters.models import OutboundMessage
from projects.models import Interest, Opportunity
from tests.factories import FirmFactory
from tests.projects.factories import InterestFactory, OpportunityFactory

S = Opportunity.State
SECRET = "Pełna-treść-tylko-dla-członków"


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"projects:{name}", kwargs=kwargs)


@pytest.fixture
def posting(firm_a, firm_a_admin):
    opportunity = OpportunityFactory(
        firm=firm_a,
        created_by=firm_a_admin,
        title_en="Pilot-scale hydrogenation",
        summary_en="A 50 l pressure reactor.",
        description_en=SECRET,
        description_pl=SECRET,
    )
    opportunity.competences.set(Competence.objects.filter(code="hydrogenation"))
    return opportunity


# --- The board and a posting's page: who sees what ------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["visitor", "outsider"])
def test_board_shows_summaries_and_never_the_full_text(client_as, firm_a, posting, member):
    OpportunityFactory(firm=firm_a, state=S.DRAFT, title_en="Hidden draft")

    content = client_as(member).get(_url("opportunities")).content.decode()

    assert "Pilot-scale hydrogenation" in content
    assert "A 50 l pressure reactor." in content
    assert SECRET not in content
    assert "Hidden draft" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["visitor", "outsider"])
def test_visitors_read_the_summary_only(client_as, posting, member):
    content = client_as(member).get(_url("opportunity-detail", pk=posting.pk)).content.decode()

    assert "A 50 l pressure reactor." in content
    assert SECRET not in content
    assert "Express interest" not in content


@pytest.mark.django_db
def test_other_members_read_the_full_text_and_may_answer(client_as, posting):
    content = client_as("firm_b_editor").get(_url("opportunity-detail", pk=posting.pk))

    text = content.content.decode()
    assert SECRET in text
    assert _url("opportunity-interest", pk=posting.pk) in text
    # Interests and suggestions are for the posting's firm.
    assert "Expressions of interest" not in text


@pytest.mark.django_db
def test_author_firm_sees_interests_and_suggestions(client_as, firm_b, posting, firm_b_editor):
    firm_b.competences.set(Competence.objects.filter(code="hydrogenation"))
    matching = FirmFactory(name="Wodór i Pilotaż Sp. z o.o.")
    matching.competences.set(Competence.objects.filter(code="hydrogenation"))
    InterestFactory(opportunity=posting, firm=firm_b, user=firm_b_editor, message="Mamy reaktor.")

    text = client_as("firm_a_editor").get(_url("opportunity-detail", pk=posting.pk)).content
    text = text.decode()

    assert "Mamy reaktor." in text
    assert firm_b_editor.email in text
    assert "Wodór i Pilotaż Sp. z o.o." in text
    assert "covers 1 of 1: Hydrogenation" in text
    # Firm B expressed interest already: it is not suggested again.
    assert text.count(firm_b.name) == 1


@pytest.mark.django_db
def test_firm_that_answered_is_told_so(client_as, firm_b, posting):
    InterestFactory(opportunity=posting, firm=firm_b)

    text = client_as("firm_b_admin").get(_url("opportunity-detail", pk=posting.pk)).content
    text = text.decode()

    assert f"Interest expressed by: {firm_b.name}." in text
    assert _url("opportunity-interest", pk=posting.pk) not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("firm_b_admin", 404),
        ("firm_a_editor", 200),
        ("firm_a_admin", 200),
        ("coordinator", 200),
    ],
)
@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.EXPIRED, S.WITHDRAWN])
def test_unpublished_posting_is_seen_by_its_firm_and_the_coordinator(
    client_as, firm_a, firm_a_admin, firm_a_editor, firm_b_admin, coordinator, member, status, state
):
    opportunity = OpportunityFactory(firm=firm_a, state=state)

    response = client_as(member).get(_url("opportunity-detail", pk=opportunity.pk))

    assert response.status_code == status


@pytest.mark.django_db
def test_suspended_members_posting_leaves_the_board(client_as, firm_a, posting):
    firm_a.status = "suspended"
    firm_a.save(update_fields=["status"])

    board = client_as("visitor").get(_url("opportunities")).content.decode()
    page = client_as("visitor").get(_url("opportunity-detail", pk=posting.pk))

    assert "Pilot-scale hydrogenation" not in board
    assert page.status_code == 404


@pytest.mark.django_db
def test_board_filters(client_as, firm_a):
    catalysts = Competence.objects.get(code="catalysts")
    offer = OpportunityFactory(firm=firm_a, title_en="Nickel catalysts", kind="technology_offer")
    offer.competences.set([catalysts])
    OpportunityFactory(firm=firm_a, title_en="Looking for a laboratory", kind="rd_request")
    client = client_as("visitor")

    by_kind = client.get(_url("opportunities"), {"kind": "rd_request"}).content.decode()
    by_competence = client.get(_url("opportunities"), {"competence": catalysts.pk}).content
    by_words = client.get(_url("opportunities"), {"q": "nickel"}).content.decode()

    assert "Looking for a laboratory" in by_kind and "Nickel catalysts" not in by_kind
    assert "Nickel catalysts" in by_competence.decode()
    assert "Looking for a laboratory" not in by_competence.decode()
    assert "Nickel catalysts" in by_words and "Looking for a laboratory" not in by_words


@pytest.mark.django_db
def test_board_pages(client_as, firm_a):
    OpportunityFactory.create_batch(21, firm=firm_a)

    first = client_as("visitor").get(_url("opportunities"), {"kind": "technology_offer"})
    second = client_as("visitor").get(_url("opportunities"), {"page": 2})

    assert first.context["page"].paginator.count == 21
    assert "kind=technology_offer&amp;page=2" in first.content.decode()
    assert len(second.context["page"].object_list) == 1


# --- The flow through the pages --------------------------------------------------------


@pytest.mark.django_db
def test_editor_drafts_on_the_page(client_as, firm_a, firm_a_editor):
    hydrogenation = Competence.objects.get(code="hydrogenation")

    response = client_as("firm_a_editor").post(
        _url("opportunity-create", firm="firma-a"),
        {
            "kind": "business_request",
            "title_pl": "Szukamy dystrybutora",
            "summary_pl": "Dystrybucja surfaktantów w Czechach.",
            "competences": [hydrogenation.pk],
        },
    )

    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == opportunity.get_absolute_url()
    assert (opportunity.state, opportunity.firm, opportunity.created_by) == (
        S.DRAFT,
        firm_a,
        firm_a_editor,
    )
    assert list(opportunity.competences.all()) == [hydrogenation]


@pytest.mark.django_db
def test_draft_form_shows_field_errors(client_as, firm_a):
    response = client_as("firm_a_editor").post(
        _url("opportunity-create", firm="firma-a"), {"kind": "nope", "title_pl": "x" * 201}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "title_pl", "summary_pl"}
    assert Opportunity.objects.count() == 0


@pytest.mark.django_db
def test_editor_edits_a_draft(client_as, firm_a):
    draft = OpportunityFactory(firm=firm_a, state=S.DRAFT)

    response = client_as("firm_a_editor").post(
        _url("opportunity-edit", pk=draft.pk),
        {"kind": "rd_request", "title_pl": "Nowy tytuł", "summary_pl": "Nowe streszczenie."},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.kind, draft.title_pl, draft.summary_pl) == (
        "rd_request",
        "Nowy tytuł",
        "Nowe streszczenie.",
    )


@pytest.mark.django_db
def test_published_posting_is_not_edited(client_as, posting):
    response = client_as("firm_a_admin").get(_url("opportunity-edit", pk=posting.pk))

    assert response.status_code == 302
    assert response["Location"] == posting.get_absolute_url()


@pytest.mark.django_db
def test_admin_submits_the_coordinator_publishes(client_as, firm_a, coordinator):
    draft = OpportunityFactory(firm=firm_a, state=S.DRAFT)

    submitted = client_as("firm_a_admin").post(_url("opportunity-submit", pk=draft.pk))
    review = client_as("coordinator").get(_url("opportunity-review", pk=draft.pk))
    decided = client_as("coordinator").post(
        _url("opportunity-review", pk=draft.pk), {"decision": "approve"}
    )

    draft.refresh_from_db()
    assert submitted.status_code == 302
    assert review.status_code == 200
    assert "Publish for twelve months" in review.content.decode()
    assert decided["Location"] == _url("opportunity-queue")
    assert draft.state == S.PUBLISHED
    assert OutboundMessage.objects.filter(recipient=coordinator.email).count() == 1


@pytest.mark.django_db
def test_returning_without_a_reason_is_refused_on_the_page(client_as, firm_a):
    opportunity = OpportunityFactory(firm=firm_a, state=S.SUBMITTED)

    response = client_as("coordinator").post(
        _url("opportunity-review", pk=opportunity.pk), {"decision": "return", "reason": " "}
    )

    opportunity.refresh_from_db()
    assert response.status_code == 200
    assert "Give the reason the firm will read." in response.content.decode()
    assert opportunity.state == S.SUBMITTED


@pytest.mark.django_db
def test_deciding_twice_on_the_page_says_so(client_as, posting):
    response = client_as("coordinator").post(
        _url("opportunity-review", pk=posting.pk), {"decision": "approve"}, follow=True
    )

    assert "This posting was decided already (Published)." in response.content.decode()


@pytest.mark.django_db
def test_returned_posting_shows_the_reason_to_the_firm(client_as, firm_a):
    opportunity = OpportunityFactory(
        firm=firm_a, state=S.RETURNED, review_note="Dodaj parametry reaktora."
    )

    text = client_as("firm_a_editor").get(_url("opportunity-edit", pk=opportunity.pk)).content

    assert "Dodaj parametry reaktora." in text.decode()


@pytest.mark.django_db
def test_admin_renews_and_withdraws_on_the_page(client_as, firm_a):
    opportunity = OpportunityFactory(
        firm=firm_a, expires_on=timezone.localdate() + timedelta(days=10)
    )
    client = client_as("firm_a_admin")

    client.post(_url("opportunity-renew", pk=opportunity.pk))
    opportunity.refresh_from_db()
    renewed_until = opportunity.expires_on
    client.post(_url("opportunity-withdraw", pk=opportunity.pk))
    opportunity.refresh_from_db()

    assert renewed_until > timezone.localdate() + timedelta(days=300)
    assert opportunity.state == S.WITHDRAWN


@pytest.mark.django_db
def test_member_expresses_interest_on_the_page(client_as, firm_b, posting, firm_b_editor):
    client = client_as("firm_b_editor")

    form = client.get(_url("opportunity-interest", pk=posting.pk))
    sent = client.post(
        _url("opportunity-interest", pk=posting.pk),
        {"firm": firm_b.pk, "message": "Mamy reaktor 20 l."},
    )
    again = client.get(_url("opportunity-interest", pk=posting.pk))

    assert form.status_code == 200
    assert sent["Location"] == posting.get_absolute_url()
    assert list(Interest.objects.values_list("firm", "user", "message")) == [
        (firm_b.pk, firm_b_editor.pk, "Mamy reaktor 20 l.")
    ]
    assert again.status_code == 302


@pytest.mark.django_db
def test_interest_for_a_firm_that_is_not_the_users_is_refused(client_as, firm_b, posting):
    other = FirmFactory()

    response = client_as("firm_b_editor").post(
        _url("opportunity-interest", pk=posting.pk), {"firm": other.pk, "message": "Obcy."}
    )

    assert response.status_code == 200
    assert "firm" in response.context["form"].errors
    assert Interest.objects.count() == 0


@pytest.mark.django_db
def test_firm_list_shows_every_state_to_the_firm(client_as, firm_a, firm_b):
    for state in S.values:
        OpportunityFactory(firm=firm_a, state=state, title_en=f"Posting {state}")
    OpportunityFactory(firm=firm_b, title_en="Firm B's posting")

    text = client_as("firm_a_editor").get(_url("firm-opportunities", firm="firma-a")).content
    text = text.decode()

    assert [f"Posting {state}" in text for state in S.values] == [True] * len(S.values)
    assert "Firm B's posting" not in text


# --- Escaping ---------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["visitor", "firm_b_admin", "firm_a_admin", "coordinator"])
def test_script_in_every_text_field_is_escaped(client_as, firm_a, firm_b, member):
    opportunity = OpportunityFactory(
        firm=firm_a,
        title_pl=SCRIPT,
        title_en=SCRIPT,
        summary_pl=SCRIPT,
        summary_en=SCRIPT,
        description_pl=SCRIPT,
        description_en=SCRIPT,
    )
    InterestFactory(opportunity=opportunity, firm=firm_b, message=SCRIPT)
    client = client_as(member)

    pages = [
        client.get(_url("opportunities")),
        client.get(_url("opportunity-detail", pk=opportunity.pk)),
    ]
    if member == "coordinator":
        submitted = OpportunityFactory(firm=firm_a, state=S.SUBMITTED, title_en=SCRIPT)
        pages.append(client.get(_url("opportunity-queue")))
        pages.append(client.get(_url("opportunity-review", pk=submitted.pk)))

    for page in pages:
        assert page.status_code == 200
        assert SCRIPT not in page.content.decode()


@pytest.mark.django_db
def test_script_in_an_interest_is_escaped_in_the_mail(client_as, firm_b, posting, firm_a_admin):
    client_as("firm_b_admin").post(
        _url("opportunity-interest", pk=posting.pk), {"firm": firm_b.pk, "message": SCRIPT}
    )

    mail = OutboundMessage.objects.get(recipient=firm_a_admin.email)
    assert SCRIPT not in mail.body_html
    assert SCRIPT in mail.body_text  # plain text is not HTML


# --- Query counts -------------------------------------------------------------------------


def _postings(firm, count, **fields):
    competences = list(Competence.objects.all()[:3])
    for opportunity in OpportunityFactory.create_batch(count, firm=firm, **fields):
        opportunity.competences.set(competences)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_board_query_count_for_a_visitor(client_as, django_assert_num_queries, firm_a, count):
    _postings(firm_a, count)
    client = client_as("visitor")

    # 1 competence groups, 2 their competences, 3 count, 4 the page with
    # firms, 5 the page's competences, 6 the footer's site texts.
    with django_assert_num_queries(6):
        response = client.get(_url("opportunities"))

    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_board_query_count_for_a_member(client_as, django_assert_num_queries, firm_a, count):
    _postings(firm_a, count)
    client = client_as("firm_b_admin")

    # 1 session, 2 user, 3 competence groups, 4 their competences, 5 is the
    # user a member, 6 count, 7 coordinator group, 8 the page with firms,
    # 9 the page's competences, 10 the footer's site texts.
    with django_assert_num_queries(10):
        client.get(_url("opportunities"))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_queue_query_count(client_as, django_assert_num_queries, firm_a, count):
    _postings(firm_a, count, state=S.SUBMITTED)
    _postings(firm_a, count, expires_on=timezone.localdate() + timedelta(days=5))
    client = client_as("coordinator")

    # 1 session, 2 user, 3 coordinator group, 4 two-factor, 5 count, 6 the
    # page with firms, 7 the page's competences, 8 expiring postings, 9 the
    # footer's site texts.
    with django_assert_num_queries(9):
        response = client.get(_url("opportunity-queue"))

    assert len(response.context["page"].object_list) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_firm_list_query_count(client_as, django_assert_num_queries, firm_a, count):
    _postings(firm_a, count)
    client = client_as("firm_a_admin")

    # 1 session, 2 user, 3 coordinator group, 4 the firm with 5 its roles,
    # 6 count, 7 the user's firm roles, 8 is the user a member (menu), 9 the
    # page with interest counts, 10 the page's competences, 11 the footer's
    # site texts.
    with django_assert_num_queries(11):
        client.get(_url("firm-opportunities", firm="firma-a"))
