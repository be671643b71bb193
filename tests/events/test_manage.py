"""The coordinator's management of events through the pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event, Registration
from newsletters.models import OutboundMessage
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _form(**overrides):
    year = timezone.now().year + 1
    return {
        "kind": "workshop",
        "audience": "public",
        "title_pl": "Warsztaty GMP",
        "title_en": "GMP workshop",
        "description_pl": "Opis",
        "starts_at": f"{year}-07-01T10:00",
        "ends_at": f"{year}-07-01T14:30",
        "venue_name": "Sala A",
        "capacity": "20",
        "reminder_hours": "24",
        **overrides,
    }


def test_coordinator_creates_a_draft_in_warsaw_time(client_as):
    response = client_as("coordinator").post(_url("events:create"), _form())

    event = Event.objects.get()
    assert response["Location"] == _url("events:edit", slug=event.slug)
    assert event.state == Event.State.DRAFT
    year = timezone.now().year + 1
    # July: Warsaw is UTC+2.
    assert event.starts_at == datetime(year, 7, 1, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert event.starts_at.astimezone(WARSAW).hour == 10


def test_create_form_errors(client_as):
    response = client_as("coordinator").post(
        _url("events:create"), _form(ends_at=_form()["starts_at"], capacity="0")
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "The event must end after it starts." in content
    assert not Event.objects.exists()


def test_edit_form_shows_warsaw_times_and_saves(client_as, coordinator):
    event = EventFactory(
        starts_at=datetime(2031, 1, 15, 9, 0, tzinfo=ZoneInfo("UTC")),
        ends_at=datetime(2031, 1, 15, 12, 0, tzinfo=ZoneInfo("UTC")),
    )
    client = client_as("coordinator")

    page = client.get(_url("events:edit", slug=event.slug))
    response = client.post(
        _url("events:edit", slug=event.slug),
        _form(starts_at="2031-01-15T10:00", ends_at="2031-01-15T13:00", venue_name="Sala B"),
    )

    assert 'value="2031-01-15T10:00"' in page.content.decode()
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.venue_name, event.sequence) == ("Sala B", 1)


def test_publish_from_the_edit_page(client_as):
    event = EventFactory(state=Event.State.DRAFT)

    client_as("coordinator").post(_url("events:publish", slug=event.slug))

    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED


def test_cancel_with_confirmation_mails_people(client_as):
    event = EventFactory()
    RegistrationFactory.create_batch(2, event=event)
    client = client_as("coordinator")

    page = client.get(_url("events:cancel", slug=event.slug))
    response = client.post(_url("events:cancel", slug=event.slug), {"reason": "Awaria sali"})

    assert "2 people registered or waiting will be told by e-mail." in page.content.decode()
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED
    mails = OutboundMessage.objects.filter(dedupe_key__startswith="event-cancelled:")
    assert mails.count() == 2
    assert all("Awaria sali" in mail.body_text for mail in mails)


def test_manage_list_shows_drafts_and_counts(client_as):
    event = EventFactory(title_en="Counted", capacity=2)
    EventFactory(title_en="Szkic", state=Event.State.DRAFT)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, state=Registration.State.WAITLISTED, waitlist_position=1)

    response = client_as("coordinator").get(_url("events:manage"))

    content = response.content.decode()
    assert "Szkic" in content
    assert "<td>2 / 2</td>" in content


@pytest.mark.parametrize("count", [1, 25])
def test_manage_list_query_count(client_as, django_assert_num_queries, count):
    for _n in range(count):
        RegistrationFactory.create_batch(2, event=EventFactory())
    client = client_as("coordinator")
    client.get(_url("events:manage"))

    with django_assert_num_queries(5):
        # 1. the session, 2. its user, 3. whether the coordinator
        # 4. two-factor, 5. the events with their counts
        response = client.get(_url("events:manage"))

    assert response.status_code == 200
