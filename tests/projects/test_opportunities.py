"""Cooperation offers and requests: the state machine, review, interest."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from chemster.models import AuditEntry
from members.models import Competence, FirmRole
from newsletters.models import OutboundMessage
from projects import opportunities as services
from projects.models import Interest, Opportunity
from tests.factories import FirmFactory, UserFactory
from tests.projects.factories import InterestFactory, OpportunityFactory

S = Opportunity.State


def _codes(opportunity):
    return list(
        AuditEntry.objects.filter(object_id=str(opportunity.pk), code__startswith="projects.")
        .order_by("pk")
        .values_list("code", flat=True)
    )


def _mails(prefix=""):
    return sorted(
        OutboundMessage.objects.filter(dedupe_key__startswith=prefix).values_list(
            "recipient", flat=True
        )
    )


@pytest.fixture
def draft(firm_a, firm_a_editor):
    return services.create_opportunity(
        actor=firm_a_editor,
        firm=firm_a,
        kind=Opportunity.Kind.TECHNOLOGY_OFFER,
        title_pl="Uwodornienie w skali pilotażowej",
        summary_pl="Reaktor 50 l do uwodornienia pod ciśnieniem.",
        description_pl="Szczegóły: 100 bar, 200 °C, katalizatory Pd/C i Ni Raneya.",
        competences=Competence.objects.filter(code__in=["hydrogenation", "scale-up"]),
    )


@pytest.fixture
def submitted(draft, firm_a_admin, coordinator):
    return services.submit_opportunity(actor=firm_a_admin, opportunity=draft)


@pytest.fixture
def published(submitted, coordinator):
    return services.approve_opportunity(actor=coordinator, opportunity=submitted)


# --- Creating and editing -----------------------------------------------------


@pytest.mark.django_db
def test_editor_drafts_a_posting(draft, firm_a_editor):
    assert draft.state == S.DRAFT
    assert draft.created_by == firm_a_editor
    assert sorted(draft.competences.values_list("code", flat=True)) == [
        "hydrogenation",
        "scale-up",
    ]
    assert _codes(draft) == ["projects.opportunity.created"]


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_b_admin", "outsider", "coordinator"])
def test_only_the_firms_users_draft(request, firm_a, member):
    with pytest.raises(PermissionDenied):
        services.create_opportunity(
            actor=request.getfixturevalue(member),
            firm=firm_a,
            kind="business_offer",
            title_pl="Oferta",
            summary_pl="Krótko.",
        )


@pytest.mark.django_db
def test_draft_with_an_unknown_type_is_refused(firm_a, firm_a_editor):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(
            actor=firm_a_editor, firm=firm_a, kind="nope", title_pl="Oferta", summary_pl="Krótko."
        )

    assert "kind" in error.value.message_dict


@pytest.mark.django_db
def test_editor_changes_a_draft_and_its_competences(draft, firm_a_editor):
    services.update_opportunity(
        actor=firm_a_editor,
        opportunity=draft,
        title_pl="Uwodornienie katalityczne",
        competences=Competence.objects.filter(code="catalysts"),
    )

    draft.refresh_from_db()
    assert draft.title_pl == "Uwodornienie katalityczne"
    assert list(draft.competences.values_list("code", flat=True)) == ["catalysts"]
    entry = AuditEntry.objects.get(code="projects.opportunity.updated")
    assert entry.changes["title_pl"] == [
        "Uwodornienie w skali pilotażowej",
        "Uwodornienie katalityczne",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.SUBMITTED, S.PUBLISHED, S.EXPIRED, S.WITHDRAWN])
def test_only_draft_or_returned_can_be_changed(firm_a, firm_a_editor, state):
    opportunity = OpportunityFactory(firm=firm_a, state=state)

    with pytest.raises(ValidationError) as error:
        services.update_opportunity(actor=firm_a_editor, opportunity=opportunity, title_pl="Nowy")

    assert error.value.code == "invalid_state"


@pytest.mark.django_db
def test_returned_posting_can_be_changed(firm_a, firm_a_editor):
    opportunity = OpportunityFactory(firm=firm_a, state=S.RETURNED, review_note="Dodaj skalę.")

    services.update_opportunity(actor=firm_a_editor, opportunity=opportunity, summary_pl="Nowe.")

    opportunity.refresh_from_db()
    assert opportunity.summary_pl == "Nowe."


@pytest.mark.django_db
def test_other_firms_cannot_change_a_posting(draft, firm_b_admin, coordinator):
    for actor in (firm_b_admin, coordinator):
        with pytest.raises(PermissionDenied):
            services.update_opportunity(actor=actor, opportunity=draft, title_pl="Cudzy")


# --- Submitting and review -------------------------------------------------------


@pytest.mark.django_db
def test_admin_submits_and_the_coordinators_are_mailed(submitted, coordinator):
    assert submitted.state == S.SUBMITTED
    assert submitted.submitted_at is not None
    assert _mails(f"opportunity:{submitted.pk}:submitted") == [coordinator.email]
    mail = OutboundMessage.objects.get(recipient=coordinator.email)
    assert f"/cooperation/{submitted.pk}/review/" in mail.body_text
    assert _codes(submitted)[-1] == "projects.opportunity.submitted"


@pytest.mark.django_db
def test_editor_cannot_submit(draft, firm_a_editor):
    with pytest.raises(PermissionDenied):
        services.submit_opportunity(actor=firm_a_editor, opportunity=draft)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.SUBMITTED, S.PUBLISHED, S.EXPIRED, S.WITHDRAWN])
def test_submit_is_refused_from(firm_a, firm_a_admin, state):
    opportunity = OpportunityFactory(firm=firm_a, state=state)

    with pytest.raises(ValidationError) as error:
        services.submit_opportunity(actor=firm_a_admin, opportunity=opportunity)

    assert error.value.code == "invalid_state"


@pytest.mark.django_db
def test_coordinator_publishes_for_twelve_months(published, firm_a_admin, firm_a_editor):
    assert published.state == S.PUBLISHED
    assert published.published_at is not None
    assert published.expires_on == services.add_months(timezone.localdate(), 12)
    # The firm's admins hear of it; editors do not.
    assert _mails(f"opportunity:{published.pk}:published") == [firm_a_admin.email]
    assert _codes(published)[-1] == "projects.opportunity.published"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months_uses_calendar_months(day, months, expected):
    assert services.add_months(day, months) == expected


@pytest.mark.django_db
def test_coordinator_returns_with_a_reason(submitted, coordinator, firm_a_admin, firm_a_editor):
    services.return_opportunity(actor=coordinator, opportunity=submitted, reason="Dodaj skalę.")

    submitted.refresh_from_db()
    assert submitted.state == S.RETURNED
    assert submitted.review_note == "Dodaj skalę."
    # The admins and the editor who drafted it.
    assert _mails(f"opportunity:{submitted.pk}:returned") == sorted(
        [firm_a_admin.email, firm_a_editor.email]
    )
    assert (
        "Dodaj skalę."
        in OutboundMessage.objects.get(
            recipient=firm_a_admin.email, dedupe_key__contains=":returned:"
        ).body_text
    )


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
def test_return_needs_a_reason(submitted, coordinator, reason):
    with pytest.raises(ValidationError) as error:
        services.return_opportunity(actor=coordinator, opportunity=submitted, reason=reason)

    assert "reason" in error.value.message_dict
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


@pytest.mark.django_db
def test_returned_posting_is_submitted_again_and_published(submitted, coordinator, firm_a_admin):
    services.return_opportunity(actor=coordinator, opportunity=submitted, reason="Popraw.")
    services.submit_opportunity(actor=firm_a_admin, opportunity=submitted)
    services.approve_opportunity(actor=coordinator, opportunity=submitted)

    submitted.refresh_from_db()
    assert submitted.state == S.PUBLISHED
    assert submitted.review_note == ""
    # Each submission mails the coordinator again.
    assert len(_mails(f"opportunity:{submitted.pk}:submitted")) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_admin", "firm_b_admin", "outsider"])
def test_only_the_coordinator_reviews(request, submitted, member):
    actor = request.getfixturevalue(member)

    with pytest.raises(PermissionDenied):
        services.approve_opportunity(actor=actor, opportunity=submitted)
    with pytest.raises(PermissionDenied):
        services.return_opportunity(actor=actor, opportunity=submitted, reason="Nie.")


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["approve", "return"])
def test_deciding_twice_is_refused(submitted, coordinator, first):
    if first == "approve":
        services.approve_opportunity(actor=coordinator, opportunity=submitted)
    else:
        services.return_opportunity(actor=coordinator, opportunity=submitted, reason="Popraw.")

    for decide in (
        lambda: services.approve_opportunity(actor=coordinator, opportunity=submitted),
        lambda: services.return_opportunity(
            actor=coordinator, opportunity=submitted, reason="Jeszcze raz."
        ),
    ):
        with pytest.raises(ValidationError) as error:
            decide()
        assert error.value.code == "already_decided"


@pytest.mark.django_db
def test_a_draft_cannot_be_decided(draft, coordinator):
    with pytest.raises(ValidationError) as error:
        services.approve_opportunity(actor=coordinator, opportunity=draft)

    assert error.value.code == "invalid_state"


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_leave_one(firm_a, coordinator):
    opportunity = OpportunityFactory(firm=firm_a, state=S.SUBMITTED)
    results, barrier = [], threading.Barrier(2)

    def decide(kind):
        barrier.wait()
        try:
            if kind == "approve":
                services.approve_opportunity(actor=coordinator, opportunity=opportunity)
            else:
                services.return_opportunity(
                    actor=coordinator, opportunity=opportunity, reason="Nie."
                )
            results.append("decided")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(k,)) for k in ("approve", "return")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["already_decided", "decided"]


# --- Renewal and withdrawal ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.PUBLISHED, S.EXPIRED])
def test_admin_renews_for_twelve_months_from_today(firm_a, firm_a_admin, state):
    opportunity = OpportunityFactory(
        firm=firm_a, state=state, expires_on=timezone.localdate() + timedelta(days=3)
    )

    services.renew_opportunity(actor=firm_a_admin, opportunity=opportunity)

    opportunity.refresh_from_db()
    assert opportunity.state == S.PUBLISHED
    assert opportunity.expires_on == services.add_months(timezone.localdate(), 12)
    assert _codes(opportunity) == ["projects.opportunity.renewed"]


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN])
def test_renewal_is_refused_from(firm_a, firm_a_admin, state):
    opportunity = OpportunityFactory(firm=firm_a, state=state)

    with pytest.raises(ValidationError) as error:
        services.renew_opportunity(actor=firm_a_admin, opportunity=opportunity)

    assert error.value.code == "invalid_state"


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_editor", "firm_b_admin", "coordinator"])
def test_only_the_firms_admin_renews(request, firm_a, member):
    opportunity = OpportunityFactory(firm=firm_a)

    with pytest.raises(PermissionDenied):
        services.renew_opportunity(actor=request.getfixturevalue(member), opportunity=opportunity)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.PUBLISHED, S.EXPIRED])
@pytest.mark.parametrize("member", ["firm_a_admin", "coordinator"])
def test_admin_or_coordinator_withdraws(request, firm_a, state, member):
    opportunity = OpportunityFactory(firm=firm_a, state=state)

    services.withdraw_opportunity(actor=request.getfixturevalue(member), opportunity=opportunity)

    opportunity.refresh_from_db()
    assert opportunity.state == S.WITHDRAWN
    assert _codes(opportunity) == ["projects.opportunity.withdrawn"]


@pytest.mark.django_db
def test_withdrawn_is_final(firm_a, firm_a_admin, coordinator):
    opportunity = OpportunityFactory(firm=firm_a, state=S.WITHDRAWN)

    for act in (
        lambda: services.withdraw_opportunity(actor=firm_a_admin, opportunity=opportunity),
        lambda: services.renew_opportunity(actor=firm_a_admin, opportunity=opportunity),
        lambda: services.submit_opportunity(actor=firm_a_admin, opportunity=opportunity),
        lambda: services.approve_opportunity(actor=coordinator, opportunity=opportunity),
    ):
        with pytest.raises(ValidationError):
            act()


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_editor", "firm_b_admin"])
def test_others_cannot_withdraw(request, firm_a, member):
    opportunity = OpportunityFactory(firm=firm_a)

    with pytest.raises(PermissionDenied):
        services.withdraw_opportunity(
            actor=request.getfixturevalue(member), opportunity=opportunity
        )


def test_every_state_pair_follows_the_transitions_table():
    """The table itself: what the services above rely on."""
    allowed = {
        (source, target)
        for source, targets in Opportunity.TRANSITIONS.items()
        for target in targets
    }

    assert allowed == {
        (S.DRAFT, S.SUBMITTED),
        (S.DRAFT, S.WITHDRAWN),
        (S.SUBMITTED, S.PUBLISHED),
        (S.SUBMITTED, S.RETURNED),
        (S.SUBMITTED, S.WITHDRAWN),
        (S.RETURNED, S.SUBMITTED),
        (S.RETURNED, S.WITHDRAWN),
        (S.PUBLISHED, S.PUBLISHED),
        (S.PUBLISHED, S.EXPIRED),
        (S.PUBLISHED, S.WITHDRAWN),
        (S.EXPIRED, S.PUBLISHED),
        (S.EXPIRED, S.WITHDRAWN),
    }


# --- Interest ------------------------------------------------------------------


@pytest.fixture
def posting(firm_a, firm_a_admin, firm_a_editor):
    firm_a.email = "biuro@firma-a.pl"
    firm_a.phone = "+48 77 400 00 00"
    firm_a.save(update_fields=["email", "phone"])
    # The editor drafted it, the admin submitted it: the admin is the contact.
    return OpportunityFactory(firm=firm_a, created_by=firm_a_editor, submitted_by=firm_a_admin)


@pytest.mark.django_db
def test_interest_puts_both_sides_in_touch(
    posting, firm_b, firm_b_editor, firm_a_admin, firm_a_editor
):
    interest = services.express_interest(
        actor=firm_b_editor, opportunity=posting, firm=firm_b, message="Mamy reaktor 20 l."
    )

    assert (interest.firm, interest.user, interest.message) == (
        firm_b,
        firm_b_editor,
        "Mamy reaktor 20 l.",
    )
    key = f"opportunity:{posting.pk}:interest:{interest.pk}"
    assert _mails(f"{key}:received") == sorted([firm_a_admin.email, firm_a_editor.email])
    received = OutboundMessage.objects.get(
        dedupe_key__startswith=f"{key}:received", recipient=firm_a_admin.email
    ).body_text
    for detail in (firm_b_editor.name, firm_b_editor.email, firm_b.name, "Mamy reaktor 20 l."):
        assert detail in received
    assert _mails(f"{key}:sent") == [firm_b_editor.email]
    sent = OutboundMessage.objects.get(dedupe_key__startswith=f"{key}:sent").body_text
    for detail in ("biuro@firma-a.pl", "+48 77 400 00 00", firm_a_admin.name, firm_a_admin.email):
        assert detail in sent
    assert AuditEntry.objects.filter(code="projects.interest.expressed").count() == 1


@pytest.mark.django_db
def test_interested_person_gets_the_drafter_when_nobody_submitted(
    firm_a, firm_a_editor, firm_b, firm_b_admin
):
    opportunity = OpportunityFactory(firm=firm_a, created_by=firm_a_editor)

    services.express_interest(
        actor=firm_b_admin, opportunity=opportunity, firm=firm_b, message="Chętnie."
    )

    sent = OutboundMessage.objects.get(dedupe_key__contains=":sent:").body_text
    assert firm_a_editor.email in sent


@pytest.mark.django_db
def test_mail_is_in_each_recipients_language(posting, firm_b, firm_b_editor, firm_a_admin):
    firm_b_editor.preferred_language = "en"
    firm_b_editor.save(update_fields=["preferred_language"])

    services.express_interest(
        actor=firm_b_editor, opportunity=posting, firm=firm_b, message="Hello."
    )

    sent = OutboundMessage.objects.get(recipient=firm_b_editor.email)
    received = OutboundMessage.objects.get(recipient=firm_a_admin.email)
    assert (sent.language, received.language) == ("en", "pl")
    assert "/en/cooperation/" in sent.body_text
    assert "/pl/cooperation/" in received.body_text
    assert posting.title_en in sent.subject


@pytest.mark.django_db
def test_second_interest_of_a_firm_is_refused(posting, firm_b, firm_b_admin, firm_b_editor):
    services.express_interest(
        actor=firm_b_admin, opportunity=posting, firm=firm_b, message="Pierwszy."
    )

    with pytest.raises(ValidationError) as error:
        services.express_interest(
            actor=firm_b_editor, opportunity=posting, firm=firm_b, message="Drugi."
        )

    assert error.value.code == "duplicate"
    assert Interest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_interests_at_once_leave_one(firm_a, firm_b, firm_b_admin, firm_b_editor):
    opportunity = OpportunityFactory(firm=firm_a)
    results, barrier = [], threading.Barrier(2)

    def express(actor):
        barrier.wait()
        try:
            services.express_interest(
                actor=actor, opportunity=opportunity, firm=firm_b, message="Z dwóch kart."
            )
            results.append("saved")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=express, args=(u,)) for u in (firm_b_admin, firm_b_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["duplicate", "saved"]
    assert Interest.objects.count() == 1


@pytest.mark.django_db
def test_own_firm_cannot_express_interest(posting, firm_a, firm_a_editor):
    with pytest.raises(PermissionDenied):
        services.express_interest(
            actor=firm_a_editor, opportunity=posting, firm=firm_a, message="My sami."
        )


@pytest.mark.django_db
def test_interest_only_for_the_actors_firm(posting, firm_b, outsider, firm_a_admin):
    third = FirmFactory()
    for actor, firm in ((outsider, firm_b), (firm_a_admin, third)):
        with pytest.raises(PermissionDenied):
            services.express_interest(actor=actor, opportunity=posting, firm=firm, message="Obcy.")


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.EXPIRED, S.WITHDRAWN])
def test_interest_only_in_a_published_posting(firm_a, firm_b, firm_b_admin, state):
    opportunity = OpportunityFactory(firm=firm_a, state=state)

    with pytest.raises(ValidationError) as error:
        services.express_interest(
            actor=firm_b_admin, opportunity=opportunity, firm=firm_b, message="Chętnie."
        )

    assert error.value.code == "invalid_state"


@pytest.mark.django_db
def test_interest_in_a_posting_past_its_date_is_refused(firm_a, firm_b, firm_b_admin):
    opportunity = OpportunityFactory(
        firm=firm_a, expires_on=timezone.localdate() - timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        services.express_interest(
            actor=firm_b_admin, opportunity=opportunity, firm=firm_b, message="Chętnie."
        )


@pytest.mark.django_db
def test_interest_needs_a_message(posting, firm_b, firm_b_admin):
    with pytest.raises(ValidationError) as error:
        services.express_interest(
            actor=firm_b_admin, opportunity=posting, firm=firm_b, message="  "
        )

    assert "message" in error.value.message_dict


@pytest.mark.django_db
def test_user_of_two_firms_answers_for_each_once(posting, firm_b, firm_b_admin):
    second = FirmFactory(name="Trzecia Firma S.A.")
    FirmRole.objects.create(firm=second, user=firm_b_admin, role="editor")

    services.express_interest(actor=firm_b_admin, opportunity=posting, firm=firm_b, message="A.")
    services.express_interest(actor=firm_b_admin, opportunity=posting, firm=second, message="B.")

    assert sorted(posting.interests.values_list("firm__name", flat=True)) == sorted(
        [firm_b.name, "Trzecia Firma S.A."]
    )


# --- Suggestions and selectors ------------------------------------------------------


@pytest.mark.django_db
def test_suggested_firms_cover_the_postings_competences(firm_a, firm_b):
    hydrogenation, scale_up = Competence.objects.filter(
        code__in=["hydrogenation", "scale-up"]
    ).order_by("code")
    firm_a.competences.set([hydrogenation, scale_up])
    firm_b.competences.set([hydrogenation])
    both = FirmFactory(name="Pilotaż i Wodór Sp. z o.o.")
    both.competences.set([hydrogenation, scale_up])
    interested = FirmFactory(name="Już Zainteresowana S.A.")
    interested.competences.set([hydrogenation, scale_up])
    FirmFactory(name="Bez Kompetencji S.A.")
    opportunity = OpportunityFactory(firm=firm_a)
    opportunity.competences.set([hydrogenation, scale_up])
    InterestFactory(opportunity=opportunity, firm=interested)

    suggestions = services.suggested_firms_for(opportunity)

    assert [match.firm.name for match in suggestions] == ["Pilotaż i Wodór Sp. z o.o.", firm_b.name]
    assert [len(match.covered) for match in suggestions] == [2, 1]


@pytest.mark.django_db
def test_posting_without_competences_has_no_suggestions(firm_a):
    assert services.suggested_firms_for(OpportunityFactory(firm=firm_a)) == []


@pytest.mark.django_db
def test_board_lists_only_current_postings_of_active_members(firm_a, firm_b):
    today = timezone.localdate()
    current = OpportunityFactory(firm=firm_a, title_pl="Aktualna")
    OpportunityFactory(firm=firm_a, state=S.PUBLISHED, expires_on=today - timedelta(days=1))
    for state in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.EXPIRED, S.WITHDRAWN):
        OpportunityFactory(firm=firm_a, state=state)
    suspended = FirmFactory(status="suspended")
    OpportunityFactory(firm=suspended)

    assert list(services.opportunities_board(UserFactory())) == [current]


@pytest.mark.django_db
def test_board_filters_by_type_competence_and_words(firm_a, firm_a_admin):
    catalysts = Competence.objects.get(code="catalysts")
    offer = OpportunityFactory(
        firm=firm_a, kind="technology_offer", title_pl="Katalizatory niklowe"
    )
    offer.competences.set([catalysts])
    request = OpportunityFactory(
        firm=firm_a, kind="rd_request", title_pl="Szukamy laboratorium", description_pl="tajne"
    )

    assert list(services.opportunities_board(firm_a_admin, kind="rd_request")) == [request]
    assert list(services.opportunities_board(firm_a_admin, competence=catalysts.pk)) == [offer]
    assert list(services.opportunities_board(firm_a_admin, competence=[catalysts.pk])) == [offer]
    assert list(services.opportunities_board(firm_a_admin, q="niklowe")) == [offer]
    # Members search the full text too.
    assert list(services.opportunities_board(firm_a_admin, q="tajne")) == [request]


@pytest.mark.django_db
def test_visitors_search_never_reaches_the_full_text(firm_a):
    from django.contrib.auth.models import AnonymousUser

    OpportunityFactory(firm=firm_a, description_pl="poufny-szczegół")

    assert list(services.opportunities_board(AnonymousUser(), q="poufny-szczegół")) == []


@pytest.mark.django_db
def test_queue_and_expiring_selectors(firm_a):
    today = timezone.localdate()
    later = OpportunityFactory(firm=firm_a, state=S.SUBMITTED)
    earlier = OpportunityFactory(firm=firm_a, state=S.SUBMITTED)
    Opportunity.objects.filter(pk=earlier.pk).update(submitted_at=timezone.now() - timedelta(1))
    soon = OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=28))
    sooner = OpportunityFactory(firm=firm_a, expires_on=today)
    OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=29))

    assert list(services.opportunities_awaiting_review()) == [earlier, later]
    assert list(services.opportunities_expiring_within()) == [sooner, soon]
    assert list(services.opportunities_expiring_within(days=5)) == [sooner]


@pytest.mark.django_db
def test_firm_opportunities_count_interests(firm_a, firm_b):
    opportunity = OpportunityFactory(firm=firm_a)
    InterestFactory(opportunity=opportunity, firm=firm_b)
    draft = OpportunityFactory(firm=firm_a, state=S.DRAFT)
    OpportunityFactory(firm=firm_b)

    rows = {o.pk: o.interest_count for o in services.firm_opportunities(firm_a)}

    assert rows == {opportunity.pk: 1, draft.pk: 0}
