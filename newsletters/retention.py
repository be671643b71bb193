"""Retention of what mail said (RODO/GDPR storage limitation).

Sent mail keeps its subject, bodies, attachments and headers for
``RETENTION_OUTBOX_BODY_DAYS`` after it was sent (failed mail: after it was
queued); then they are blanked. The row stays, with its recipient, category,
state, times and dedupe key, so the record of what was sent to whom and the
"never queue twice" rule survive.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from chemster.lib.batches import in_locked_batches
from newsletters.models import OutboundMessage

BATCH_SIZE = 1000


def _expired_contents(now):
    cutoff = now - timedelta(days=settings.RETENTION_OUTBOX_BODY_DAYS)
    sent = Q(state=OutboundMessage.State.SENT, sent_at__lt=cutoff)
    failed = Q(state=OutboundMessage.State.FAILED, created_at__lt=cutoff)
    not_blank = (
        ~Q(subject="")
        | ~Q(body_text="")
        | ~Q(body_html="")
        | ~Q(attachments=[])
        | ~Q(headers={})
        | ~Q(last_error="")
    )
    return OutboundMessage.objects.filter(sent | failed).filter(not_blank).order_by("pk")


def blank_expired_outbox_contents(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Blank the contents of sent and failed mail older than
    ``RETENTION_OUTBOX_BODY_DAYS``, in batches of ``batch_size`` (one
    transaction each; rows another worker holds are skipped). Returns how
    many rows were blanked."""

    def blank_batch(batch):
        OutboundMessage.objects.filter(pk__in=[message.pk for message in batch]).update(
            subject="", body_text="", body_html="", attachments=[], headers={}, last_error=""
        )

    rows = _expired_contents(now or timezone.now()).only("pk")
    return in_locked_batches(rows, blank_batch, batch_size=batch_size)
