"""The strategy's writes (strategy/services.py)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chemster.models import AuditEntry
from strategy import services
from strategy.models import Action, BudgetLine, Goal, Indicator, Measurement, Strategy
from tests.events.factories import EventFactory
from tests.projects.factories import ProjectFactory
from tests.strategy.factories import (
    ActionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    ObjectiveFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def _codes():
    entries = AuditEntry.objects.filter(code__startswith="strategy.").order_by("id")
    return list(entries.values_list("code", flat=True))


def test_create_strategy_is_not_current_and_audited(coordinator):
    strategy = services.create_strategy(
        actor=coordinator,
        title_pl="Strategia 2031–2040",
        period_start=2031,
        period_end=2040,
        vision_pl="Wizja.",
        title_en="Strategy 2031–2040",
    )

    assert (strategy.is_current, strategy.title_en) == (False, "Strategy 2031–2040")
    assert _codes() == ["strategy.strategy.created"]


def test_create_strategy_refuses_a_reversed_period(coordinator):
    with pytest.raises(ValidationError) as error:
        services.create_strategy(
            actor=coordinator, title_pl="X", period_start=2030, period_end=2020, vision_pl="W"
        )

    assert "period_end" in error.value.message_dict


def test_unknown_field_is_a_programming_error(coordinator):
    with pytest.raises(TypeError):
        services.update_strategy(actor=coordinator, strategy=StrategyFactory(), is_current=True)


def test_mark_current_unsets_the_previous_one(coordinator):
    old = StrategyFactory(is_current=True)
    new = StrategyFactory()

    services.mark_current(actor=coordinator, strategy=new)

    assert list(Strategy.objects.filter(is_current=True)) == [new]
    old.refresh_from_db()
    assert old.is_current is False
    assert _codes() == ["strategy.strategy.marked_current"]


def test_mark_current_twice_changes_nothing(coordinator):
    strategy = StrategyFactory(is_current=True)

    services.mark_current(actor=coordinator, strategy=strategy)

    assert list(Strategy.objects.filter(is_current=True)) == [strategy]
    assert _codes() == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_mark_current_leaves_exactly_one_current(coordinator):
    strategies = [StrategyFactory() for _ in range(4)]
    errors = []
    barrier = threading.Barrier(len(strategies))

    def mark(strategy):
        try:
            barrier.wait()
            services.mark_current(actor=coordinator, strategy=strategy)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=mark, args=(s,)) for s in strategies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Strategy.objects.filter(is_current=True).count() == 1


def test_the_current_strategy_cannot_be_deleted(coordinator):
    strategy = StrategyFactory(is_current=True)

    with pytest.raises(ValidationError):
        services.delete_strategy(actor=coordinator, strategy=strategy)

    assert Strategy.objects.filter(pk=strategy.pk).exists()


def test_carry_over_copies_goals_objectives_and_indicators_not_measurements(coordinator):
    source = StrategyFactory(period_start=2013, period_end=2020)
    target = StrategyFactory(period_start=2021, period_end=2030)
    goal = GoalFactory(strategy=source, code="G1", title_en="Integration")
    goal.projects.add(ProjectFactory())
    goal.events.add(EventFactory())
    ActionFactory(objective=ObjectiveFactory(goal=goal, title_pl="Spotkania"))
    indicator = IndicatorFactory(goal=goal, name_pl="Członkowie", source="active_members")
    MeasurementFactory(indicator=indicator)

    copies = services.carry_over_goals(actor=coordinator, source=source, target=target)

    copy = Goal.objects.get(strategy=target)
    assert copies == [copy]
    assert (copy.code, copy.title_en, copy.carried_from) == ("G1", "Integration", goal)
    assert list(copy.objectives.values_list("title_pl", flat=True)) == ["Spotkania"]
    assert Action.objects.filter(objective__goal=copy).count() == 0
    copied = copy.indicators.get()
    assert (copied.name_pl, copied.source, copied.target) == ("Członkowie", "active_members", 40)
    assert copied.measurements.count() == 0
    assert set(copy.projects.all()) == set(goal.projects.all())
    assert set(copy.events.all()) == set(goal.events.all())
    assert _codes() == ["strategy.goals.carried_over"]


def test_carry_over_twice_copies_nothing_new(coordinator):
    source, target = StrategyFactory(), StrategyFactory()
    GoalFactory(strategy=source, code="G1")

    services.carry_over_goals(actor=coordinator, source=source, target=target)
    again = services.carry_over_goals(actor=coordinator, source=source, target=target)

    assert again == []
    assert target.goals.count() == 1


def test_carry_over_into_itself_is_refused(coordinator):
    strategy = StrategyFactory()

    with pytest.raises(ValidationError):
        services.carry_over_goals(actor=coordinator, source=strategy, target=strategy)


def test_goal_code_taken_is_a_field_error(coordinator):
    goal = GoalFactory(code="G1")

    with pytest.raises(ValidationError) as error:
        services.create_goal(actor=coordinator, strategy=goal.strategy, code="G1", title_pl="X")

    assert list(error.value.message_dict) == ["code"]


def test_update_goal_replaces_links_and_records_them(coordinator):
    goal = GoalFactory()
    project = ProjectFactory()

    services.update_goal(actor=coordinator, goal=goal, title_en="New", projects=[project])

    assert list(goal.projects.all()) == [project]
    entry = AuditEntry.objects.get(code__startswith="strategy.")
    assert entry.code == "strategy.goal.updated"
    assert entry.changes["projects"] == [[], [project.pk]]


def test_action_dates_and_phase_are_checked(coordinator):
    objective = ObjectiveFactory()

    with pytest.raises(ValidationError):
        services.create_action(
            actor=coordinator,
            objective=objective,
            title_pl="X",
            phase="integration",
            starts_on=date(2025, 2, 1),
            due_on=date(2025, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.create_action(actor=coordinator, objective=objective, title_pl="X", phase="x")


def test_indicator_source_must_be_in_the_registry(coordinator):
    goal = GoalFactory()

    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            actor=coordinator,
            goal=goal,
            name_pl="X",
            target=Decimal(1),
            target_date=date(2030, 1, 1),
            source="no_such_source",
        )
    indicator = services.create_indicator(
        actor=coordinator,
        goal=goal,
        name_pl="Członkowie",
        target=Decimal(51),
        target_date=date(2030, 1, 1),
        source="active_members",
    )

    assert list(error.value.message_dict) == ["source"]
    assert Indicator.objects.get() == indicator


def test_add_measurement_records_who_and_refuses_a_second_value_that_day(coordinator):
    indicator = IndicatorFactory()

    measurement = services.add_measurement(
        actor=coordinator,
        indicator=indicator,
        value=Decimal("27"),
        measured_on=date(2025, 12, 31),
        source="Sprawozdanie 2025",
    )
    with pytest.raises(ValidationError) as error:
        services.add_measurement(
            actor=coordinator,
            indicator=indicator,
            value=Decimal(28),
            measured_on=date(2025, 12, 31),
        )

    assert (measurement.entered_by, measurement.origin) == (coordinator, "entered")
    assert list(error.value.message_dict) == ["measured_on"]
    assert _codes() == ["strategy.measurement.added"]


def test_snapshot_and_entered_value_may_share_a_day():
    indicator = IndicatorFactory()
    services.add_measurement(
        actor=None, indicator=indicator, value=Decimal(1), measured_on=date(2025, 1, 31)
    )

    services.add_measurement(
        actor=None,
        indicator=indicator,
        value=Decimal(2),
        measured_on=date(2025, 1, 31),
        origin=Measurement.Origin.SNAPSHOT,
    )

    assert indicator.measurements.count() == 2


def test_delete_measurement_is_audited(coordinator):
    measurement = MeasurementFactory()

    services.delete_measurement(actor=coordinator, measurement=measurement)

    assert Measurement.objects.count() == 0
    assert _codes() == ["strategy.measurement.deleted"]


def test_update_cluster_facts_checks_the_seat_and_replaces_the_budget(coordinator):
    with pytest.raises(ValidationError):
        services.update_cluster_facts(
            actor=coordinator, seat_latitude=Decimal("52.52"), seat_longitude=Decimal("13.40")
        )

    facts = services.update_cluster_facts(
        actor=coordinator,
        seat_name="KKPP",
        seat_latitude=Decimal("50.34970"),
        seat_longitude=Decimal("18.21050"),
        management_fte=Decimal("1.5"),
        budget_lines=[(2024, "fees", "1000"), (2024, "eu", "5000")],
    )
    services.update_cluster_facts(actor=coordinator, budget_lines=[(2025, "fees", "2000")])

    facts.refresh_from_db()
    assert (facts.seat_name, facts.management_fte, facts.updated_by) == (
        "KKPP",
        Decimal("1.50"),
        coordinator,
    )
    assert list(BudgetLine.objects.values_list("year", "source", "amount")) == [
        (2025, "fees", Decimal("2000.00"))
    ]
    assert _codes() == ["strategy.facts.updated", "strategy.facts.updated"]


def test_budget_source_twice_a_year_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.update_cluster_facts(
            actor=coordinator, budget_lines=[(2024, "fees", "1"), (2024, "fees", "2")]
        )
