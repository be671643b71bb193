from datetime import date
from decimal import Decimal

import pytest

from strategy.models import Goal, Indicator, Measurement, Strategy
from strategy.snapshots import snapshot_indicators
from strategy.tasks import task_snapshot_indicators
from tests.strategy.sources_data import TODAY, build_world

pytestmark = pytest.mark.django_db


def _strategy(*, current: bool, start: int) -> Goal:
    strategy = Strategy.objects.create(
        title_pl=f"Strategia {start}",
        period_start=start,
        period_end=start + 7,
        vision_pl="Wizja",
        is_current=current,
    )
    return Goal.objects.create(strategy=strategy, code="G1", title_pl="Integracja")


def _indicator(goal, source, name=None) -> Indicator:
    return Indicator.objects.create(
        goal=goal,
        name_pl=name or source or "ręczny",
        source=source,
        target=Decimal("60"),
        target_date=date(2027, 12, 31),
    )


@pytest.fixture
def indicators():
    build_world()
    goal = _strategy(current=True, start=2021)
    archived = _strategy(current=False, start=2013)
    return {
        "members": _indicator(goal, "active_members"),
        "sme": _indicator(goal, "sme_share"),
        "members_again": _indicator(goal, "active_members", name="again"),
        "manual": _indicator(goal, ""),
        "unknown_code": _indicator(goal, "no_such_source"),
        "archived": _indicator(archived, "active_members"),
    }


def _snapshots():
    return sorted(
        (m.indicator.name_pl, m.measured_on, m.value, m.source)
        for m in Measurement.objects.filter(origin=Measurement.Origin.SNAPSHOT)
    )


def test_snapshot_stores_live_indicators_of_the_current_strategy(indicators):
    stored = snapshot_indicators(today=TODAY)

    assert stored == 3
    assert _snapshots() == [
        ("active_members", TODAY, Decimal("5.00"), "active_members"),
        ("again", TODAY, Decimal("5.00"), "active_members"),
        ("sme_share", TODAY, Decimal("75.00"), "sme_share"),
    ]


def test_snapshot_is_idempotent_within_a_month(indicators):
    snapshot_indicators(today=TODAY)

    assert snapshot_indicators(today=TODAY) == 0
    assert snapshot_indicators(today=date(2025, 6, 1)) == 0
    assert snapshot_indicators(today=date(2025, 6, 30)) == 0
    assert Measurement.objects.count() == 3


def test_snapshot_of_the_next_month_adds_history(indicators):
    snapshot_indicators(today=TODAY)

    assert snapshot_indicators(today=date(2025, 7, 1)) == 3
    assert [m.measured_on for m in indicators["members"].measurements.all()] == [
        TODAY,
        date(2025, 7, 1),
    ]
    # f8 joined on 1 July.
    assert indicators["members"].measurements.last().value == 6


def test_entered_measurement_does_not_stop_the_snapshot(indicators):
    Measurement.objects.create(
        indicator=indicators["members"], value=4, measured_on=date(2025, 6, 2)
    )

    assert snapshot_indicators(today=TODAY) == 3
    assert indicators["members"].measurements.count() == 2


def test_unknown_value_is_not_stored():
    goal = _strategy(current=True, start=2021)
    _indicator(goal, "sme_share")  # no member enterprises: unknown

    assert snapshot_indicators(today=TODAY) == 0
    assert Measurement.objects.count() == 0


def test_task_runs_the_snapshot(indicators):
    assert task_snapshot_indicators() == 3
    assert task_snapshot_indicators() == 0
