"""Is an indicator on track? Pure functions over (date, value) pairs.

The trend is the least-squares line through an indicator's measurements,
with x in days. Projected to the target date, it must reach the target in
the indicator's direction: for "up" the projection is at least the target,
for "down" at most the target. Arithmetic is exact (``Fraction``), so a
series that lands exactly on its target counts as on track.

Fewer than two measurement days give "not enough data", a state of its own.
A goal's progress is the share of its *assessed* indicators that are on
track: indicators without enough data are shown but left out of the
denominator (counting them as off track would punish a new indicator that
simply has no history yet). A goal with no assessed indicator has no
progress figure.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NOT_ENOUGH_DATA = "not_enough_data"

UP = "up"
DOWN = "down"


@dataclass(frozen=True)
class Trend:
    state: str
    # The fitted line: value = intercept + slope * (day - origin), or None
    # without enough data.
    origin: date | None = None
    slope: Fraction | None = None
    intercept: Fraction | None = None
    projected: Fraction | None = None

    @property
    def on_track(self) -> bool:
        return self.state == ON_TRACK

    @property
    def has_data(self) -> bool:
        return self.state != NOT_ENOUGH_DATA

    def value_at(self, day: date) -> Fraction | None:
        if self.slope is None:
            return None
        return self.intercept + self.slope * (day - self.origin).days

    @property
    def projected_decimal(self) -> Decimal | None:
        if self.projected is None:
            return None
        return Decimal(self.projected.numerator) / Decimal(self.projected.denominator)


def _fraction(value) -> Fraction:
    return Fraction(value) if not isinstance(value, float) else Fraction(str(value))


def fit(points: Iterable[tuple[date, object]]) -> tuple[date, Fraction, Fraction] | None:
    """The least-squares line through ``points`` as (origin, slope, intercept).

    ``None`` when the points span fewer than two distinct days (a vertical
    line has no slope).
    """
    points = sorted((day, _fraction(value)) for day, value in points)
    if len({day for day, _value in points}) < 2:
        return None
    origin = points[0][0]
    xs = [Fraction((day - origin).days) for day, _value in points]
    ys = [value for _day, value in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return origin, slope, mean_y - slope * mean_x


def trend(
    points: Iterable[tuple[date, object]],
    *,
    target,
    target_date: date,
    direction: str,
) -> Trend:
    """The indicator's trend and whether it reaches ``target`` by ``target_date``."""
    line = fit(points)
    if line is None:
        return Trend(state=NOT_ENOUGH_DATA)
    origin, slope, intercept = line
    projected = intercept + slope * (target_date - origin).days
    target = _fraction(target)
    reaches = projected <= target if direction == DOWN else projected >= target
    return Trend(
        state=ON_TRACK if reaches else OFF_TRACK,
        origin=origin,
        slope=slope,
        intercept=intercept,
        projected=projected,
    )


def indicator_trend(indicator, measurements=None) -> Trend:
    """``trend`` for an Indicator row; reads ``indicator.measurements.all()``
    (prefetched by the selectors) unless ``measurements`` are given."""
    if measurements is None:
        measurements = indicator.measurements.all()
    return trend(
        [(m.measured_on, m.value) for m in measurements],
        target=indicator.target,
        target_date=indicator.target_date,
        direction=indicator.direction,
    )


@dataclass(frozen=True)
class Progress:
    on_track: int
    assessed: int  # indicators with enough data
    total: int

    @property
    def not_enough_data(self) -> int:
        return self.total - self.assessed

    @property
    def percent(self) -> int | None:
        """Share of assessed indicators on track, rounded to whole percent."""
        if not self.assessed:
            return None
        return int(Fraction(100 * self.on_track, self.assessed) + Fraction(1, 2))


def progress(trends: Iterable[Trend]) -> Progress:
    """A goal's progress from its indicators' trends (see the module docstring)."""
    trends = list(trends)
    assessed = [t for t in trends if t.has_data]
    return Progress(
        on_track=sum(1 for t in assessed if t.on_track),
        assessed=len(assessed),
        total=len(trends),
    )
