"""Celery tasks of the projects app: each takes primitives and calls one service."""

import logging

from celery import shared_task

from projects import opportunities

logger = logging.getLogger("projects")


@shared_task(name="projects.expire_opportunities")
def task_expire_opportunities():
    """Expire postings past their date and remind the firms of those about
    to expire (beat, daily at 6:00)."""
    expired, reminded = opportunities.expire_opportunities()
    logger.info("Expired %s posting(s); reminded the firms of %s", expired, reminded)
