"""Retention: guests' registrations are anonymised a set time after the event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chemster.models import AuditEntry
from chemster.services import log_action
from events.models import Registration
from events.retention import anonymise_expired_guest_registrations
from events.tasks import task_purge_expired_personal_data
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory

NOW = timezone.now()


def _ended(ago):
    return EventFactory(starts_at=NOW - ago - timedelta(hours=3), ends_at=NOW - ago)


def _guest(event, email, **fields):
    registration = RegistrationFactory(event=event, email=email, name="Gość", **fields)
    log_action(None, registration, "events.registration.created", {"email": email})
    return registration


@pytest.mark.django_db
def test_guests_past_retention_are_anonymised_and_the_rest_kept(settings):
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 365
    past = _ended(timedelta(days=365, minutes=1))
    inside = _ended(timedelta(days=365) - timedelta(minutes=1))
    purged = _guest(past, "stary@example.pl", organisation="Lab", state="attended")
    kept = _guest(inside, "nowy@example.pl")
    member = RegistrationFactory(event=past, email="czlonek@firma-a.pl", user=UserFactory())

    count = anonymise_expired_guest_registrations(now=NOW)

    purged.refresh_from_db()
    assert count == 1
    assert (purged.name, purged.email, purged.organisation, purged.state) == (
        "",
        f"erased-{purged.pk}@invalid",
        "",
        "attended",
    )
    assert Registration.objects.get(pk=kept.pk).email == "nowy@example.pl"
    assert Registration.objects.get(pk=member.pk).email == "czlonek@firma-a.pl"
    changes = dict(
        AuditEntry.objects.filter(object_id__in=[str(purged.pk), str(kept.pk)]).values_list(
            "object_id", "changes"
        )
    )
    assert changes == {
        str(purged.pk): {"email": "[redacted]"},
        str(kept.pk): {"email": "nowy@example.pl"},
    }
    assert anonymise_expired_guest_registrations(now=NOW) == 0


@pytest.mark.django_db
def test_purge_runs_in_batches_until_done(settings):
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 30
    event = _ended(timedelta(days=31))
    for n in range(5):
        _guest(event, f"gosc{n}@example.pl")

    count = anonymise_expired_guest_registrations(now=NOW, batch_size=2)

    assert count == 5
    assert not Registration.objects.exclude(email__endswith="@invalid").exists()


@pytest.mark.django_db
def test_task_calls_the_purge_with_the_settings_retention(settings):
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 10
    past = _guest(_ended(timedelta(days=11)), "a@example.pl")
    _guest(_ended(timedelta(days=9)), "b@example.pl")

    assert task_purge_expired_personal_data() == 1

    assert set(Registration.objects.values_list("email", flat=True)) == {
        f"erased-{past.pk}@invalid",
        "b@example.pl",
    }
