"""Celery tasks of the events app: each takes primitives and calls one service."""

import logging

from celery import shared_task

from events.reminders import send_due_reminders
from events.retention import anonymise_expired_guest_registrations

logger = logging.getLogger("events")


@shared_task(name="events.send_reminders")
def task_send_reminders():
    """Queue the event reminders that are due (beat, every five minutes)."""
    queued = send_due_reminders()
    logger.info("Queued %s event reminder(s)", queued)
    return queued


@shared_task(name="events.purge_expired_personal_data")
def task_purge_expired_personal_data():
    """Anonymise guests' registrations past their retention (beat, daily)."""
    anonymised = anonymise_expired_guest_registrations()
    logger.info("Anonymised %s guest registration(s) past their retention", anonymised)
    return anonymised
