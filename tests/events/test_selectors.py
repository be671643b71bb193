"""Reads of the events app: visibility, counts, the dashboard's lists."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from events.models import Event, Registration
from events.selectors import (
    events_closing_registration_soon,
    events_visible_to,
    my_registrations,
    registration_of,
    upcoming_events,
    upcoming_events_with_counts,
)
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_events_visible_to_the_cast(outsider, firm_a_editor, coordinator):
    public = EventFactory()
    members = EventFactory(audience=Event.Audience.MEMBERS)
    draft = EventFactory(state=Event.State.DRAFT)
    cancelled = EventFactory(state=Event.State.CANCELLED)

    assert set(events_visible_to(AnonymousUser())) == {public, cancelled}
    assert set(events_visible_to(outsider)) == {public, cancelled}
    assert set(events_visible_to(firm_a_editor)) == {public, members, cancelled}
    assert set(events_visible_to(coordinator)) == {public, members, draft, cancelled}


def test_seat_counts_in_one_query(django_assert_num_queries):
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, state=Registration.State.ATTENDED)
    RegistrationFactory(event=event, state=Registration.State.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=event, state=Registration.State.PENDING)
    RegistrationFactory(event=event, state=Registration.State.CANCELLED)
    unlimited = EventFactory(capacity=None)

    with django_assert_num_queries(1):
        counted = {e.pk: e for e in upcoming_events(AnonymousUser())}

    got = counted[event.pk]
    assert (got.seats_taken, got.seats_left, got.waitlisted_count, got.pending_count) == (
        3,
        0,
        1,
        1,
    )
    assert counted[unlimited.pk].seats_left is None


def test_upcoming_filters_by_kind():
    webinar = EventFactory(kind=Event.Kind.WEBINAR)
    EventFactory(kind=Event.Kind.WORKSHOP)

    assert list(upcoming_events(AnonymousUser(), kind="webinar")) == [webinar]


def test_registration_of_and_my_registrations(firm_a_editor):
    event = EventFactory()
    RegistrationFactory(
        event=event, user=firm_a_editor, email=firm_a_editor.email, state="cancelled"
    )
    live = RegistrationFactory(event=event, user=firm_a_editor, email=firm_a_editor.email)
    other = RegistrationFactory(user=firm_a_editor, email=firm_a_editor.email, state="cancelled")

    assert registration_of(firm_a_editor, event) == live
    assert registration_of(AnonymousUser(), event) is None
    assert registration_of(firm_a_editor, other.event) is None
    assert list(my_registrations(firm_a_editor)) == [live]


def test_dashboard_lists():
    now = timezone.now()
    soon = EventFactory(registration_closes_at=now + timedelta(days=3))
    starts_soon = EventFactory(
        starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=5, hours=2)
    )
    later = EventFactory(starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=31))
    EventFactory(registration_closes_at=now - timedelta(hours=1))  # closed already
    EventFactory(state=Event.State.DRAFT, registration_closes_at=now + timedelta(days=1))

    assert list(events_closing_registration_soon()) == [soon, starts_soon]
    upcoming = list(upcoming_events_with_counts())
    assert later in upcoming
    assert all(e.state == Event.State.PUBLISHED for e in upcoming)
