"""Services of the events app: events, registration, waitlist, check-in."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from chemster.lib.personal_data import registered
from chemster.models import AuditEntry
from events.models import Event, Registration
from events.services import (
    cancel_event,
    cancel_registration,
    create_event,
    mark_attended,
    publish_event,
    register_guest,
    register_member,
    update_event,
)
from newsletters.models import OutboundMessage
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def _fields(**overrides):
    starts = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    return {
        "kind": Event.Kind.WORKSHOP,
        "audience": Event.Audience.PUBLIC,
        "title_pl": "Warsztaty z chemii polimerów",
        "title_en": "Polymer chemistry workshop",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=4),
        "capacity": 2,
        **overrides,
    }


def _codes(obj):
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk), code__startswith="events.")
        .order_by("id")
        .values_list("code", flat=True)
    )


def _mails(prefix):
    return list(
        OutboundMessage.objects.filter(dedupe_key__startswith=prefix)
        .order_by("id")
        .values_list("recipient", flat=True)
    )


# --- Events ------------------------------------------------------------------


def test_create_event_is_a_draft_with_a_unique_slug(coordinator):
    first = create_event(actor=coordinator, **_fields())
    second = create_event(actor=coordinator, **_fields())

    assert (first.state, first.slug) == (Event.State.DRAFT, "warsztaty-z-chemii-polimerow")
    assert second.slug == "warsztaty-z-chemii-polimerow-2"
    assert first.created_by == coordinator
    assert _codes(first) == ["events.event.created"]


def test_create_event_refuses_an_end_before_the_start(coordinator):
    fields = _fields()
    fields["ends_at"] = fields["starts_at"] - timedelta(hours=1)

    with pytest.raises(ValidationError) as error:
        create_event(actor=coordinator, **fields)

    assert "ends_at" in error.value.message_dict


def test_publish_edit_cancel_raise_the_sequence(coordinator):
    event = create_event(actor=coordinator, **_fields())

    event = publish_event(actor=coordinator, event=event)
    assert (event.state, event.sequence) == (Event.State.PUBLISHED, 1)
    event = update_event(actor=coordinator, event=event, venue_name="Sala B")
    assert event.sequence == 2
    event = cancel_event(actor=coordinator, event=event, reason="Choroba prelegenta")

    assert (event.state, event.sequence) == (Event.State.CANCELLED, 3)
    assert event.cancelled_at is not None
    assert _codes(event) == [
        "events.event.created",
        "events.event.published",
        "events.event.updated",
        "events.event.cancelled",
    ]


def test_publish_twice_is_refused(coordinator):
    event = EventFactory()

    with pytest.raises(ValidationError):
        publish_event(actor=coordinator, event=event)


def test_update_event_audits_old_and_new_values(coordinator):
    event = EventFactory(venue_name="Sala A")

    update_event(actor=coordinator, event=event, venue_name="Sala B")

    entry = AuditEntry.objects.get(code="events.event.updated")
    assert entry.changes == {"venue_name": ["Sala A", "Sala B"]}


def test_cancel_event_mails_everyone_with_a_live_claim_once(coordinator):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event, email="jest@example.pl", language="en")
    RegistrationFactory(
        event=event,
        email="czeka@example.pl",
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
    )
    RegistrationFactory(event=event, email="gosc@example.pl", state=Registration.State.PENDING)
    RegistrationFactory(event=event, email="rezygnacja@example.pl", state="cancelled")

    cancel_event(actor=coordinator, event=event, reason="")

    assert sorted(_mails("event-cancelled:")) == [
        "czeka@example.pl",
        "gosc@example.pl",
        "jest@example.pl",
    ]
    mail = OutboundMessage.objects.get(dedupe_key=f"event-cancelled:{event.pk}:{confirmed.pk}")
    assert mail.language == "en"
    assert "Cancelled" in mail.subject
    assert event.title_en in mail.subject


def test_growing_capacity_promotes_from_the_waitlist(coordinator, firm_a_admin, firm_a_editor):
    event = EventFactory(capacity=1)
    register_member(actor=firm_a_admin, event=event, user=firm_a_admin)
    waiting = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)
    assert waiting.state == Registration.State.WAITLISTED

    update_event(actor=coordinator, event=event, capacity=2)

    waiting.refresh_from_db()
    assert (waiting.state, waiting.waitlist_position) == (Registration.State.CONFIRMED, None)
    assert _mails("registration-promoted:") == [firm_a_editor.email]


def test_capacity_below_the_seats_taken_is_refused(coordinator):
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(2, event=event)

    with pytest.raises(ValidationError) as error:
        update_event(actor=coordinator, event=event, capacity=1)

    assert "capacity" in error.value.message_dict


# --- Registration ------------------------------------------------------------


def test_member_registers_and_is_mailed(firm_a_editor, firm_a):
    event = EventFactory(capacity=5)

    registration = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)

    assert registration.state == Registration.State.CONFIRMED
    assert (registration.firm, registration.organisation) == (firm_a, firm_a.name)
    assert registration.registered_by == firm_a_editor
    assert _codes(registration) == [
        "events.registration.created",
        "events.registration.confirmed",
    ]
    assert _mails("registration-confirmed:") == [firm_a_editor.email]


def test_firm_admin_registers_a_colleague(firm_a_admin, firm_a_editor):
    event = EventFactory()

    registration = register_member(actor=firm_a_admin, event=event, user=firm_a_editor)

    assert registration.user == firm_a_editor
    assert registration.registered_by == firm_a_admin


def test_admin_cannot_register_another_firms_user(firm_a_admin, firm_b_editor):
    event = EventFactory()

    with pytest.raises(ValidationError):
        register_member(actor=firm_a_admin, event=event, user=firm_b_editor)

    assert not Registration.objects.exists()


def test_editor_cannot_register_a_colleague(firm_a_editor, firm_a_admin):
    with pytest.raises(ValidationError):
        register_member(actor=firm_a_editor, event=EventFactory(), user=firm_a_admin)


def test_full_event_puts_people_on_the_waitlist_in_order(firm_a_admin, firm_a_editor, firm_b_admin):
    event = EventFactory(capacity=1)

    first = register_member(actor=firm_a_admin, event=event, user=firm_a_admin)
    second = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)
    third = register_member(actor=firm_b_admin, event=event, user=firm_b_admin)

    assert [(r.state, r.waitlist_position) for r in (first, second, third)] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    mail = OutboundMessage.objects.get(
        dedupe_key__startswith="registration-waitlisted:", recipient=firm_b_admin.email
    )
    assert "2" in mail.body_text


def test_cancelling_a_seat_promotes_position_one_and_renumbers(
    firm_a_admin, firm_a_editor, firm_b_admin, firm_b_editor
):
    event = EventFactory(capacity=1)
    seated = register_member(actor=firm_a_admin, event=event, user=firm_a_admin)
    first = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)
    second = register_member(actor=firm_b_admin, event=event, user=firm_b_admin)
    third = register_member(actor=firm_b_editor, event=event, user=firm_b_editor)

    cancel_registration(actor=firm_a_admin, registration=seated)

    for registration in (seated, first, second, third):
        registration.refresh_from_db()
    assert [(r.state, r.waitlist_position) for r in (seated, first, second, third)] == [
        ("cancelled", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert _mails("registration-promoted:") == [firm_a_editor.email]
    assert _codes(first)[-1] == "events.registration.promoted"


def test_leaving_the_waitlist_closes_the_gap(firm_a_admin, firm_a_editor, firm_b_admin):
    event = EventFactory(capacity=1)
    register_member(actor=firm_a_admin, event=event, user=firm_a_admin)
    first = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)
    second = register_member(actor=firm_b_admin, event=event, user=firm_b_admin)

    cancel_registration(actor=firm_a_editor, registration=first)

    second.refresh_from_db()
    assert (second.state, second.waitlist_position) == ("waitlisted", 1)
    assert _mails("registration-promoted:") == []


def test_cancelling_twice_is_refused(firm_a_admin):
    registration = register_member(actor=firm_a_admin, event=EventFactory(), user=firm_a_admin)
    cancel_registration(actor=firm_a_admin, registration=registration)

    with pytest.raises(ValidationError):
        cancel_registration(actor=firm_a_admin, registration=registration)


def test_someone_else_cannot_cancel(firm_a_admin, firm_b_admin, firm_a_editor, coordinator):
    event = EventFactory()
    registration = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)

    with pytest.raises(ValidationError):
        cancel_registration(actor=firm_b_admin, registration=registration)
    cancel_registration(actor=firm_a_admin, registration=registration)  # their firm's admin

    assert Registration.objects.get(pk=registration.pk).state == "cancelled"


def test_registering_again_after_cancelling_is_allowed(firm_a_admin):
    event = EventFactory()
    first = register_member(actor=firm_a_admin, event=event, user=firm_a_admin)
    cancel_registration(actor=firm_a_admin, registration=first)

    second = register_member(actor=firm_a_admin, event=event, user=firm_a_admin)

    assert second.pk != first.pk
    assert second.state == Registration.State.CONFIRMED


def test_duplicate_registration_is_refused_whatever_the_case(firm_a_admin):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    register_member(actor=firm_a_admin, event=event, user=firm_a_admin)

    with pytest.raises(ValidationError) as error:
        register_guest(
            event=event,
            name="Adam",
            email=firm_a_admin.email.upper(),
            organisation="",
            language="pl",
        )

    assert error.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_duplicate_guest_is_refused(db):
    event = EventFactory()
    register_guest(
        event=event, name="Gość", email="gosc@example.pl", organisation="", language="pl"
    )

    with pytest.raises(ValidationError, match="already registered"):
        register_guest(
            event=event, name="Gość", email="GOSC@Example.pl", organisation="", language="pl"
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"state": Event.State.CANCELLED}, "cancelled"),
        ({"state": Event.State.DRAFT}, "not published"),
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "already taken place"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not opened yet"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "closed"),
    ],
)
def test_registration_is_refused_when_not_open(firm_a_admin, fields, message):
    event = EventFactory(**fields)

    with pytest.raises(ValidationError, match=message):
        register_member(actor=firm_a_admin, event=event, user=firm_a_admin)
    with pytest.raises(ValidationError, match=message):
        register_guest(
            event=event, name="Gość", email="gosc@example.pl", organisation="", language="pl"
        )

    assert not Registration.objects.exists()


def test_members_only_event_refuses_outsiders_and_guests(outsider, firm_a_editor):
    event = EventFactory(audience=Event.Audience.MEMBERS)

    with pytest.raises(ValidationError, match="members"):
        register_member(actor=outsider, event=event, user=outsider)
    with pytest.raises(ValidationError, match="members"):
        register_guest(
            event=event, name="Gość", email="gosc@example.pl", organisation="", language="pl"
        )
    registration = register_member(actor=firm_a_editor, event=event, user=firm_a_editor)

    assert registration.state == Registration.State.CONFIRMED


def test_outsider_may_register_for_a_public_event(outsider):
    registration = register_member(actor=outsider, event=EventFactory(), user=outsider)

    assert (registration.state, registration.firm) == (Registration.State.CONFIRMED, None)


def test_unlimited_event_never_waitlists(db):
    event = EventFactory(capacity=None)
    users = UserFactory.create_batch(3)

    states = {register_member(actor=u, event=event, user=u).state for u in users}

    assert states == {Registration.State.CONFIRMED}


# --- Check-in ------------------------------------------------------------------


def test_mark_attended_toggles(coordinator):
    registration = RegistrationFactory()

    mark_attended(actor=coordinator, registration=registration)
    registration.refresh_from_db()
    assert registration.state == Registration.State.ATTENDED
    assert registration.attended_at is not None
    mark_attended(actor=coordinator, registration=registration, attended=False)

    registration.refresh_from_db()
    assert (registration.state, registration.attended_at) == (Registration.State.CONFIRMED, None)
    assert _codes(registration) == [
        "events.registration.attended",
        "events.registration.attended",
    ]


def test_mark_attended_refuses_the_waitlist(coordinator):
    registration = RegistrationFactory(state=Registration.State.WAITLISTED, waitlist_position=1)

    with pytest.raises(ValidationError):
        mark_attended(actor=coordinator, registration=registration)


# --- Personal data -------------------------------------------------------------


def test_registrations_are_personal_data_anonymised_on_erasure(db):
    registration = RegistrationFactory(email="Anna@Example.pl", name="Anna", organisation="Lab")
    rule = registered()[Registration]

    assert rule.export("anna@example.pl") == [
        {
            "pk": registration.pk,
            "event": registration.event_id,
            "name": "Anna",
            "email": "Anna@Example.pl",
            "organisation": "Lab",
            "language": registration.language,
            "state": registration.state,
            "created_at": registration.created_at,
            "confirmed_at": registration.confirmed_at,
            "cancelled_at": None,
            "attended_at": None,
            "clause_version": "",
        }
    ]
    assert rule.erase("anna@example.pl") == 1

    registration.refresh_from_db()
    assert (registration.name, registration.organisation) == ("", "")
    assert registration.email == f"erased-{registration.pk}@invalid"
