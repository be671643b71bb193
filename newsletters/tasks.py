"""Celery tasks of the outbox: each takes primitives and calls one service."""

import logging

from celery import shared_task

from newsletters import campaigns, services
from newsletters.retention import blank_expired_outbox_contents
from newsletters.selectors import mail_is_due

logger = logging.getLogger("newsletters")


@shared_task(name="newsletters.send_pending")
def task_send_pending():
    """Send due mail; the nudge after every commit that queued mail."""
    sent = services.send_pending()
    logger.info("Sent %s mail(s)", sent)
    # The drain that sends a campaign's last mail marks it sent, rather than
    # the beat task a minute later.
    campaigns.finish_campaigns()


@shared_task(name="newsletters.sweep_outbox")
def task_sweep_outbox():
    """Re-queue stale claims, then send what is due (beat, every minute)."""
    requeued = services.sweep_outbox()
    if requeued:
        logger.warning("Re-queued %s mail(s) claimed by a stopped worker", requeued)
    if mail_is_due():
        services.send_pending()


@shared_task(name="newsletters.expire_unconfirmed_consents")
def task_expire_unconfirmed_consents():
    expired = services.expire_unconfirmed_consents()
    logger.info("Deleted %s unconfirmed newsletter sign-up(s)", expired)


@shared_task(name="newsletters.send_campaign")
def task_send_campaign(campaign_id):
    """Write a sending campaign's outbox rows, send what is due, finish it if done.

    Nudged after ``send_campaign_now`` commits; the beat task below covers a
    lost nudge. Repeating it adds no rows.
    """
    written = campaigns.write_campaign_messages(campaign_id=campaign_id)
    logger.info("Wrote %s mail(s) of campaign #%s", written, campaign_id)
    services.send_pending()
    campaigns.finish_campaigns()


@shared_task(name="newsletters.send_scheduled_campaigns")
def task_send_scheduled_campaigns():
    """Start due campaigns, write unwritten ones, finish sent ones (beat, every minute)."""
    started = campaigns.start_due_campaigns()
    if started:
        logger.info("Started campaign(s) %s", started)
    if campaigns.resume_unwritten_campaigns() and mail_is_due():
        services.send_pending()
    campaigns.finish_campaigns()


@shared_task(name="newsletters.purge_expired_personal_data")
def task_purge_expired_personal_data():
    """Blank the contents of old sent and failed mail (beat, daily)."""
    blanked = blank_expired_outbox_contents()
    logger.info("Blanked the contents of %s mail(s) past their retention", blanked)
    return blanked
