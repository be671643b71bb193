"""The projects API: cooperation offers and requests (/api/v1/opportunities/)
and the expressions of interest in them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chemster.models import AuditEntry
from members.models import Competence
from newsletters.models import OutboundMessage
from projects.models import Interest, Opportunity
from projects.opportunities import expiry_from
from tests.conftest import CAST
from tests.projects.factories import InterestFactory, OpportunityFactory


@pytest.fixture(autouse=True)
def _english(settings):
    # DRF's and the services' messages in English (the site's default is Polish).
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def published(firm_a, firm_a_admin):
    return OpportunityFactory(
        firm=firm_a,
        created_by=firm_a_admin,
        title_pl="Uwodornienie w skali pilotażowej",
        description_pl="Tajny opis reaktorów.",
        description_en="Secret reactor details.",
    )


@pytest.fixture
def draft(firm_a, firm_a_editor):
    return OpportunityFactory(
        firm=firm_a, created_by=firm_a_editor, state=Opportunity.State.DRAFT, title_pl="Szkic"
    )


@pytest.fixture
def submitted(firm_a):
    return OpportunityFactory(firm=firm_a, state=Opportunity.State.SUBMITTED, title_pl="Do oceny")


def _url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


def _titles(response):
    return [row["title_pl"] for row in response.json()["results"]]


# --- The board ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_board_shows_summaries_to_all_and_full_text_to_members(
    api_client_as, published, draft, submitted, member
):
    OpportunityFactory(state=Opportunity.State.WITHDRAWN, title_pl="Wycofana")
    OpportunityFactory(
        title_pl="Przeterminowana", expires_on=timezone.localdate() - timedelta(days=1)
    )

    response = api_client_as(member).get(_url("opportunities"))

    assert response.status_code == 200
    assert _titles(response) == ["Uwodornienie w skali pilotażowej"]
    [row] = response.json()["results"]
    insider = member not in ("visitor", "outsider")
    assert (row["description_pl"] is not None) is insider
    assert ("Tajny opis" in response.content.decode()) is insider
    assert row["summary_pl"] == published.summary_pl
    assert row["firm"] == {"slug": "firma-a", "name": published.firm.name}


@pytest.mark.django_db
def test_board_filters_by_kind_competence_and_words(api_client_as, published, firm_b):
    coatings = Competence.objects.get(code="coatings")
    request = OpportunityFactory(
        firm=firm_b, kind=Opportunity.Kind.RD_REQUEST, title_pl="Szukamy laboratorium"
    )
    request.competences.set([coatings])
    client = api_client_as("visitor")

    assert _titles(client.get(_url("opportunities"), {"kind": "rd_request"})) == [
        "Szukamy laboratorium"
    ]
    assert _titles(client.get(_url("opportunities"), {"competence": coatings.pk})) == [
        "Szukamy laboratorium"
    ]
    assert _titles(client.get(_url("opportunities"), {"q": "laboratorium"})) == [
        "Szukamy laboratorium"
    ]


@pytest.mark.django_db
def test_board_search_never_reveals_the_full_text_to_visitors(api_client_as, published):
    visitor = api_client_as("visitor").get(_url("opportunities"), {"q": "reaktorów"})
    member = api_client_as("firm_b_editor").get(_url("opportunities"), {"q": "reaktorów"})

    assert (_titles(visitor), _titles(member)) == ([], ["Uwodornienie w skali pilotażowej"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "offer"}, "kind"),
        ({"competence": "x"}, "competence"),
        ({"competence": 999_999}, "competence"),
        ({"q": "x" * 101}, "q"),
        ({"page_size": 0}, "page_size"),
    ],
)
def test_board_refuses_bad_filters(api_client_as, query, field):
    response = api_client_as("visitor").get(_url("opportunities"), query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30, 120])
def test_board_query_count(api_client_as, django_assert_num_queries, count):
    competences = list(Competence.objects.all()[:3])
    for _n in range(count):
        OpportunityFactory().competences.set(competences)
    client = api_client_as("firm_b_editor")

    # 1 the token, 2 last_used_at, 3 whether the user is a member (the
    # search's fields and the full text), 4 the count, 5 the page with the
    # firms, 6 the competences.
    with django_assert_num_queries(6):
        response = client.get(_url("opportunities"), {"page_size": 100})

    assert len(response.json()["results"]) == min(count, 100)


# --- One posting ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 404),
        ("firm_b_editor", 404),
        ("coordinator", 200),
    ],
)
def test_a_draft_is_for_its_firm_and_the_coordinator(api_client_as, draft, member, status):
    response = api_client_as(member).get(_url("opportunity", pk=draft.pk))

    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_a_published_posting_is_for_everyone_with_the_full_text_for_members(
    api_client_as, published, member
):
    body = api_client_as(member).get(_url("opportunity", pk=published.pk)).json()

    insider = member not in ("visitor", "outsider")
    assert body["description_en"] == ("Secret reactor details." if insider else None)
    assert body["can_edit"] is False
    assert (body["review_note"] is not None) is (
        member in ("firm_a_admin", "firm_a_editor", "coordinator")
    )


# --- Drafting and changing -----------------------------------------------------------------

NEW = {
    "firm": "firma-a",
    "kind": "technology_offer",
    "title_pl": "Destylacja molekularna",
    "summary_pl": "Oczyszczanie w wysokiej próżni.",
    "description_pl": "Pełny opis.",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 201),
        ("firm_a_editor", 201),
        ("firm_b_admin", 403),
        ("coordinator", 403),
    ],
)
def test_drafting_is_for_the_firms_editors_and_admins(api_client_as, firm_a, member, status):
    response = api_client_as(member).post(_url("opportunities"), NEW)

    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["state"], body["can_edit"], body["description_pl"]) == (
            "draft",
            True,
            "Pełny opis.",
        )
        assert AuditEntry.objects.filter(code="projects.opportunity.created").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"firm": "nie-ma"}, "firm"),
        ({"kind": "offer"}, "kind"),
        ({"title_pl": ""}, "title_pl"),
        ({"summary_pl": "x" * 301}, "summary_pl"),
        ({"competences": [999_999]}, "competences"),
        ({"description_en": "a\x00b"}, "description_en"),
    ],
)
def test_drafting_refuses_bad_input_by_field(api_client_as, firm_a, overrides, field):
    response = api_client_as("firm_a_editor").post(_url("opportunities"), {**NEW, **overrides})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_script_in_every_text_field_is_kept_as_text(api_client_as, firm_a):
    script = "<script>alert(1)</script>"
    texts = dict.fromkeys(
        ("title_pl", "title_en", "summary_pl", "summary_en", "description_pl", "description_en"),
        script,
    )

    response = api_client_as("firm_a_editor").post(_url("opportunities"), {**NEW, **texts})

    assert response.status_code == 201
    assert {name: response.json()[name] for name in texts} == texts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 404),
        ("coordinator", 403),
    ],
)
def test_changing_a_draft_is_for_its_firm(api_client_as, draft, member, status):
    response = api_client_as(member).patch(_url("opportunity", pk=draft.pk), {"title_en": "Draft"})

    assert response.status_code == status
    draft.refresh_from_db()
    assert (draft.title_en == "Draft") is (status == 200)


@pytest.mark.django_db
def test_a_published_posting_cannot_be_changed(api_client_as, published):
    response = api_client_as("firm_a_admin").patch(
        _url("opportunity", pk=published.pk), {"title_en": "X"}
    )

    assert response.status_code == 400
    assert "Only a draft or a returned posting" in response.json()["errors"]["non_field_errors"][0]


@pytest.mark.django_db
def test_changing_competences_replaces_them(api_client_as, draft):
    coatings = Competence.objects.get(code="coatings")

    response = api_client_as("firm_a_editor").patch(
        _url("opportunity", pk=draft.pk), {"competences": [coatings.pk]}
    )

    assert response.json()["competences"] == [coatings.pk]


# --- Submitting, reviewing, renewing, withdrawing -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 404),
        ("firm_a_admin", 200),
        ("firm_a_editor", 403),
        ("firm_b_admin", 404),
        ("coordinator", 403),
    ],
)
def test_submitting_is_for_the_firms_admins(api_client_as, draft, coordinator, member, status):
    response = api_client_as(member).post(_url("opportunity-submit", pk=draft.pk))

    assert response.status_code == status
    draft.refresh_from_db()
    assert (draft.state == Opportunity.State.SUBMITTED) is (status == 200)


@pytest.mark.django_db
def test_submitting_a_published_posting_is_400(api_client_as, published):
    response = api_client_as("firm_a_admin").post(_url("opportunity-submit", pk=published.pk))

    assert response.status_code == 400
    assert "cannot be submitted" in response.json()["errors"]["non_field_errors"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 403),
        ("firm_b_admin", 403),
        ("coordinator", 200),
    ],
)
def test_review_is_the_coordinators(api_client_as, submitted, member, status):
    response = api_client_as(member).post(
        _url("opportunity-review", pk=submitted.pk), {"decision": "approve"}
    )

    assert response.status_code == status
    submitted.refresh_from_db()
    assert (submitted.state == Opportunity.State.PUBLISHED) is (status == 200)


@pytest.mark.django_db
def test_review_twice_is_409(api_client_as, submitted):
    client = api_client_as("coordinator")
    url = _url("opportunity-review", pk=submitted.pk)

    first = client.post(url, {"decision": "approve"})
    second = client.post(url, {"decision": "return", "reason": "Za krótki opis."})

    assert first.status_code == 200
    assert (first.json()["state"], first.json()["expires_on"]) == (
        "published",
        expiry_from(timezone.localdate()).isoformat(),
    )
    assert second.status_code == 409
    assert second.json() == {"detail": "This posting was decided already (Published)."}


@pytest.mark.django_db
def test_returning_needs_a_reason_the_firm_reads(api_client_as, submitted):
    url = _url("opportunity-review", pk=submitted.pk)

    refused = api_client_as("coordinator").post(url, {"decision": "return"})
    returned = api_client_as("coordinator").post(
        url, {"decision": "return", "reason": "Dodaj opis."}
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["reason"]
    assert (returned.json()["state"], returned.json()["review_note"]) == (
        "returned",
        "Dodaj opis.",
    )


@pytest.mark.django_db
def test_review_of_an_unknown_posting_is_404(api_client_as, coordinator):
    response = api_client_as("coordinator").post(
        _url("opportunity-review", pk=999_999), {"decision": "approve"}
    )

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [("firm_a_admin", 200), ("firm_a_editor", 403), ("firm_b_admin", 403), ("coordinator", 403)],
)
def test_renewing_is_for_the_firms_admins(api_client_as, published, member, status):
    Opportunity.objects.filter(pk=published.pk).update(
        expires_on=timezone.localdate() + timedelta(days=10)
    )

    response = api_client_as(member).post(_url("opportunity-renew", pk=published.pk))

    assert response.status_code == status
    published.refresh_from_db()
    assert (published.expires_on > timezone.localdate() + timedelta(days=300)) is (status == 200)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [("firm_a_admin", 200), ("firm_a_editor", 403), ("firm_b_admin", 403), ("coordinator", 200)],
)
def test_withdrawing_is_for_the_firms_admins_and_the_coordinator(
    api_client_as, published, member, status
):
    response = api_client_as(member).post(_url("opportunity-withdraw", pk=published.pk))

    assert response.status_code == status
    published.refresh_from_db()
    assert (published.state == Opportunity.State.WITHDRAWN) is (status == 200)


@pytest.mark.django_db
def test_a_withdrawn_posting_cannot_be_renewed(api_client_as, published):
    api_client_as("firm_a_admin").post(_url("opportunity-withdraw", pk=published.pk))

    response = api_client_as("firm_a_admin").post(_url("opportunity-renew", pk=published.pk))

    assert response.status_code == 400


# --- Interests --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 403),
        ("coordinator", 200),
    ],
)
def test_interests_are_for_the_posting_firm_and_the_coordinator(
    api_client_as, published, firm_b, firm_b_admin, member, status
):
    InterestFactory(opportunity=published, firm=firm_b, user=firm_b_admin, message="Kontakt")

    response = api_client_as(member).get(_url("opportunity-interests", pk=published.pk))

    assert response.status_code == status
    if status == 200:
        [row] = response.json()["results"]
        assert row["firm"] == {"slug": "firma-b", "name": firm_b.name}
        assert row["person"] == {"name": firm_b_admin.name, "email": firm_b_admin.email}
        assert row["message"] == "Kontakt"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_interests_query_count(api_client_as, published, django_assert_num_queries, count):
    for _n in range(count):
        InterestFactory(opportunity=published)
    client = api_client_as("firm_a_editor")

    # 1 the token, 2 last_used_at, 3 the posting with its firm, 4 its
    # competences, 5 the user's firm roles, 6 the count, 7 the page with
    # firms and people.
    with django_assert_num_queries(7):
        response = client.get(_url("opportunity-interests", pk=published.pk), {"page_size": 100})

    assert response.json()["count"] == count


@pytest.mark.django_db
def test_expressing_interest_mails_both_sides(
    api_client_as, published, firm_a_admin, firm_b_editor
):
    response = api_client_as("firm_b_editor").post(
        _url("opportunity-interests", pk=published.pk),
        {"firm": "firma-b", "message": "Chętnie porozmawiamy."},
    )

    assert response.status_code == 201
    interest = Interest.objects.get()
    assert response.json()["id"] == interest.pk
    assert (interest.firm.slug, interest.user) == ("firma-b", firm_b_editor)
    assert firm_b_editor.email in OutboundMessage.objects.values_list("recipient", flat=True)
    assert firm_a_admin.email in OutboundMessage.objects.values_list("recipient", flat=True)


@pytest.mark.django_db
def test_expressing_interest_twice_is_409(api_client_as, published, firm_b):
    InterestFactory(opportunity=published, firm=firm_b)

    response = api_client_as("firm_b_admin").post(
        _url("opportunity-interests", pk=published.pk), {"firm": "firma-b", "message": "Znowu"}
    )

    assert response.status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "firm", "status"),
    [
        ("visitor", "firma-b", 401),
        ("outsider", "firma-b", 403),
        ("firm_a_admin", "firma-b", 403),
        ("firm_a_admin", "firma-a", 400),
        # Firm B's admin speaking for firm A, the posting's own firm.
        ("firm_b_admin", "firma-a", 403),
        ("coordinator", "firma-b", 403),
        ("firm_b_admin", "nie-ma", 400),
    ],
)
def test_interest_is_refused_to_those_who_may_not_speak_for_the_firm(
    api_client_as, published, firm_b, member, firm, status
):
    response = api_client_as(member).post(
        _url("opportunity-interests", pk=published.pk), {"firm": firm, "message": "Hej"}
    )

    assert response.status_code == status
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_interest_in_a_draft_is_404_and_needs_a_message(api_client_as, draft, published, firm_b):
    hidden = api_client_as("firm_b_admin").post(
        _url("opportunity-interests", pk=draft.pk), {"firm": "firma-b", "message": "Hej"}
    )
    empty = api_client_as("firm_b_admin").post(
        _url("opportunity-interests", pk=published.pk), {"firm": "firma-b", "message": ""}
    )

    assert hidden.status_code == 404
    assert empty.status_code == 400
    assert list(empty.json()["errors"]) == ["message"]
