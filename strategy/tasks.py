import logging

from celery import shared_task

from strategy.snapshots import snapshot_indicators

logger = logging.getLogger(__name__)


@shared_task(name="strategy.snapshot_indicators")
def task_snapshot_indicators() -> int:
    """Monthly (CELERY_BEAT_SCHEDULE): store the live indicators' values."""
    stored = snapshot_indicators()
    logger.info("Stored %d indicator snapshots.", stored)
    return stored
