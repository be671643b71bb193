"""The outbox: queueing, rendering, sending, retrying and sweeping."""

import base64
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from chemster.models import AuditEntry
from newsletters import services
from newsletters.models import OptOut, OutboundMessage
from newsletters.services import (
    claim_pending_mail,
    queue_mail,
    send_pending,
    sweep_outbox,
)
from tests.helpers import closed_port
from tests.newsletters.conftest import celery_broker

SERVICE = OutboundMessage.Category.SERVICE
CAMPAIGN = OutboundMessage.Category.CAMPAIGN


def _notice(to="ewa@firma-a.pl", key="test:1", **extra):
    return queue_mail(
        to=to,
        language=extra.pop("language", "pl"),
        template="notice",
        context={"subject": extra.pop("subject", "Zebranie"), "body": extra.pop("body", "Treść")},
        category=extra.pop("category", SERVICE),
        dedupe_key=key,
        **extra,
    )


@pytest.mark.django_db
def test_queue_mail_with_the_same_key_twice_queues_one_row_and_sends_one_mail(smtp_server):
    first = _notice(key="invitation:7")
    second = _notice(key="invitation:7", subject="Something else")

    sent = send_pending()

    assert second.pk == first.pk
    assert OutboundMessage.objects.count() == 1
    assert sent == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Zebranie"]


@pytest.mark.django_db
def test_queue_mail_writes_a_pending_row_and_an_audit_entry():
    message = _notice(key="invitation:8")

    message.refresh_from_db()
    assert (message.state, message.attempts, message.recipient, message.category) == (
        "pending",
        0,
        "ewa@firma-a.pl",
        "service",
    )
    # The outbox row is the record; the calling service writes the audit entry.
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_queue_mail_renders_in_the_recipients_language():
    context = {"confirm_url": "https://x.test/c", "expires_at": timezone.datetime(2026, 1, 7, 12)}

    polish = queue_mail(
        to="a@firma.pl",
        language="pl",
        template="newsletter_confirm",
        context=context,
        category=SERVICE,
        dedupe_key="lang:pl",
    )
    english = queue_mail(
        to="b@firma.pl",
        language="en",
        template="newsletter_confirm",
        context=context,
        category=SERVICE,
        dedupe_key="lang:en",
    )

    assert '<html lang="pl">' in polish.body_html
    assert "7 stycznia 2026" in polish.body_text
    assert "7 stycznia 2026" in polish.body_html
    assert '<html lang="en">' in english.body_html
    assert "Jan. 7, 2026" in english.body_text
    assert "https://x.test/c" in english.body_text


@pytest.mark.django_db
def test_queue_mail_escapes_html_only_in_the_html_part():
    message = _notice(subject="R&D <news>", body="Tom & Jerry")

    assert message.subject == "R&D <news>"
    assert message.body_text.startswith("Tom & Jerry\n")
    assert "Tom &amp; Jerry" in message.body_html
    assert "R&amp;D &lt;news&gt;" in message.body_html


@pytest.mark.django_db
def test_queue_mail_refuses_header_injection_and_unknown_categories():
    with pytest.raises(ValueError):
        _notice(headers={"X-Tag": "a\r\nBcc: victim@example.org"})
    with pytest.raises(ValueError):
        _notice(category="spam")
    with pytest.raises(ValueError):
        _notice(language="de")

    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_queue_mail_in_a_rolled_back_transaction_leaves_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _notice(key="rolled-back")
        raise RuntimeError

    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_queue_mail_nudges_the_worker_once_per_transaction_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for index in range(3):
            _notice(key=f"many:{index}")

    assert callbacks == [services._nudge_worker]


@pytest.mark.django_db
def test_queue_mail_with_redis_unreachable_does_not_fail_the_caller(
    django_capture_on_commit_callbacks,
):
    with (
        celery_broker(f"redis://127.0.0.1:{closed_port()}/0"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        message = _notice(key="redis-down")

    assert len(callbacks) == 1
    assert OutboundMessage.objects.get().pk == message.pk


@pytest.mark.django_db
def test_campaign_mail_carries_one_click_unsubscribe_headers_and_link():
    message = _notice(category=CAMPAIGN, key="campaign:1:ewa@firma-a.pl")

    link = message.headers["List-Unsubscribe"]
    assert link.startswith("<http://") and "/unsubscribe/" in link
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.strip("<>") in message.body_text
    assert link.strip("<>") in message.body_html


@pytest.mark.django_db
def test_message_id_is_derived_from_the_row_and_stays_the_same(settings):
    settings.MAIL_MESSAGE_ID_DOMAIN = "example.chemster.pl"
    message = _notice(key="invitation:9")
    other = _notice(key="invitation:10")

    again = OutboundMessage.objects.get(pk=message.pk)

    assert message.message_id == again.message_id
    assert message.message_id.startswith(f"<outbox.{message.pk}.")
    assert message.message_id.endswith("@example.chemster.pl>")
    assert other.message_id != message.message_id


@pytest.mark.django_db
def test_sent_mail_has_text_html_attachment_message_id_and_headers(smtp_server):
    message = _notice(
        key="event:3:ics",
        attachments=[
            {
                "filename": "event.ics",
                "content_type": "text/calendar",
                "content": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            }
        ],
        headers={"X-Chemster-Event": "3"},
    )

    send_pending()

    message.refresh_from_db()
    assert message.state == "sent"
    assert message.sent_at is not None
    assert message.attempts == 1
    [received] = smtp_server.messages
    assert received["Message-ID"] == message.message_id
    assert received["To"] == "ewa@firma-a.pl"
    assert received["X-Chemster-Event"] == "3"
    assert received.get_body(("plain",)).get_content().startswith("Treść")
    assert "Treść" in received.get_body(("html",)).get_content()
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "event.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert "BEGIN:VCALENDAR" in attachment.get_content()
    assert (
        message.attachments[0]["content"]
        == base64.b64encode(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").decode()
    )


@pytest.mark.django_db
def test_temporary_failure_is_retried_with_exponential_backoff(smtp_server, settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_MAX_ATTEMPTS = 3
    smtp_server.replies["busy@firma-b.pl"] = "451 4.3.0 Mailbox busy, try later"
    message = _notice(to="busy@firma-b.pl")

    before = timezone.now()
    send_pending()
    message.refresh_from_db()
    first = (message.state, message.attempts, message.last_error)
    first_delay = message.next_attempt_at - before
    assert send_pending() == 0  # not due yet
    OutboundMessage.objects.update(next_attempt_at=timezone.now())
    before = timezone.now()
    send_pending()
    message.refresh_from_db()
    second = (message.state, message.attempts)
    second_delay = message.next_attempt_at - before
    OutboundMessage.objects.update(next_attempt_at=timezone.now())
    send_pending()
    message.refresh_from_db()

    assert first == ("pending", 1, "451 4.3.0 Mailbox busy, try later")
    assert timedelta(seconds=59) < first_delay < timedelta(seconds=62)
    assert second == ("pending", 2)
    assert timedelta(seconds=119) < second_delay < timedelta(seconds=122)
    assert (message.state, message.attempts) == ("failed", 3)
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_permanent_failure_is_recorded_with_the_servers_reply(smtp_server):
    smtp_server.replies["nobody@firma-b.pl"] = "550 5.1.1 No such user here"
    refused = _notice(to="nobody@firma-b.pl", key="a")
    accepted = _notice(to="ewa@firma-a.pl", key="b")

    send_pending()

    refused.refresh_from_db()
    accepted.refresh_from_db()
    assert (refused.state, refused.attempts, refused.last_error) == (
        "failed",
        1,
        "550 5.1.1 No such user here",
    )
    assert accepted.state == "sent"
    assert [m["To"] for m in smtp_server.messages] == ["ewa@firma-a.pl"]
    assert AuditEntry.objects.filter(code="newsletters.mail.failed").count() == 1


@pytest.mark.django_db
def test_unreachable_server_puts_the_whole_batch_back_with_backoff(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    _notice(key="a")
    _notice(key="b")

    sent = send_pending()

    assert sent == 0
    assert sorted(OutboundMessage.objects.values_list("state", "attempts")) == [
        ("pending", 1),
        ("pending", 1),
    ]
    assert all(
        "Connection refused" in error or "Cannot connect" in error
        for error in OutboundMessage.objects.values_list("last_error", flat=True)
    )


@pytest.mark.django_db
def test_a_batch_is_claimed_up_to_the_batch_size_and_sent_over_one_connection(
    smtp_server, settings
):
    settings.MAIL_BATCH_SIZE = 4
    for index in range(6):
        _notice(key=f"k{index}")

    claimed = claim_pending_mail(limit=settings.MAIL_BATCH_SIZE)
    services.send_claimed_mail(message_ids=claimed)

    assert len(claimed) == 4
    assert len(smtp_server.messages) == 4
    assert len(smtp_server.sessions) == 1
    assert OutboundMessage.objects.filter(state="pending").count() == 2


@pytest.mark.django_db
def test_rate_limit_caps_mail_per_minute_across_batches(smtp_server, settings):
    settings.MAIL_BATCH_SIZE = 2
    settings.MAIL_RATE_PER_MINUTE = 3
    for index in range(5):
        _notice(key=f"k{index}")

    first_minute = send_pending()
    again = send_pending()
    OutboundMessage.objects.filter(state="sent").update(
        sent_at=timezone.now() - timedelta(seconds=61)
    )
    next_minute = send_pending()

    assert (first_minute, again, next_minute) == (3, 0, 2)
    assert len(smtp_server.messages) == 5


@pytest.mark.django_db
def test_mail_not_yet_due_is_not_claimed():
    message = _notice()
    OutboundMessage.objects.update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert claim_pending_mail(limit=10) == []
    message.refresh_from_db()
    assert message.state == "pending"


@pytest.mark.django_db
def test_sweep_requeues_stale_claims_and_leaves_fresh_ones(settings):
    settings.MAIL_CLAIM_TIMEOUT_SECONDS = 600
    settings.MAIL_MAX_ATTEMPTS = 3
    stale = _notice(key="stale")
    fresh = _notice(key="fresh")
    doomed = _notice(key="doomed")
    claim_pending_mail(limit=10)
    long_ago = timezone.now() - timedelta(seconds=601)
    OutboundMessage.objects.filter(pk__in=[stale.pk, doomed.pk]).update(claimed_at=long_ago)
    OutboundMessage.objects.filter(pk=doomed.pk).update(attempts=2)

    count = sweep_outbox()

    rows = {m.dedupe_key: (m.state, m.attempts) for m in OutboundMessage.objects.all()}
    assert count == 2
    assert rows == {
        "stale": ("pending", 1),
        "fresh": ("sending", 0),
        "doomed": ("failed", 3),
    }
    assert OutboundMessage.objects.get(pk=stale.pk).next_attempt_at <= timezone.now()
    assert sorted(
        AuditEntry.objects.filter(code__startswith="newsletters.mail.r").values_list(
            "code", "object_id"
        )
    ) == [("newsletters.mail.requeued", str(stale.pk))]
    assert fresh.pk not in claim_pending_mail(limit=10)


@pytest.mark.django_db
def test_campaign_mail_to_an_address_that_opted_out_after_queueing_is_not_sent(smtp_server):
    _notice(to="Ewa@Firma-A.pl", category=CAMPAIGN, key="campaign:1:ewa")
    _notice(to="ewa@firma-a.pl", category=SERVICE, key="invitation:1")
    services.opt_out(email="ewa@firma-a.pl", source=OptOut.Source.LINK)

    send_pending()

    states = dict(OutboundMessage.objects.values_list("dedupe_key", "state"))
    assert states == {"campaign:1:ewa": "failed", "invitation:1": "sent"}
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_file_backend_writes_one_file_per_batch(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    _notice(key="a")
    _notice(key="b")

    send_pending()

    [written] = list(tmp_path.iterdir())
    assert written.read_text().count("Subject: Zebranie") == 2
