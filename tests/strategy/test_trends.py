"""Trend and on-track on table-driven series (strategy/trends.py)."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from strategy import trends

START = date(2024, 1, 1)


def series(*values, step=365):
    return [(START + timedelta(days=step * i), Decimal(str(v))) for i, v in enumerate(values)]


# (series, target, target date, direction, state, projected value)
CASES = [
    # Up: 10 → 20 in a year reaches 30 two years in.
    (series(10, 20), 30, START + timedelta(days=730), "up", trends.ON_TRACK, 30),
    (series(10, 20), 31, START + timedelta(days=730), "up", trends.OFF_TRACK, 30),
    (series(10, 20), 29, START + timedelta(days=730), "up", trends.ON_TRACK, 30),
    # Falling values miss an upward target.
    (series(20, 15, 10), 25, START + timedelta(days=1095), "up", trends.OFF_TRACK, 5),
    # Down is good: 10 → 8 → 6 projects 4 at day 1095.
    (series(10, 8, 6), 4, START + timedelta(days=1095), "down", trends.ON_TRACK, 4),
    (series(10, 8, 6), 3, START + timedelta(days=1095), "down", trends.OFF_TRACK, 4),
    (series(10, 8, 6), 5, START + timedelta(days=1095), "down", trends.ON_TRACK, 4),
    # Rising values miss a downward target.
    (series(5, 6, 7), 5, START + timedelta(days=1095), "down", trends.OFF_TRACK, 8),
    # A flat series exactly on its target is on track both ways.
    (series(7, 7, 7), 7, START + timedelta(days=2000), "up", trends.ON_TRACK, 7),
    (series(7, 7, 7), 7, START + timedelta(days=2000), "down", trends.ON_TRACK, 7),
    # Noisy points: least squares of (0,1) (1,3) (2,2) is 1.5 + 0.5x.
    (
        series(1, 3, 2, step=1),
        Fraction(7, 2),
        START + timedelta(days=4),
        "up",
        trends.ON_TRACK,
        3.5,
    ),
    # Decimal values with fractions stay exact: 0.1 → 0.2 reaches 0.3.
    (series("0.1", "0.2"), "0.3", START + timedelta(days=730), "up", trends.ON_TRACK, "0.3"),
]


@pytest.mark.parametrize(
    ("points", "target", "target_date", "direction", "state", "projected"), CASES
)
def test_trend_projects_to_the_target_date(
    points, target, target_date, direction, state, projected
):
    result = trends.trend(
        points,
        target=Decimal(str(target)) if not isinstance(target, Fraction) else target,
        target_date=target_date,
        direction=direction,
    )

    assert result.state == state
    assert result.projected == Fraction(str(projected))


@pytest.mark.parametrize(
    "points",
    [
        [],
        series(5),
        # Two values on one day span no time: still no trend.
        [(START, Decimal(1)), (START, Decimal(3))],
    ],
)
def test_fewer_than_two_days_is_not_enough_data(points):
    result = trends.trend(points, target=10, target_date=date(2030, 1, 1), direction="up")

    assert result.state == trends.NOT_ENOUGH_DATA
    assert (result.has_data, result.on_track, result.projected) == (False, False, None)


def test_order_of_points_does_not_matter():
    points = series(10, 20, 25)

    forward = trends.trend(points, target=30, target_date=date(2027, 1, 1), direction="up")
    backward = trends.trend(points[::-1], target=30, target_date=date(2027, 1, 1), direction="up")

    assert forward == backward


def test_value_at_follows_the_fitted_line():
    result = trends.trend(series(10, 20), target=0, target_date=START, direction="up")

    assert result.value_at(START) == 10
    assert result.value_at(START + timedelta(days=365)) == 20
    assert result.projected_decimal == Decimal(10)


def _t(state):
    return trends.Trend(state=state)


ON, OFF, NONE = trends.ON_TRACK, trends.OFF_TRACK, trends.NOT_ENOUGH_DATA


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        # (on track, assessed, total), percent
        ([ON, ON, OFF], ((2, 3, 3), 67)),
        ([ON, OFF, NONE], ((1, 2, 3), 50)),  # not enough data: left out of the share
        ([NONE, NONE], ((0, 0, 2), None)),
        ([], ((0, 0, 0), None)),
        ([OFF], ((0, 1, 1), 0)),
        ([ON], ((1, 1, 1), 100)),
        ([ON, OFF, OFF, OFF, OFF, OFF, OFF, OFF], ((1, 8, 8), 13)),  # 12.5 rounds up
    ],
)
def test_goal_progress_is_the_share_of_assessed_indicators_on_track(states, expected):
    result = trends.progress(_t(state) for state in states)

    assert ((result.on_track, result.assessed, result.total), result.percent) == expected
    assert result.not_enough_data == states.count(NONE)
