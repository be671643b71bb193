"""The demo events (events.demo.seed)."""

import pytest
from django.utils import timezone

from events import demo
from events.models import Event, Registration
from events.selectors import events_closing_registration_soon
from members import demo as members_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    members_demo.seed(password="demo-haslo-123")
    return demo.seed()


def test_demo_has_every_kind_past_attendance_and_a_waitlist(seeded):
    now = timezone.now()
    upcoming = Event.objects.filter(state=Event.State.PUBLISHED, starts_at__gt=now)
    past = Event.objects.filter(ends_at__lt=now)

    assert set(upcoming.values_list("kind", flat=True)) == set(Event.Kind.values)
    assert Registration.objects.filter(event__in=past, state="attended").exists()
    full = Event.objects.get(slug="warsztaty-skalowanie-syntez")
    assert full.registrations.filter(state="confirmed").count() == full.capacity
    assert sorted(
        full.registrations.filter(state="waitlisted").values_list("waitlist_position", flat=True)
    ) == [1, 2, 3]
    assert upcoming.filter(audience=Event.Audience.MEMBERS).exists()
    assert upcoming.filter(kind=Event.Kind.WEBINAR).exclude(online_url="").exists()
    assert Registration.objects.filter(user__isnull=True).exists()
    assert list(events_closing_registration_soon().values_list("slug", flat=True)) == [
        "konferencja-chemia-specjalistyczna-opolszczyzny"
    ]


def test_demo_seed_is_idempotent(seeded):
    counts = (Event.objects.count(), Registration.objects.count())

    again = demo.seed()

    assert again == []
    assert (Event.objects.count(), Registration.objects.count()) == counts
