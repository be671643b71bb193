"""The monthly snapshot: live indicator values stored as measurements."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from strategy import sources
from strategy.models import Indicator, Measurement
from strategy.services import add_measurement


def snapshot_indicators(*, today: date | None = None) -> int:
    """Store today's value of every live-source indicator of the current
    strategy as a snapshot measurement; return how many were stored.

    At most one snapshot per indicator and calendar month: a second run in
    the same month (a retried task, a restarted beat) stores nothing.
    Indicators entered by hand, those of archived strategies (closed
    records), codes no longer in the registry and values that are unknown
    (a share of nothing) are skipped. Each source is computed once per run,
    however many indicators name it.
    """
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=31)).replace(day=1)
    taken = Measurement.objects.filter(
        indicator=OuterRef("pk"),
        origin=Measurement.Origin.SNAPSHOT,
        measured_on__gte=month_start,
        measured_on__lt=next_month,
    )
    indicators = (
        Indicator.objects.filter(goal__strategy__is_current=True, source__in=list(sources.SOURCES))
        .exclude(Exists(taken))
        .order_by("pk")
    )
    values: dict = {}
    stored = 0
    for indicator in indicators:
        if indicator.source not in values:
            values[indicator.source] = sources.live_value(indicator.source, today)
        value = values[indicator.source]
        if value is None:
            continue
        try:
            add_measurement(
                actor=None,
                indicator=indicator,
                value=value,
                measured_on=today,
                source=indicator.source,
                origin=Measurement.Origin.SNAPSHOT,
            )
        except ValidationError:
            # Another run stored today's snapshot in the meantime.
            continue
        stored += 1
    return stored
