"""Campaign services: states, writing the outbox rows, progress, tasks, demo."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from chemster.models import AuditEntry
from newsletters import campaigns as svc
from newsletters import demo
from newsletters.models import Campaign, OutboundMessage
from newsletters.services import opt_out, send_pending
from newsletters.tasks import task_send_campaign, task_send_scheduled_campaigns
from newsletters.tokens import unsubscribe_target
from tests.helpers import closed_port
from tests.newsletters.campaign_data import all_segments, build_world, subscribe
from tests.newsletters.conftest import celery_broker

pytestmark = pytest.mark.django_db

MEMBERS = [{"code": "members.active", "params": {}}]
SUBSCRIBERS = [{"code": "newsletters.subscribers", "params": {}}]


def _campaign(actor=None, segments=SUBSCRIBERS, **fields):
    values = {"subject_pl": "Wiadomości klastra", "body_pl": "Dzień **dobry**.", **fields}
    return svc.create_campaign(actor=actor, segments=segments, **values)


def _subscribers(count, language="pl"):
    for index in range(count):
        subscribe(f"sub{index}@example.org", language=language)


def _codes(campaign):
    return list(
        AuditEntry.objects.filter(object_id=str(campaign.pk), code__startswith="newsletters.camp")
        .order_by("pk")
        .values_list("code", flat=True)
    )


# --- States -------------------------------------------------------------------------


ALL_STATES = list(Campaign.State)
ALLOWED = {
    ("draft", "scheduled"),
    ("draft", "sending"),
    ("scheduled", "draft"),
    ("scheduled", "sending"),
    ("scheduled", "cancelled"),
    ("sending", "sent"),
}


@pytest.mark.parametrize("old", ALL_STATES)
@pytest.mark.parametrize("new", ALL_STATES)
def test_only_the_allowed_transitions(old, new):
    assert Campaign(state=old).can_move_to(new) == ((old, new) in ALLOWED)


def test_create_gives_a_unique_slug_and_an_audit_entry(coordinator):
    first = _campaign(coordinator)
    second = _campaign(coordinator)

    assert first.state == "draft"
    assert (first.slug, second.slug) == ("wiadomosci-klastra", "wiadomosci-klastra-2")
    assert first.created_by == coordinator
    assert _codes(first) == ["newsletters.campaign.created"]


def test_create_refuses_missing_texts_and_unknown_segments(coordinator):
    with pytest.raises(ValidationError) as error:
        svc.create_campaign(actor=coordinator, subject_pl=" ", body_pl="")
    assert set(error.value.message_dict) == {"subject_pl", "body_pl"}
    with pytest.raises(ValidationError):
        _campaign(coordinator, segments=[{"code": "nope", "params": {}}])
    with pytest.raises(ValidationError):
        _campaign(coordinator, subject_en="News", body_en="")
    assert not Campaign.objects.exists()


def test_schedule_unschedule_cancel(coordinator):
    campaign = _campaign(coordinator)
    when = timezone.now() + timedelta(days=1)

    campaign = svc.schedule_campaign(actor=coordinator, campaign=campaign, when=when)
    assert (campaign.state, campaign.scheduled_at) == ("scheduled", when)
    later = when + timedelta(hours=2)
    campaign = svc.schedule_campaign(actor=coordinator, campaign=campaign, when=later)
    assert campaign.scheduled_at == later
    campaign = svc.unschedule_campaign(actor=coordinator, campaign=campaign)
    assert (campaign.state, campaign.scheduled_at) == ("draft", None)
    with pytest.raises(ValidationError):
        svc.cancel_campaign(actor=coordinator, campaign=campaign)
    campaign = svc.schedule_campaign(actor=coordinator, campaign=campaign, when=when)
    campaign = svc.cancel_campaign(actor=coordinator, campaign=campaign)
    assert campaign.state == "cancelled"
    for refused in (
        lambda: svc.schedule_campaign(actor=coordinator, campaign=campaign, when=when),
        lambda: svc.send_campaign_now(actor=coordinator, campaign=campaign),
        lambda: svc.unschedule_campaign(actor=coordinator, campaign=campaign),
    ):
        with pytest.raises(ValidationError):
            refused()
    assert _codes(campaign) == [
        "newsletters.campaign.created",
        "newsletters.campaign.scheduled",
        "newsletters.campaign.scheduled",
        "newsletters.campaign.updated",
        "newsletters.campaign.scheduled",
        "newsletters.campaign.cancelled",
    ]


def test_schedule_refuses_the_past_and_an_empty_audience(coordinator):
    campaign = _campaign(coordinator)
    with pytest.raises(ValidationError):
        svc.schedule_campaign(
            actor=coordinator, campaign=campaign, when=timezone.now() - timedelta(minutes=1)
        )
    empty = _campaign(coordinator, segments=[])
    with pytest.raises(ValidationError):
        svc.schedule_campaign(
            actor=coordinator, campaign=empty, when=timezone.now() + timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        svc.send_campaign_now(actor=coordinator, campaign=empty)


def test_only_a_draft_is_edited_but_the_archive_flag_always(coordinator):
    campaign = _campaign(coordinator)
    campaign = svc.update_campaign(
        actor=coordinator, campaign=campaign, subject_en="News", body_en="Hello."
    )
    assert campaign.languages == ["pl", "en"]
    svc.send_campaign_now(actor=coordinator, campaign=campaign)

    with pytest.raises(ValidationError):
        svc.update_campaign(actor=coordinator, campaign=campaign, body_pl="Inna treść.")
    campaign = svc.update_campaign(actor=coordinator, campaign=campaign, is_public=True)

    assert campaign.is_public
    assert Campaign.objects.get().body_pl == "Dzień **dobry**."
    entry = AuditEntry.objects.filter(code="newsletters.campaign.updated").order_by("pk").first()
    assert entry.changes["body_en"] == "changed"


def test_send_now_marks_sending_and_writes_nothing_yet(coordinator):
    _subscribers(3)
    campaign = _campaign(coordinator)

    campaign = svc.send_campaign_now(actor=coordinator, campaign=campaign)

    assert campaign.state == "sending"
    assert campaign.started_at is not None
    assert not OutboundMessage.objects.exists()
    with pytest.raises(ValidationError):
        svc.send_campaign_now(actor=coordinator, campaign=campaign)


# --- Test sends -------------------------------------------------------------------


def test_a_test_goes_to_the_coordinator_in_each_language_and_may_be_repeated(coordinator):
    campaign = _campaign(coordinator, subject_en="Cluster news", body_en="Good morning.")

    svc.send_test(actor=coordinator, campaign=campaign)
    campaign = svc.send_test(actor=coordinator, campaign=campaign)

    rows = OutboundMessage.objects.order_by("pk")
    assert [(r.recipient, r.language, r.category) for r in rows] == [
        ("koordynator@chemster.pl", "pl", "service"),
        ("koordynator@chemster.pl", "en", "service"),
    ] * 2
    assert rows[0].subject == "[TEST] Wiadomości klastra"
    assert rows[1].subject == "[TEST] Cluster news"
    assert campaign.test_sent_at is not None
    assert campaign.state == "draft"
    # An opt-out does not stop a test the coordinator asked for.
    opt_out(email="koordynator@chemster.pl", source="link")
    send_pending()
    assert len(mail.outbox) == 4


# --- Writing the rows -----------------------------------------------------------------


def test_rows_written_once_per_recipient_with_their_own_unsubscribe_link(coordinator):
    world = build_world()
    campaign = _campaign(
        coordinator,
        segments=all_segments(world),
        subject_en="Cluster news",
        body_en="Good morning.",
    )
    composer = svc.audience(campaign.segments)
    svc.send_campaign_now(actor=coordinator, campaign=campaign)

    written = svc.write_campaign_messages(campaign_id=campaign.pk, chunk=3)
    again = svc.write_campaign_messages(campaign_id=campaign.pk)

    campaign.refresh_from_db()
    rows = {row.recipient: row for row in OutboundMessage.objects.filter(campaign=campaign)}
    # The composer's count is the number of rows written.
    assert written == composer.recipient_count == len(rows) == 4
    assert again == 0
    assert (campaign.recipient_count, campaign.no_consent_count, campaign.opted_out_count) == (
        4,
        3,
        1,
    )
    assert campaign.written_at is not None
    assert set(rows) == {"a1@firma-a.pl", "a2@firma-a.pl", "g2@example.org", "s1@example.org"}
    assert rows["a1@firma-a.pl"].subject == "Wiadomości klastra"
    assert rows["a2@firma-a.pl"].subject == "Cluster news"
    assert rows["a2@firma-a.pl"].language == "en"
    for address, row in rows.items():
        assert row.category == "campaign"
        assert row.dedupe_key == f"campaign:{campaign.pk}:{address}"
        assert row.state == "pending"
        link = row.headers["List-Unsubscribe"].strip("<>")
        assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in row.body_text
        assert f'href="{link}"' in row.body_html
        token = link.rsplit("/", 1)[1]
        assert unsubscribe_target(token) == (address, row.language)
        assert "CHEMSTERUNSUBSCRIBEMARKER" not in row.body_text + row.body_html


def test_a_resumed_write_adds_only_what_is_missing(coordinator):
    _subscribers(5)
    campaign = _campaign(coordinator)
    svc.send_campaign_now(actor=coordinator, campaign=campaign)
    svc.write_campaign_messages(campaign_id=campaign.pk)
    # As if the writer died after some rows: drop two and the written mark.
    OutboundMessage.objects.filter(recipient__in=["sub1@example.org", "sub3@example.org"]).delete()
    Campaign.objects.filter(pk=campaign.pk).update(written_at=None)

    assert svc.write_campaign_messages(campaign_id=campaign.pk, chunk=2) == 2
    assert OutboundMessage.objects.filter(campaign=campaign).count() == 5


def test_writing_a_draft_or_cancelled_campaign_writes_nothing(coordinator):
    _subscribers(2)
    draft = _campaign(coordinator)

    assert svc.write_campaign_messages(campaign_id=draft.pk) == 0
    assert svc.write_campaign_messages(campaign_id=999_999) == 0
    assert not OutboundMessage.objects.exists()


def test_writing_takes_the_same_queries_for_many_recipients(
    coordinator, django_assert_max_num_queries
):
    _subscribers(60)
    campaign = _campaign(coordinator)
    svc.send_campaign_now(actor=coordinator, campaign=campaign)

    # Lock, load, audience (segment, opt-outs, consents), counts, 2 counts,
    # one insert per chunk (with its savepoint), written mark, unlock.
    with django_assert_max_num_queries(20):
        assert svc.write_campaign_messages(campaign_id=campaign.pk, chunk=30) == 60


# --- Progress and finishing --------------------------------------------------------------


def test_progress_failed_deliveries_and_finishing(coordinator):
    _subscribers(4)
    campaign = _campaign(coordinator)
    svc.send_campaign_now(actor=coordinator, campaign=campaign)
    svc.write_campaign_messages(campaign_id=campaign.pk)
    rows = list(OutboundMessage.objects.filter(campaign=campaign).order_by("recipient"))
    now = timezone.now()
    OutboundMessage.objects.filter(pk=rows[0].pk).update(state="sent", sent_at=now)
    OutboundMessage.objects.filter(pk=rows[1].pk).update(
        state="failed", last_error="550 5.1.1 No such user"
    )
    OutboundMessage.objects.filter(pk=rows[2].pk).update(state="sending", claimed_at=now)

    assert svc.campaign_progress(campaign) == {"total": 4, "sent": 1, "failed": 1, "pending": 2}
    assert [(r.recipient, r.last_error) for r in svc.failed_deliveries(campaign)] == [
        ("sub1@example.org", "550 5.1.1 No such user")
    ]
    assert svc.finish_campaigns() == []

    OutboundMessage.objects.filter(pk__in=[rows[2].pk, rows[3].pk]).update(
        state="sent", sent_at=now
    )
    assert svc.finish_campaigns() == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.state == "sent"
    assert campaign.finished_at is not None
    assert svc.campaign_progress(campaign) == {"total": 4, "sent": 3, "failed": 1, "pending": 0}
    entry = AuditEntry.objects.get(code="newsletters.campaign.sent")
    assert entry.changes == {"total": 4, "sent": 3, "failed": 1, "pending": 0}


def test_a_campaign_without_recipients_finishes_at_once(coordinator):
    campaign = _campaign(coordinator)
    svc.send_campaign_now(actor=coordinator, campaign=campaign)

    task_send_scheduled_campaigns()

    campaign.refresh_from_db()
    assert (campaign.state, campaign.recipient_count) == ("sent", 0)


def test_progress_is_one_query(coordinator, django_assert_num_queries):
    campaign = _campaign(coordinator)
    with django_assert_num_queries(1):
        svc.campaign_progress(campaign)


@pytest.mark.parametrize("count", [1, 5])
def test_dashboard_reads_take_fixed_queries(coordinator, count, django_assert_num_queries):
    _subscribers(3)
    for index in range(count):
        campaign = _campaign(coordinator)
        if index % 2:
            svc.schedule_campaign(
                actor=coordinator, campaign=campaign, when=timezone.now() + timedelta(days=1)
            )
        else:
            svc.send_campaign_now(actor=coordinator, campaign=campaign)
            svc.write_campaign_messages(campaign_id=campaign.pk)
    OutboundMessage.objects.filter(recipient="sub0@example.org").update(
        state="failed", last_error="550 No such user"
    )

    with django_assert_num_queries(2):
        in_progress = svc.campaigns_in_progress()
        progress = [c.progress for c in in_progress]
    with django_assert_num_queries(1):
        failed = [(m.recipient, m.campaign.subject_pl) for m in svc.recent_failed_deliveries()]

    assert len(in_progress) == count
    assert in_progress[0].state == "sending"
    assert progress[0] == {"total": 3, "sent": 0, "failed": 1, "pending": 2}
    assert len(failed) == (count + 1) // 2


def test_public_archive_lists_sent_public_campaigns_only(coordinator):
    public = _campaign(coordinator, is_public=True)
    _campaign(coordinator, is_public=True)  # a draft
    private = _campaign(coordinator)
    for campaign in (public, private):
        svc.send_campaign_now(actor=coordinator, campaign=campaign)
    task_send_scheduled_campaigns()

    assert list(svc.public_campaigns()) == [public]
    assert svc.public_campaign(public.slug) == public
    assert svc.public_campaign(private.slug) is None


# --- Tasks ------------------------------------------------------------------------------


def test_the_scheduled_task_starts_due_campaigns_only(coordinator):
    _subscribers(3)
    due = _campaign(coordinator)
    later = _campaign(coordinator)
    svc.schedule_campaign(
        actor=coordinator, campaign=due, when=timezone.now() + timedelta(seconds=1)
    )
    svc.schedule_campaign(
        actor=coordinator, campaign=later, when=timezone.now() + timedelta(days=1)
    )
    Campaign.objects.filter(pk=due.pk).update(scheduled_at=timezone.now() - timedelta(minutes=1))

    task_send_scheduled_campaigns()

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.state == "sent"
    assert later.state == "scheduled"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "sub0@example.org",
        "sub1@example.org",
        "sub2@example.org",
    ]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert "newsletters.campaign.started" in _codes(due)
    assert (
        AuditEntry.objects.get(code="newsletters.campaign.started", object_id=due.pk).actor is None
    )


def test_the_campaign_task_writes_sends_and_finishes(coordinator):
    _subscribers(2, language="en")
    campaign = _campaign(coordinator, subject_en="News", body_en="Hello.")
    svc.send_campaign_now(actor=coordinator, campaign=campaign)

    task_send_campaign(campaign.pk)
    task_send_campaign(campaign.pk)

    campaign.refresh_from_db()
    assert campaign.state == "sent"
    assert [m.subject for m in mail.outbox] == ["News", "News"]


def test_send_now_succeeds_with_redis_down_and_the_task_writes_later(
    coordinator, django_capture_on_commit_callbacks
):
    _subscribers(3)
    campaign = _campaign(coordinator)

    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            campaign = svc.send_campaign_now(actor=coordinator, campaign=campaign)
        elapsed = time.monotonic() - started

    assert len(callbacks) == 1  # the nudge ran, failed, and was only logged
    assert elapsed < 10
    assert campaign.state == "sending"
    assert not OutboundMessage.objects.exists()

    # Redis is back: the beat task resumes the campaign.
    task_send_scheduled_campaigns()

    campaign.refresh_from_db()
    assert OutboundMessage.objects.filter(campaign=campaign).count() == 3
    assert campaign.state == "sent"
    assert len(mail.outbox) == 3


def test_opted_out_since_writing_is_not_sent(coordinator):
    _subscribers(2)
    campaign = _campaign(coordinator)
    svc.send_campaign_now(actor=coordinator, campaign=campaign)
    svc.write_campaign_messages(campaign_id=campaign.pk)
    opt_out(email="sub0@example.org", source="one-click")

    send_pending()
    svc.finish_campaigns()

    assert [m.to for m in mail.outbox] == [["sub1@example.org"]]
    assert svc.campaign_progress(campaign) == {"total": 2, "sent": 1, "failed": 1, "pending": 0}


# --- Demo -------------------------------------------------------------------------------


def test_demo_seed_is_idempotent_and_sends_nothing():
    from members import demo as members_demo

    members_demo.seed(password="demo-password-123")
    demo.seed()
    demo.seed()

    states = sorted(Campaign.objects.values_list("state", flat=True))
    assert states == ["draft", "scheduled", "sent", "sent", "sent"]
    assert svc.public_campaigns().count() == 3
    assert {c.languages == ["pl", "en"] for c in svc.public_campaigns()} == {True, False}
    assert not OutboundMessage.objects.filter(category="campaign", state="pending").exists()
    assert OutboundMessage.objects.filter(category="campaign", state="failed").count() == 3
    sent = svc.public_campaigns().first()
    assert sent.recipient_count == svc.campaign_progress(sent)["total"] > 5
