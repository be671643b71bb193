"""The strategy models' constraints (strategy/models.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from strategy.models import BudgetLine, ClusterFacts, Measurement, Strategy
from tests.strategy.factories import (
    ActionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def _violates(name, create):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    assert name in str(error.value)


def test_only_one_strategy_can_be_current():
    StrategyFactory(is_current=True)

    _violates("strategy_strategy_one_current", lambda: StrategyFactory(is_current=True))


def test_many_strategies_may_be_not_current():
    StrategyFactory()
    StrategyFactory()

    assert Strategy.objects.filter(is_current=False).count() == 2


def test_period_cannot_end_before_it_starts():
    _violates(
        "strategy_strategy_period_order",
        lambda: StrategyFactory(period_start=2030, period_end=2024),
    )


def test_goal_code_is_unique_within_a_strategy_only():
    goal = GoalFactory(code="G1")
    GoalFactory(code="G1")  # another strategy

    _violates("strategy_goal_code_unique", lambda: GoalFactory(strategy=goal.strategy, code="G1"))


def test_action_cannot_be_due_before_it_starts():
    _violates(
        "strategy_action_due_after_start",
        lambda: ActionFactory(starts_on=date(2025, 5, 1), due_on=date(2025, 4, 30)),
    )


def test_one_measurement_per_indicator_day_and_origin():
    measurement = MeasurementFactory()
    MeasurementFactory(
        indicator=measurement.indicator,
        measured_on=measurement.measured_on,
        origin=Measurement.Origin.SNAPSHOT,
    )

    _violates(
        "strategy_measurement_one_per_day",
        lambda: MeasurementFactory(
            indicator=measurement.indicator, measured_on=measurement.measured_on
        ),
    )


def test_cluster_facts_is_a_single_row():
    ClusterFacts.objects.create(pk=1)

    _violates("strategy_clusterfacts_one_row", lambda: ClusterFacts.objects.create(pk=2))


def test_cluster_seat_lies_in_poland():
    _violates(
        "strategy_clusterfacts_seat_in_poland",
        lambda: ClusterFacts.objects.create(
            pk=1, seat_latitude=Decimal("48.2"), seat_longitude=Decimal("16.4")
        ),
    )


def test_budget_line_once_per_year_and_source():
    facts = ClusterFacts.objects.create(pk=1)
    BudgetLine.objects.create(facts=facts, year=2024, source="fees", amount=Decimal(10))

    _violates(
        "strategy_budgetline_one_per_source",
        lambda: BudgetLine.objects.create(
            facts=facts, year=2024, source="fees", amount=Decimal(20)
        ),
    )


def test_goal_links_show_on_projects_and_events_as_goals(db):
    from tests.events.factories import EventFactory
    from tests.projects.factories import ProjectFactory

    goal = GoalFactory()
    project, event = ProjectFactory(), EventFactory()

    goal.projects.add(project)
    goal.events.add(event)

    assert list(project.goals.all()) == [goal]
    assert list(event.goals.all()) == [goal]


def test_deleting_an_indicator_deletes_its_measurements():
    indicator = IndicatorFactory()
    MeasurementFactory(indicator=indicator)

    indicator.delete()

    assert Measurement.objects.count() == 0


def test_strategy_url_is_the_current_page_or_its_own():
    current = StrategyFactory(is_current=True)
    past = StrategyFactory()

    assert current.get_absolute_url() == "/pl/strategy/"
    assert past.get_absolute_url() == f"/pl/strategy/{past.pk}/"
