"""Event reminders: events/reminders.py and the task that runs it."""

import base64
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from events.models import Event, Registration
from events.reminders import send_due_reminders
from events.services import update_event
from events.tasks import task_send_reminders
from newsletters.models import OutboundMessage
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory

ONLINE = "https://meet.example.com/spotkanie"


def _hour(now=None):
    return (now or timezone.now()).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def soon():
    """A published event 10 hours from now: inside its 24-hour window."""
    starts_at = _hour() + timedelta(hours=10)
    return EventFactory(
        slug="spotkanie-jutro",
        title_pl="Spotkanie jutro",
        title_en="Meeting tomorrow",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        online_url=ONLINE,
    )


def _registered(event, *, days_ago=3, **fields):
    """A registration confirmed ``days_ago`` days ago (before the window)."""
    when = timezone.now() - timedelta(days=days_ago)
    fields.setdefault("created_at", when)
    fields.setdefault("confirmed_at", when)
    return RegistrationFactory(event=event, **fields)


def _reminders():
    return OutboundMessage.objects.filter(dedupe_key__startswith="reminder:").order_by("id")


@pytest.mark.django_db
def test_running_twice_mails_each_reminder_once(soon):
    first = _registered(soon, email="anna@example.pl")
    second = _registered(soon, email="piotr@example.pl")

    queued_first = send_due_reminders()
    queued_again = send_due_reminders()
    queued_by_task = task_send_reminders()

    assert (queued_first, queued_again, queued_by_task) == (2, 0, 0)
    start = soon.starts_at.isoformat()
    assert list(_reminders().values_list("recipient", "dedupe_key", "category")) == [
        ("anna@example.pl", f"reminder:{first.pk}:{start}", "notification"),
        ("piotr@example.pl", f"reminder:{second.pk}:{start}", "notification"),
    ]


@pytest.mark.django_db
def test_task_queues_the_due_reminders(soon):
    _registered(soon)

    assert task_send_reminders() == 1
    assert _reminders().count() == 1


@pytest.mark.django_db
def test_moving_the_event_produces_one_new_reminder(soon, coordinator):
    registration = _registered(soon)
    send_due_reminders()

    moved = update_event(
        actor=coordinator,
        event=soon,
        starts_at=soon.starts_at + timedelta(hours=3),
        ends_at=soon.ends_at + timedelta(hours=3),
    )
    queued_after_move = send_due_reminders()
    queued_again = send_due_reminders()

    assert (queued_after_move, queued_again) == (1, 0)
    assert list(_reminders().values_list("dedupe_key", flat=True)) == [
        f"reminder:{registration.pk}:{soon.starts_at.isoformat()}",
        f"reminder:{registration.pk}:{moved.starts_at.isoformat()}",
    ]


@pytest.mark.django_db
def test_registration_inside_the_window_gets_none(soon):
    # The window opened 14 hours ago.
    _registered(soon, email="wczesna@example.pl", days_ago=1)
    _registered(soon, email="pozna@example.pl", days_ago=0.25)
    # Made before the window but confirmed inside it (a guest's link, a
    # promotion from the waitlist).
    _registered(
        soon,
        email="potwierdzona@example.pl",
        created_at=timezone.now() - timedelta(days=3),
        confirmed_at=timezone.now() - timedelta(hours=2),
    )

    assert send_due_reminders() == 1
    assert list(_reminders().values_list("recipient", flat=True)) == ["wczesna@example.pl"]


@pytest.mark.django_db
def test_only_confirmed_registrations_get_a_reminder(soon):
    _registered(soon, email="potwierdzona@example.pl")
    _registered(
        soon,
        email="lista@example.pl",
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
        confirmed_at=None,
    )
    _registered(
        soon,
        email="anulowana@example.pl",
        state=Registration.State.CANCELLED,
        cancelled_at=timezone.now(),
    )
    _registered(soon, email="czeka@example.pl", state=Registration.State.PENDING, confirmed_at=None)

    send_due_reminders()

    assert list(_reminders().values_list("recipient", flat=True)) == ["potwierdzona@example.pl"]


@pytest.mark.django_db
def test_reminders_wait_for_the_window_and_stop_at_the_start():
    now = _hour()
    later = EventFactory(starts_at=now + timedelta(hours=30), ends_at=now + timedelta(hours=32))
    # A lead of two hours: not yet due 10 hours before.
    short_lead = EventFactory(
        starts_at=now + timedelta(hours=10),
        ends_at=now + timedelta(hours=12),
        reminder_lead=timedelta(hours=2),
    )
    started = EventFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    cancelled = EventFactory(
        starts_at=now + timedelta(hours=5),
        ends_at=now + timedelta(hours=6),
        state=Event.State.CANCELLED,
    )
    for event in (later, short_lead, started, cancelled):
        _registered(event)

    assert send_due_reminders(now=now) == 0
    assert send_due_reminders(now=now + timedelta(hours=8)) == 2
    assert set(_reminders().values_list("recipient", flat=True)) == {
        registration.email
        for registration in Registration.objects.filter(event__in=[later, short_lead])
    }


@pytest.mark.django_db
def test_reminder_is_in_the_persons_language_with_the_ics_attached(soon):
    english_user = UserFactory(email="john@example.com", name="John Smith", preferred_language="en")
    # A member's registration follows their current preferred language.
    _registered(soon, user=english_user, email=english_user.email, name="John Smith", language="pl")
    _registered(soon, email="guest@example.com", name="Jane Guest", language="en")
    _registered(soon, email="gosc@example.pl", name="Jan Gość", language="pl")

    send_due_reminders()

    mails = {mail.recipient: mail for mail in _reminders()}
    assert {address: mail.language for address, mail in mails.items()} == {
        "john@example.com": "en",
        "guest@example.com": "en",
        "gosc@example.pl": "pl",
    }
    english = mails["john@example.com"]
    assert english.subject.startswith("Reminder: Meeting tomorrow – ")
    assert "Hello John Smith," in english.body_text
    assert ONLINE in english.body_text
    assert ONLINE in english.body_html
    assert soon.venue_address in english.body_text
    assert f"/en/events/{soon.slug}/" in english.body_text
    assert "Spotkanie jutro" in mails["gosc@example.pl"].subject
    [attachment] = english.attachments
    assert attachment["filename"] == "spotkanie-jutro.ics"
    assert attachment["content_type"] == "text/calendar; charset=utf-8"
    [vevent] = icalendar.Calendar.from_ical(base64.b64decode(attachment["content"])).walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{soon.pk}@chemster"
    assert str(vevent["summary"]) == "Meeting tomorrow"
    assert vevent.decoded("dtstart") == soon.starts_at
    # The attendee's copy carries the online link.
    assert ONLINE in str(vevent["description"])
