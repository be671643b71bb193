"""Celery tasks of the members app: each takes primitives and calls one service."""

import logging

from celery import shared_task

from members.retention import delete_stale_invitations

logger = logging.getLogger("members")


@shared_task(name="members.purge_expired_personal_data")
def task_purge_expired_personal_data():
    """Delete unused invitations past their retention (beat, daily)."""
    deleted = delete_stale_invitations()
    logger.info("Deleted %s unused invitation(s) past their retention", deleted)
    return deleted
