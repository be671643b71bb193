"""Celery tasks of the events app: each takes primitives and calls one service."""

import logging

from celery import shared_task

from events.reminders import send_due_reminders

logger = logging.getLogger("events")


@shared_task(name="events.send_reminders")
def task_send_reminders():
    """Queue the event reminders that are due (beat, every five minutes)."""
    queued = send_due_reminders()
    logger.info("Queued %s event reminder(s)", queued)
    return queued
