"""The outbox with real workers on Redis and a local SMTP server.

Rows must be committed for a worker to see them, hence transaction=True.
"""

import os
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, connections, transaction
from django.utils import timezone

from chemster.celery import app
from newsletters.models import Consent, OutboundMessage
from newsletters.services import claim_pending_mail, queue_mail, request_consent
from newsletters.tasks import (
    task_expire_unconfirmed_consents,
    task_send_pending,
    task_sweep_outbox,
)
from tests.newsletters.conftest import celery_broker, worker_processes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _queue(key, to="ewa@firma-a.pl"):
    return queue_mail(
        to=to,
        language="pl",
        template="notice",
        context={"subject": f"Mail {key}", "body": "Treść"},
        category="service",
        dedupe_key=key,
    )


def test_mail_queued_in_a_rolled_back_transaction_is_never_sent(mail_worker, smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue("rolled-back", to="never@example.org")
        raise RuntimeError
    with transaction.atomic():
        _queue("committed", to="always@example.org")

    # The committed mail's nudge went through the worker; the rolled-back
    # one had none and no row for a sweep to find.
    received = smtp_server.wait_for(1)
    task_sweep_outbox.delay()
    time.sleep(1.0)

    assert [m["To"] for m in received] == ["always@example.org"]
    assert [m["To"] for m in smtp_server.messages] == ["always@example.org"]
    assert list(OutboundMessage.objects.values_list("dedupe_key", "state")) == [
        ("committed", "sent")
    ]


def test_mail_queued_while_redis_is_down_goes_out_once_it_is_back(smtp_server, private_redis):
    private_redis.start()
    with celery_broker(private_redis.url) as reset_pools:
        private_redis.stop()
        reset_pools()

        started = time.monotonic()
        with transaction.atomic():
            message = _queue("redis-down")
        elapsed = time.monotonic() - started

        private_redis.start()
        reset_pools()
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
            # What beat sends every minute.
            task_sweep_outbox.delay()
            received = smtp_server.wait_for(1)

    assert elapsed < 5
    assert [m["Message-ID"] for m in received] == [message.message_id]
    assert OutboundMessage.objects.get().state == "sent"


def test_concurrent_claimers_take_disjoint_rows():
    for index in range(40):
        _queue(f"k{index}")
    claims = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def claimer():
        barrier.wait()
        try:
            while ids := claim_pending_mail(limit=3):
                with lock:
                    claims.extend(ids)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(claims) == sorted(OutboundMessage.objects.values_list("pk", flat=True))
    assert len(claims) == len(set(claims)) == 40


def test_two_worker_processes_send_every_mail_exactly_once(smtp_server):
    for index in range(60):
        _queue(f"k{index}", to=f"r{index}@example.org")
    app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "MAIL_BATCH_SIZE": "3",
    }

    with worker_processes(2, env):
        for _ in range(8):
            task_send_pending.delay()
        received = smtp_server.wait_for(60, timeout=30)
        time.sleep(0.5)

    counts = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert len(received) == 60
    assert len(smtp_server.messages) == 60
    assert set(counts.values()) == {1}
    assert set(counts) == {m.message_id for m in OutboundMessage.objects.all()}
    assert set(OutboundMessage.objects.values_list("state", "attempts")) == {("sent", 1)}
    # More than one connection was used: the workers shared the work.
    assert len(smtp_server.sessions) > 1


def test_sweep_task_requeues_a_dead_workers_claim_and_sends_it(smtp_server, settings):
    settings.MAIL_CLAIM_TIMEOUT_SECONDS = 600
    message = _queue("claimed-by-a-dead-worker")
    claim_pending_mail(limit=10)
    OutboundMessage.objects.update(claimed_at=timezone.now() - timedelta(seconds=601))

    task_sweep_outbox()

    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 2)
    assert [m["Message-ID"] for m in smtp_server.messages] == [message.message_id]


def test_cleanup_task_deletes_expired_sign_ups(settings):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    request_consent(
        email="stary@example.org",
        purpose="newsletter",
        text="T",
        version="1",
        method="form",
        language="pl",
    )
    Consent.objects.update(given_at=timezone.now() - timedelta(days=8))

    task_expire_unconfirmed_consents()

    assert Consent.objects.count() == 0
