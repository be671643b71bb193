"""Retention: unused invitations are deleted a set time after they lapsed."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from chemster.models import AuditEntry
from members.models import Invitation
from members.retention import delete_stale_invitations
from members.services import invite_user, revoke_invitation
from members.tasks import task_purge_expired_personal_data

NOW = timezone.now()


def _invitation(email, **fields):
    invitation = invite_user(email=email, invited_by=None)
    Invitation.objects.filter(pk=invitation.pk).update(**fields)
    return invitation


@pytest.mark.django_db
def test_unused_invitations_past_retention_go_and_the_rest_stay(settings, coordinator):
    settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS = 30
    expired = _invitation("wygasla@example.pl", expires_at=NOW - timedelta(days=30, minutes=1))
    inside = _invitation("niedawno@example.pl", expires_at=NOW - timedelta(days=29, hours=23))
    revoked = _invitation("cofnieta@example.pl")
    revoke_invitation(invitation=revoked, actor=coordinator)
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=NOW - timedelta(days=31))
    accepted = _invitation(
        "przyjeta@example.pl", expires_at=NOW - timedelta(days=90), accepted_at=NOW
    )

    count = delete_stale_invitations(now=NOW)

    assert count == 2
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "niedawno@example.pl",
        "przyjeta@example.pl",
    ]
    # Entries about invitations only: a user may have the same primary key.
    about_invitations = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Invitation)
    )
    about_deleted = about_invitations.filter(object_id__in=[str(expired.pk), str(revoked.pk)])
    assert sorted(about_deleted.values_list("code", "object_repr")) == [
        ("members.invitation.revoked", "[redacted]"),
        ("members.invitation.sent", "[redacted]"),
        ("members.invitation.sent", "[redacted]"),
    ]
    assert "cofnieta@example.pl" not in str(list(about_deleted.values_list("changes")))
    kept = about_invitations.get(object_id=str(inside.pk))
    assert kept.changes == {"email": "niedawno@example.pl"}
    assert accepted.pk in set(Invitation.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_task_deletes_in_batches(settings):
    settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS = 5
    for n in range(3):
        _invitation(f"x{n}@example.pl", expires_at=NOW - timedelta(days=6))

    assert delete_stale_invitations(now=NOW, batch_size=2) == 3
    assert task_purge_expired_personal_data() == 0
    assert not Invitation.objects.exists()


def test_every_purge_is_on_the_beat_schedule_nightly(settings):
    from events.tasks import task_purge_expired_personal_data as events_purge
    from newsletters.tasks import task_purge_expired_personal_data as newsletters_purge

    tasks = (events_purge, task_purge_expired_personal_data, newsletters_purge)
    entries = [settings.CELERY_BEAT_SCHEDULE[task.name] for task in tasks]

    assert [entry["task"] for entry in entries] == [
        "events.purge_expired_personal_data",
        "members.purge_expired_personal_data",
        "newsletters.purge_expired_personal_data",
    ]
    assert [(entry["schedule"].hour, entry["schedule"].minute) for entry in entries] == [
        ({3}, {30}),
        ({3}, {40}),
        ({3}, {50}),
    ]
