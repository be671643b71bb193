"""The demo strategy (strategy.demo.seed)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import demo as events_demo
from members import demo as members_demo
from projects import demo as projects_demo
from strategy import demo, sources, trends
from strategy.models import BudgetLine, ClusterFacts, Goal, Indicator, Measurement, Strategy
from strategy.selectors import assess, current_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    members_demo.seed(password="demo-haslo-123")
    projects_demo.seed()
    events_demo.seed()
    return demo.seed()


def test_demo_has_the_archived_and_the_current_strategy(seeded):
    past, current = seeded

    assert (past.period_start, past.period_end, past.is_current) == (2013, 2020, False)
    assert current.is_current and current.period_end >= 2027
    assert list(Strategy.objects.filter(is_current=True)) == [current]
    codes = ["G1", "G2", "G3", "G4", "G5", "G6"]
    for strategy in (past, current):
        assert list(strategy.goals.values_list("code", flat=True)) == codes
        assert all(goal.title_en for goal in strategy.goals.all())


def test_current_goals_carry_the_archived_ones_over(seeded):
    past, current = seeded

    pairs = current.goals.values_list("code", "carried_from__code", "carried_from__strategy")

    assert sorted(pairs) == [(f"G{n}", f"G{n}", past.pk) for n in range(1, 7)]


def test_every_goal_has_objectives_actions_and_indicators(seeded):
    for goal in Goal.objects.all():
        assert goal.objectives.exists(), goal
        assert goal.indicators.exists(), goal
        assert Goal.objects.filter(pk=goal.pk, objectives__actions__isnull=False).exists(), goal


def test_current_indicators_are_on_and_off_track_with_targets_from_2027(seeded):
    strategy = current_strategy()
    assess(strategy)
    indicators = [i for goal in strategy.goals.all() for i in goal.indicators.all()]
    states = [i.trend.state for i in indicators]

    assert all(i.target_date >= date(2027, 1, 1) for i in indicators)
    assert trends.ON_TRACK in states and trends.OFF_TRACK in states
    assert states.count(trends.NOT_ENOUGH_DATA) == 1
    assert any(i.direction == Indicator.Direction.DOWN for i in indicators)


def test_live_source_codes_are_in_the_registry(seeded):
    codes = set(Indicator.objects.exclude(source="").values_list("source", flat=True))

    assert codes and codes <= set(sources.SOURCES)


def test_current_goals_link_demo_projects_and_events(seeded):
    _past, current = seeded

    assert Goal.projects.through.objects.filter(goal__strategy=current).count() == 8
    assert Goal.events.through.objects.filter(goal__strategy=current).count() == 10


def test_cluster_facts_are_entered(seeded):
    facts = ClusterFacts.objects.get()

    assert (facts.founded_on, facts.founding_members) == (date(2013, 8, 1), 20)
    assert "Kędzierzyn-Koźle" in facts.seat_name
    assert 50.3 < facts.seat_latitude < 50.4 and 18.1 < facts.seat_longitude < 18.3
    assert BudgetLine.objects.filter(facts=facts).count() == len(demo.BUDGET)


def test_seed_is_idempotent_and_cheap_the_second_time(seeded):
    counts = (Strategy.objects.count(), Goal.objects.count(), Measurement.objects.count())

    with CaptureQueriesContext(connection) as queries:
        again = demo.seed()

    assert again == []
    assert (Strategy.objects.count(), Goal.objects.count(), Measurement.objects.count()) == counts
    assert len(queries) <= 4


def test_seed_runs_in_a_fixed_number_of_queries(db):
    with CaptureQueriesContext(connection) as queries:
        demo.seed()

    assert len(queries) <= 20


def test_seed_on_a_database_with_a_current_strategy_leaves_it_current(db):
    own = Strategy.objects.create(
        title_pl="Własna", period_start=2025, period_end=2030, vision_pl="W", is_current=True
    )

    demo.seed()

    assert list(Strategy.objects.filter(is_current=True)) == [own]
