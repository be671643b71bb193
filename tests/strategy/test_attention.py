"""What needs the coordinator's attention (strategy/attention.py) and its page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from strategy.attention import strategy_attention
from strategy.models import Action, Goal, Indicator, Measurement, Objective, Strategy

TODAY = date(2026, 5, 15)


def _strategy(*, current=True, start=2021) -> Strategy:
    return Strategy.objects.create(
        title_pl=f"Strategia {start}",
        period_start=start,
        period_end=start + 6,
        vision_pl="Wizja.",
        is_current=current,
    )


def _goal(strategy, code="G1") -> Goal:
    return Goal.objects.create(strategy=strategy, code=code, title_pl=f"Cel {code}")


def _indicator(goal, *values, source="", target=100, direction="up", name="Wskaźnik"):
    """An indicator with measurements ``(date, value)``, target in 2027."""
    indicator = Indicator.objects.create(
        goal=goal,
        name_pl=name,
        target=Decimal(target),
        target_date=date(2027, 12, 31),
        direction=direction,
        source=source,
    )
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            value=Decimal(value),
            measured_on=day,
            origin="snapshot" if source else "entered",
        )
        for day, value in values
    )
    return indicator


def _action(goal, *, due_on, status="planned", title="Działanie"):
    objective, _created = Objective.objects.get_or_create(goal=goal, title_pl="Cel operacyjny")
    return Action.objects.create(
        objective=objective, title_pl=title, phase="integration", due_on=due_on, status=status
    )


# Rising by 10 a year from 2025: about 58 by the end of 2027.
SLOW = ((date(2025, 1, 1), 30), (date(2026, 1, 1), 40))
# Rising by 50 a year: well past 100 by the end of 2027.
FAST = ((date(2025, 1, 1), 30), (date(2026, 1, 1), 80))


@pytest.mark.django_db
def test_off_track_lists_only_indicators_whose_trend_misses_the_target():
    goal = _goal(_strategy())
    slow = _indicator(goal, *SLOW, name="wolno")
    _indicator(goal, *FAST, name="szybko")
    _indicator(goal, (date(2026, 1, 1), 10), name="jeden pomiar")
    falling = _indicator(goal, *FAST, direction="down", target=50, name="w dół")

    attention = strategy_attention(TODAY)

    assert [i.name_pl for i in attention.off_track] == ["wolno", "w dół"]
    assert [i.pk for i in attention.off_track] == [slow.pk, falling.pk]
    assert attention.off_track[0].latest.value == Decimal(40)
    assert attention.off_track[0].trend.state == "off_track"


@pytest.mark.django_db
def test_actions_due_lists_open_actions_due_within_30_days_or_overdue():
    goal = _goal(_strategy())
    overdue = _action(goal, due_on=TODAY - timedelta(days=40), title="zaległe")
    today = _action(goal, due_on=TODAY, status="in_progress", title="dziś")
    last_day = _action(goal, due_on=TODAY + timedelta(days=30), title="za 30 dni")
    _action(goal, due_on=TODAY + timedelta(days=31), title="za 31 dni")
    _action(goal, due_on=TODAY - timedelta(days=1), status="done", title="zrobione")
    _action(goal, due_on=TODAY - timedelta(days=1), status="dropped", title="porzucone")
    _action(goal, due_on=None, title="bez terminu")

    attention = strategy_attention(TODAY)

    assert [(a.pk, a.overdue) for a in attention.actions_due] == [
        (overdue.pk, True),
        (today.pk, False),
        (last_day.pk, False),
    ]


@pytest.mark.django_db
def test_measurements_due_lists_hand_entered_indicators_without_a_recent_value():
    goal = _goal(_strategy())
    never = _indicator(goal, name="brak")
    stale = _indicator(goal, (date(2025, 5, 14), 10), name="stary")
    _indicator(goal, (date(2025, 5, 15), 10), name="sprzed roku")
    _indicator(goal, name="na żywo", source="active_members")

    attention = strategy_attention(TODAY)

    assert [i.pk for i in attention.measurements_due] == [never.pk, stale.pk]
    assert [i.latest for i in attention.measurements_due][0] is None


@pytest.mark.django_db
def test_only_the_current_strategy_counts():
    old_goal = _goal(_strategy(current=False, start=2013))
    _indicator(old_goal, *SLOW)
    _indicator(old_goal)
    _action(old_goal, due_on=TODAY)

    attention = strategy_attention(TODAY)

    assert (attention.off_track, attention.actions_due, attention.measurements_due) == ([], [], [])
    assert attention.total == 0


@pytest.mark.django_db
def test_total_counts_every_item():
    goal = _goal(_strategy())
    _indicator(goal, *SLOW)
    _indicator(goal)
    _action(goal, due_on=TODAY)

    assert strategy_attention(TODAY).total == 3


def _fill(count):
    strategy = _strategy()
    for number in range(count):
        goal = _goal(strategy, f"G{number}")
        _indicator(goal, *SLOW)
        _indicator(goal, *FAST, source="active_members")
        _indicator(goal)
        _action(goal, due_on=TODAY)
        _action(goal, due_on=TODAY + timedelta(days=5))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_selector_runs_three_queries_whatever_the_data(django_assert_num_queries, count):
    _fill(count)

    # 1 the current strategy's indicators with their goals, 2 their
    # measurements, 3 the open actions due.
    with django_assert_num_queries(3):
        attention = strategy_attention(TODAY)

    assert len(attention.off_track) == count
    assert len(attention.actions_due) == 2 * count
    assert len(attention.measurements_due) == count


@pytest.mark.django_db
def test_selector_runs_two_queries_without_indicators(django_assert_num_queries):
    _action(_goal(_strategy()), due_on=TODAY)

    # 1 the indicators (none), 2 the actions: no measurements to fetch.
    with django_assert_num_queries(2):
        attention = strategy_attention(TODAY)

    assert len(attention.actions_due) == 1


@pytest.mark.django_db
def test_page_lists_what_needs_attention(client_as, coordinator):
    goal = _goal(_strategy())
    off = _indicator(goal, *SLOW, name="Liczba członków")
    empty = _indicator(goal, name="Sesje informacyjne")
    action = _action(goal, due_on=date(2020, 1, 1), title="Katalog ofert")
    with translation.override("en"):
        url = reverse("strategy:attention")

    response = client_as("coordinator").get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert [i.pk for i in response.context["attention"].off_track] == [off.pk]
    assert reverse("strategy:measurements", kwargs={"pk": off.pk}) in page
    assert reverse("strategy:measurements", kwargs={"pk": empty.pk}) in page
    assert reverse("strategy:manage-action", kwargs={"pk": action.pk}) in page
    assert "(overdue)" in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_page_query_count_does_not_grow(client_as, coordinator, django_assert_num_queries, count):
    _fill(count)
    client = client_as("coordinator")

    # 1 the session, 2 the user, 3 the coordinators group, 4 the TOTP
    # authenticator, 5-7 the selector (indicators, measurements, actions),
    # 8 footer texts.
    with django_assert_num_queries(8):
        client.get(reverse("strategy:attention"))


@pytest.mark.django_db
def test_dashboard_summary_counts_each_list():
    from django.template.loader import render_to_string

    goal = _goal(_strategy())
    _indicator(goal, *SLOW)
    _indicator(goal)
    _action(goal, due_on=TODAY)
    _action(goal, due_on=TODAY)

    with translation.override("en"):
        html = render_to_string(
            "strategy/manage_attention_summary.html", {"attention": strategy_attention(TODAY)}
        )

    assert "1 indicator off track" in html
    assert "2 actions due within 30 days or overdue" in html
    assert "1 value to enter" in html
    assert 'href="/en/coordinator/strategy/attention/"' in html
