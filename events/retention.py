"""Retention of guests' personal data (RODO/GDPR storage limitation).

A guest's registration (no account) keeps its name, address and
organisation for ``RETENTION_GUEST_REGISTRATION_DAYS`` after the event
ended; then it is anonymised as an erasure would (the registry's rule), so
that counts of registrations and attendance, and the strategy's indicators,
stay as they were.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from chemster.lib.batches import in_locked_batches
from chemster.lib.personal_data import registered
from chemster.services import redact_audit_entries_of
from events.models import Registration

BATCH_SIZE = 500


def _expired_guest_registrations(now):
    cutoff = now - timedelta(days=settings.RETENTION_GUEST_REGISTRATION_DAYS)
    return (
        Registration.objects.filter(user__isnull=True, event__ends_at__lt=cutoff)
        # Already anonymised rows end in @invalid.
        .exclude(email__endswith="@invalid")
        .order_by("pk")
    )


def anonymise_expired_guest_registrations(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Anonymise guests' registrations of events that ended more than
    ``RETENTION_GUEST_REGISTRATION_DAYS`` ago, in batches of ``batch_size``
    (one transaction each; rows another worker holds are skipped), and
    redact their addresses in the audit entries about them. Returns how
    many were anonymised."""
    anonymise = registered()[Registration].anonymise

    def anonymise_batch(batch):
        addresses = {registration.pk: registration.email for registration in batch}
        anonymise(Registration.objects.filter(pk__in=addresses), "")
        redact_audit_entries_of(Registration, addresses)

    rows = _expired_guest_registrations(now or timezone.now()).only("pk", "email")
    return in_locked_batches(rows, anonymise_batch, batch_size=batch_size)
