"""What in the current strategy needs the coordinator's attention.

The coordinator's page (``strategy:attention``) shows all of it; the
coordinator's dashboard shows its summary, so the selector runs a fixed
number of queries, whatever the number of goals, indicators, measurements
or actions.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from strategy import trends
from strategy.models import Action, Indicator, Measurement

# Actions due within this many days (or overdue) are listed.
ACTIONS_DUE_WITHIN_DAYS = 30
# A hand-entered indicator whose last value is older than this asks for a new one.
MEASUREMENT_MAX_AGE_DAYS = 365


@dataclass
class Attention:
    off_track: list = field(default_factory=list)
    actions_due: list = field(default_factory=list)
    measurements_due: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.off_track) + len(self.actions_due) + len(self.measurements_due)


def _indicators_of_current_strategy():
    return (
        Indicator.objects.filter(goal__strategy__is_current=True)
        .select_related("goal")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "id"))
        )
        .order_by("goal__position", "goal__code", "position", "id")
    )


def strategy_attention(today: date | None = None) -> Attention:
    """Off-track indicators, open actions due soon, measurements to enter.

    All three come from the current strategy (empty lists when none is
    current):

    - ``off_track``: indicators whose trend misses the target
      (strategy/trends.py); each carries ``trend`` and ``latest`` (its last
      measurement), as ``strategy.selectors.assess`` sets them.
    - ``actions_due``: planned or in-progress actions due within
      ``ACTIONS_DUE_WITHIN_DAYS`` days of ``today`` or overdue, soonest
      first; each carries ``overdue``. Actions without a due date are not
      listed.
    - ``measurements_due``: indicators the coordinator enters by hand (no
      live source) with no measurement, or whose last one is older than
      ``MEASUREMENT_MAX_AGE_DAYS``; live sources are snapshotted monthly.

    Queries: three (the indicators with their goals, their measurements,
    the actions); two when the current strategy has no indicator, since
    there are then no measurements to fetch.
    """
    today = today or timezone.localdate()
    attention = Attention()
    stale_before = today - timedelta(days=MEASUREMENT_MAX_AGE_DAYS)
    for indicator in _indicators_of_current_strategy():
        measurements = indicator.measurements.all()
        indicator.trend = trends.indicator_trend(indicator, measurements)
        indicator.latest = measurements[len(measurements) - 1] if measurements else None
        if indicator.trend.state == trends.OFF_TRACK:
            attention.off_track.append(indicator)
        if not indicator.source and (
            indicator.latest is None or indicator.latest.measured_on < stale_before
        ):
            attention.measurements_due.append(indicator)
    actions = (
        Action.objects.filter(
            objective__goal__strategy__is_current=True,
            status__in=Action.OPEN_STATUSES,
            due_on__lte=today + timedelta(days=ACTIONS_DUE_WITHIN_DAYS),
        )
        .select_related("objective__goal")
        .order_by("due_on", "id")
    )
    for action in actions:
        action.overdue = action.due_on < today
        attention.actions_due.append(action)
    return attention
