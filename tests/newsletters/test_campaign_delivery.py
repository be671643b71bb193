"""Sending a campaign loses nothing and sends nothing twice.

Real Celery workers (``celery -A chemster worker`` subprocesses on the test
database), a private Redis of each test's own, and a local SMTP server that
records every message (Message-ID and recipient). The rows must be committed
for a worker to see them, hence ``transaction=True``.

Beat is not run: a test sends the tasks beat would send every minute
(``newsletters.sweep_outbox`` and ``newsletters.send_scheduled_campaigns``)
itself, every half second, where a test relies on them.
"""

import hashlib
import os
import time
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone
from redis import Redis

from chemster.celery import app
from newsletters.campaigns import campaign_progress, create_campaign, send_campaign_now
from newsletters.models import Campaign, Consent, ConsentText, OutboundMessage

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BATCH_SIZE = 20
SUBSCRIBERS = [{"code": "newsletters.subscribers", "params": {}}]
BEAT_TASKS = ("newsletters.sweep_outbox", "newsletters.send_scheduled_campaigns")


def _worker_env(smtp, redis, **extra) -> dict:
    """The environment of a worker on this test's database, Redis and SMTP server."""
    return {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "REDIS_URL": redis.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        # Longer than any stall of the stalling server: a held reply is not
        # a timeout for the sender.
        "EMAIL_TIMEOUT": "30",
        "MAIL_BATCH_SIZE": str(BATCH_SIZE),
        "MAIL_RETRY_BASE_SECONDS": "1",
        **extra,
    }


def _subscribers(count: int) -> list[str]:
    """``count`` confirmed newsletter subscribers (every third in English), in bulk."""
    wording = "Chcę dostawać newsletter CHEM-STER."
    text = ConsentText.objects.create(
        purpose=Consent.Purpose.NEWSLETTER,
        version="delivery-test",
        text=wording,
        sha256=hashlib.sha256(wording.encode()).hexdigest(),
    )
    now = timezone.now()
    consents = Consent.objects.bulk_create(
        Consent(
            email=f"subscriber{index:05d}@example.org",
            purpose=Consent.Purpose.NEWSLETTER,
            language="en" if index % 3 == 0 else "pl",
            text=text,
            method=Consent.Method.FORM,
            given_at=now,
            confirmed_at=now,
        )
        for index in range(count)
    )
    return [consent.email for consent in consents]


def _campaign(actor, name: str) -> Campaign:
    return create_campaign(
        actor=actor,
        subject_pl=f"Newsletter {name} (PL)",
        body_pl=f"Treść newslettera **{name}**.",
        subject_en=f"Newsletter {name} (EN)",
        body_en=f"The **{name}** newsletter.",
        segments=SUBSCRIBERS,
    )


def _row_key(message_id: str) -> str:
    # "<outbox.<pk>.<hash>@domain>" without the domain, which test 2 varies
    # per worker to tell the workers' mail apart.
    return str(message_id).split("@")[0].lstrip("<")


def _wait_for_workers(*names: str, timeout: float = 30):
    """Wait until the named workers answer a ping (connected to the broker)."""

    def ready():
        replies = app.control.ping(timeout=0.5)
        return set(names) <= {host.split("@")[0] for reply in replies for host in reply}

    _wait_until(ready, timeout=timeout, what=f"workers {names}")


def _queued_tasks(redis) -> int:
    with Redis.from_url(redis.url) as client:
        return client.llen("celery")


def _beat():
    for name in BEAT_TASKS:
        app.send_task(name)


def _wait_until(condition, *, timeout: float, beat: bool = False, what: str = ""):
    """Wait for ``condition()``; with ``beat``, send beat's tasks every half second."""
    deadline = time.monotonic() + timeout
    last_beat = 0.0
    while time.monotonic() < deadline:
        if condition():
            return
        if beat and time.monotonic() - last_beat >= 0.5:
            _beat()
            last_beat = time.monotonic()
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or condition}")


def _everyone_has_it(smtp, addresses, *, subject_part: str = ""):
    expected = set(addresses)

    def condition():
        received = {
            message["To"] for message in list(smtp.messages) if subject_part in message["Subject"]
        }
        return received >= expected

    return condition


def _deliveries(smtp, campaign: Campaign, addresses) -> Counter:
    """How often each of the campaign's rows reached the server, by row.

    Also checks that the campaign has one row per address, all sent, and
    that every row reached the server at least once.
    """
    rows = list(OutboundMessage.objects.filter(campaign=campaign))
    assert sorted(row.recipient for row in rows) == sorted(addresses)
    assert {row.state for row in rows} == {OutboundMessage.State.SENT}
    keys = {_row_key(row.message_id): row for row in rows}
    received = Counter(
        _row_key(message["Message-ID"])
        for message in list(smtp.messages)
        if _row_key(message["Message-ID"]) in keys
    )
    assert set(received) == set(keys), "somebody did not get the campaign"
    for message in smtp.messages:
        row = keys.get(_row_key(message["Message-ID"]))
        if row is not None:
            assert message["To"] == row.recipient
            assert message["Subject"] == row.subject
    return received


def _rows_of(keys) -> list:
    """What the outbox says about some rows, for a failure's message."""
    pks = [int(key.split(".")[1]) for key in keys]
    return list(
        OutboundMessage.objects.filter(pk__in=pks).values_list(
            "pk", "state", "attempts", "last_error"
        )
    )


def _repeated(received: Counter) -> set[str]:
    return {key for key, count in received.items() if count > 1}


def _assert_finishes(campaign: Campaign, total: int):
    """Beat's next runs mark the campaign sent, with every row counted as sent."""

    def finished():
        campaign.refresh_from_db()
        return campaign.state == Campaign.State.SENT

    _wait_until(finished, timeout=15, beat=True, what="the campaign to be marked sent")
    assert campaign_progress(campaign) == {"total": total, "sent": total, "failed": 0, "pending": 0}
    assert campaign.recipient_count == total


def test_a_campaign_to_500_subscribers_arrives_exactly_once_each(
    coordinator, smtp_server, running_private_redis, start_worker_process
):
    addresses = _subscribers(500)
    start_worker_process(_worker_env(smtp_server, running_private_redis), name="single")
    _wait_for_workers("single")
    campaign = _campaign(coordinator, "single")

    send_campaign_now(actor=coordinator, campaign=campaign)
    # The nudges after commit alone get it out: no beat here.
    _wait_until(_everyone_has_it(smtp_server, addresses), timeout=40, what="500 mails")
    time.sleep(0.5)

    received = _deliveries(smtp_server, campaign, addresses)
    assert len(smtp_server.messages) == 500
    assert set(received.values()) == {1}
    english = {
        message["To"] for message in smtp_server.messages if message["Subject"].endswith("(EN)")
    }
    assert english == set(addresses[::3])
    assert all(message["List-Unsubscribe-Post"] for message in smtp_server.messages)
    assert set(
        OutboundMessage.objects.filter(campaign=campaign).values_list("attempts", flat=True)
    ) == {1}
    _assert_finishes(campaign, 500)


def test_two_workers_draining_a_campaign_deliver_each_mail_exactly_once(
    coordinator, smtp_server, running_private_redis, start_worker_process
):
    addresses = _subscribers(500)
    for name in ("first", "second"):
        # Each worker signs its Message-IDs with its own domain, so that the
        # mail tells which worker sent it.
        env = _worker_env(
            smtp_server, running_private_redis, MAIL_MESSAGE_ID_DOMAIN=f"{name}.worker.test"
        )
        start_worker_process(env, name=name)
    _wait_for_workers("first", "second")
    campaign = _campaign(coordinator, "two-workers")

    send_campaign_now(actor=coordinator, campaign=campaign)

    def written():
        campaign.refresh_from_db()
        return campaign.written_at is not None

    _wait_until(written, timeout=20, what="the campaign's rows")
    # More nudges, as other mail and beat would send: every pool process of
    # both workers claims batches of the same campaign at the same time.
    for _ in range(6):
        app.send_task("newsletters.send_pending")
    _wait_until(_everyone_has_it(smtp_server, addresses), timeout=40, what="500 mails")
    time.sleep(0.5)

    received = _deliveries(smtp_server, campaign, addresses)
    assert len(smtp_server.messages) == 500
    assert set(received.values()) == {1}
    by_worker = Counter(message["Message-ID"].split("@")[1] for message in smtp_server.messages)
    assert set(by_worker) == {"first.worker.test>", "second.worker.test>"}, by_worker
    _assert_finishes(campaign, 500)


def test_a_worker_killed_mid_campaign_loses_nothing_and_repeats_only_mail_in_flight(
    coordinator, stalling_smtp_server, running_private_redis, start_worker_process, tmp_path
):
    smtp = stalling_smtp_server
    # Mid-batch (310 is not a multiple of the batch size): the server holds
    # its reply to the 311th mail and to every one after it.
    smtp.stall_after = 310
    addresses = _subscribers(500)
    doomed = start_worker_process(_worker_env(smtp, running_private_redis), name="doomed")
    _wait_for_workers("doomed")
    campaign = _campaign(coordinator, "killed")

    send_campaign_now(actor=coordinator, campaign=campaign)
    app.send_task("newsletters.send_pending")
    smtp.wait_until_stalled()
    # Both pool processes get to the stalled server (or have nothing left).
    time.sleep(0.5)
    doomed.kill()
    in_flight = {_row_key(message_id) for message_id in smtp.held}
    claimed = OutboundMessage.objects.filter(
        campaign=campaign, state=OutboundMessage.State.SENDING
    ).count()
    smtp.release()
    # From now on a slow server: the successor's drain outlasts its soft
    # time limit, so its send loop must stop claiming in time (between
    # batches, never in the middle of one).
    smtp.delay = 0.01

    # A new worker whose sweep takes a claim older than 6 s for a dead
    # worker's (the settings want the claim timeout above the hard limit).
    start_worker_process(
        _worker_env(
            smtp,
            running_private_redis,
            CELERY_TASK_SOFT_TIME_LIMIT="4",
            CELERY_TASK_TIME_LIMIT="5",
            MAIL_CLAIM_TIMEOUT_SECONDS="6",
        ),
        name="successor",
    )
    _wait_until(
        _everyone_has_it(smtp, addresses), timeout=40, beat=True, what="everyone's campaign mail"
    )
    time.sleep(0.5)

    received = _deliveries(smtp, campaign, addresses)
    repeated = _repeated(received)
    assert 1 <= len(in_flight) <= claimed <= 2 * BATCH_SIZE
    assert repeated <= in_flight, _rows_of(repeated - in_flight)
    assert len(repeated) <= BATCH_SIZE
    assert len(smtp.messages) == 500 + len(repeated)
    assert "SoftTimeLimitExceeded" not in (tmp_path / "successor.log").read_text()
    # The dead worker's claims were re-queued once and sent by the successor.
    assert OutboundMessage.objects.filter(campaign=campaign, attempts=2).count() == claimed
    _assert_finishes(campaign, 500)


def test_redis_stopped_during_a_send_and_restarted_everyone_gets_it(
    coordinator, stalling_smtp_server, running_private_redis, start_worker_process
):
    smtp = stalling_smtp_server
    redis = running_private_redis
    smtp.stall_after = 70
    addresses = _subscribers(150)
    start_worker_process(_worker_env(smtp, redis), name="survivor")
    _wait_for_workers("survivor")
    first = _campaign(coordinator, "first")
    second = _campaign(coordinator, "second")

    send_campaign_now(actor=coordinator, campaign=first)
    smtp.wait_until_stalled()
    # Both pool processes are busy sending the first campaign, so the second
    # one's task waits in Redis, and goes down with it (no persistence).
    send_campaign_now(actor=coordinator, campaign=second)
    _wait_until(lambda: _queued_tasks(redis) >= 1, timeout=5, what="the task to be queued")
    redis.stop()
    redis.reset_pools()
    time.sleep(1.0)
    redis.start()
    redis.reset_pools()
    assert _queued_tasks(redis) == 0
    smtp.release()

    def everyone_has_both():
        return (
            _everyone_has_it(smtp, addresses, subject_part="first")()
            and _everyone_has_it(smtp, addresses, subject_part="second")()
        )

    # The worker reconnects; beat's next run writes the second campaign.
    _wait_until(everyone_has_both, timeout=40, beat=True, what="both campaigns to everyone")
    time.sleep(0.5)

    for campaign in (first, second):
        received = _deliveries(smtp, campaign, addresses)
        # No worker died: the tasks in flight outlived the broker's outage.
        assert set(received.values()) == {1}, _repeated(received)
        _assert_finishes(campaign, 150)
    assert len(smtp.messages) == 300


def test_with_redis_down_sending_succeeds_and_the_mail_goes_out_once_redis_is_back(
    coordinator, smtp_server, running_private_redis, start_worker_process
):
    redis = running_private_redis
    addresses = _subscribers(100)
    start_worker_process(_worker_env(smtp_server, redis), name="patient")
    _wait_for_workers("patient")
    campaign = _campaign(coordinator, "redis-down")
    redis.stop()
    redis.reset_pools()

    started = time.monotonic()
    send_campaign_now(actor=coordinator, campaign=campaign)
    elapsed = time.monotonic() - started

    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING
    assert elapsed < 5
    time.sleep(0.5)
    assert smtp_server.messages == []
    assert not OutboundMessage.objects.filter(campaign=campaign).exists()

    redis.start()
    redis.reset_pools()
    _wait_until(_everyone_has_it(smtp_server, addresses), timeout=40, beat=True, what="100 mails")
    time.sleep(0.5)

    received = _deliveries(smtp_server, campaign, addresses)
    assert set(received.values()) == {1}
    assert len(smtp_server.messages) == 100
    _assert_finishes(campaign, 100)
