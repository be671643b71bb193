"""Retention: what old mail said is blanked; the row stays."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletters.models import OutboundMessage
from newsletters.retention import blank_expired_outbox_contents
from newsletters.services import queue_mail
from newsletters.tasks import task_purge_expired_personal_data

NOW = timezone.now()


def _mail(key, **fields):
    message = queue_mail(
        to="Ewa@Firma-A.pl",
        language="pl",
        template="notice",
        context={"subject": "Twoja rejestracja", "body": "Dzień dobry, Ewo"},
        category="service",
        dedupe_key=key,
        attachments=[{"filename": "a.ics", "content_type": "text/calendar", "content": "QQ=="}],
        headers={"X-Test": "1"},
    )
    OutboundMessage.objects.filter(pk=message.pk).update(**fields)
    return message


def _contents(key):
    return OutboundMessage.objects.filter(dedupe_key=key).values_list(
        "recipient", "subject", "body_text", "body_html", "attachments", "headers", "last_error"
    )[0]


@pytest.mark.django_db
def test_old_sent_and_failed_mail_is_blanked_and_the_rest_kept(settings):
    settings.RETENTION_OUTBOX_BODY_DAYS = 90
    past = NOW - timedelta(days=90, minutes=1)
    inside = NOW - timedelta(days=90) + timedelta(minutes=1)
    _mail("sent-past", state="sent", sent_at=past)
    _mail("failed-past", state="failed", created_at=past, last_error="550 ewa@firma-a.pl unknown")
    _mail("sent-inside", state="sent", sent_at=inside)
    _mail("pending-old", created_at=past)

    count = blank_expired_outbox_contents(now=NOW)

    blank = ("Ewa@Firma-A.pl", "", "", "", [], {}, "")
    assert count == 2
    assert _contents("sent-past") == blank
    assert _contents("failed-past") == blank
    assert _contents("sent-inside")[1] == "Twoja rejestracja"
    assert _contents("pending-old")[2].count("Dzień dobry, Ewo") == 1
    assert OutboundMessage.objects.count() == 4
    assert blank_expired_outbox_contents(now=NOW) == 0


@pytest.mark.django_db
def test_task_blanks_in_batches(settings):
    settings.RETENTION_OUTBOX_BODY_DAYS = 1
    for n in range(3):
        _mail(f"k{n}", state="sent", sent_at=NOW - timedelta(days=2))

    assert blank_expired_outbox_contents(now=NOW, batch_size=2) == 3
    assert task_purge_expired_personal_data() == 0
    assert set(OutboundMessage.objects.values_list("subject", flat=True)) == {""}
