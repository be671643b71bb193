"""Retention of invitations nobody used (RODO/GDPR storage limitation).

An invitation that expired or was revoked without being accepted holds an
address and a name for nothing; it is deleted
``RETENTION_UNCONFIRMED_SIGNUP_DAYS`` after it expired or was revoked. An
accepted invitation belongs to the account and goes with it.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from chemster.lib.batches import in_locked_batches
from chemster.services import redact_audit_entries_of
from members.models import Invitation

BATCH_SIZE = 500


def _stale_invitations(now):
    cutoff = now - timedelta(days=settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS)
    return (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .order_by("pk")
    )


def delete_stale_invitations(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Delete unused invitations past the retention period, in batches of
    ``batch_size`` (one transaction each), and redact their addresses in the
    audit entries about them. Returns how many were deleted."""

    def delete_batch(batch):
        addresses = {invitation.pk: invitation.email for invitation in batch}
        redact_audit_entries_of(Invitation, addresses)
        Invitation.objects.filter(pk__in=addresses).delete()

    rows = _stale_invitations(now or timezone.now()).only("pk", "email")
    return in_locked_batches(rows, delete_batch, batch_size=batch_size)
