"""The public strategy pages: the current strategy, the archive, a past one."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

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


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"strategy:{name}", kwargs=kwargs)


def _strategy_with(goals: int, indicators: int):
    strategy = StrategyFactory(is_current=True)
    for g in range(goals):
        goal = GoalFactory(strategy=strategy, code=f"G{g + 1}")
        goal.projects.add(ProjectFactory())
        goal.events.add(EventFactory())
        ActionFactory(objective=ObjectiveFactory(goal=goal))
        for _ in range(indicators):
            indicator = IndicatorFactory(goal=goal)
            for year, value in ((2024, 20), (2025, 30)):
                MeasurementFactory(
                    indicator=indicator, value=Decimal(value), measured_on=date(year, 12, 31)
                )
    return strategy


@pytest.fixture
def current():
    """A current strategy: G1 with one indicator on track (20 → 30 a year,
    target 40 by 2027), one off track (target 100), one with one value."""
    strategy = StrategyFactory(
        is_current=True,
        title_pl="Strategia 2024–2030",
        title_en="Strategy 2024–2030",
        vision_pl="Wizja klastra.",
        vision_en="The cluster's vision.",
        regional_documents_pl="- Opolskie 2030\n- RIS Opolskie",
        regional_documents_en="- Opole 2030\n- Opole RIS",
    )
    goal = GoalFactory(strategy=strategy, code="G1", title_pl="Integracja", title_en="Integration")
    ActionFactory(
        objective=ObjectiveFactory(goal=goal, title_en="Meet twice a year"),
        title_en="Spring meeting",
        status="done",
    )
    for name, target, values in (
        ("Members at events", 40, [20, 30]),
        ("Active members", 100, [20, 30]),
        ("Foreign partners", 4, [1]),
    ):
        indicator = IndicatorFactory(goal=goal, name_en=name, target=Decimal(target), unit="%")
        for year, value in zip((2024, 2025), values, strict=False):
            MeasurementFactory(
                indicator=indicator, value=Decimal(value), measured_on=date(year, 12, 31)
            )
    return strategy


@pytest.mark.parametrize("member", ["visitor", "outsider", "firm_a_editor", "coordinator"])
def test_current_strategy_shows_vision_goals_progress_and_charts(client_as, current, member):
    html = client_as(member).get(_url("current")).content.decode()

    assert "Strategy 2024–2030" in html
    assert "The cluster's vision." in html
    assert "Integration" in html
    assert "Meet twice a year" in html and "Spring meeting" in html
    # Two of three indicators have a trend; one of them is on track.
    assert "1 of 2 assessed indicators on track (50&nbsp;%)" in html
    assert "1 indicator without enough data yet" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart"') == 3
    assert html.count("track-on_track") == 1
    assert html.count("track-off_track") == 1
    assert html.count("track-not_enough_data") == 1
    assert '<caption lang="en">Members at events</caption>' in html
    assert "Opole 2030" in html and "Opole RIS" in html
    assert " style=" not in html


def test_current_strategy_in_polish_shows_polish_texts(client, current):
    html = client.get(_url("current", "pl")).content.decode()

    assert '<html lang="pl">' in html
    assert "Strategia 2024–2030" in html
    assert "Integracja" in html
    assert "Opolskie 2030" in html


def test_goals_list_only_the_linked_projects_the_user_may_see(client_as, current):
    goal = current.goals.get()
    goal.projects.add(ProjectFactory(title_en="Open catalysts"))
    goal.projects.add(ProjectFactory(title_en="Members' secret", visibility="members"))

    visitor = client_as("visitor").get(_url("current")).content.decode()
    member = client_as("firm_a_editor").get(_url("current")).content.decode()

    assert "Open catalysts" in visitor and "Members&#x27; secret" not in visitor
    assert "Open catalysts" in member and "Members&#x27; secret" in member


def test_without_a_current_strategy_the_page_says_so(client):
    response = client.get(_url("current"))

    assert response.status_code == 200
    assert "has not published a current strategy yet" in response.content.decode()


@pytest.mark.parametrize(("goals", "indicators"), [(1, 1), (6, 5)])
def test_strategy_page_query_count_is_constant(
    client, django_assert_num_queries, goals, indicators
):
    _strategy_with(goals, indicators)
    client.get(_url("current"))

    with django_assert_num_queries(8):
        # 1. the strategy, 2. its goals with the strategies they came from
        # 3. objectives, 4. actions, 5. indicators, 6. measurements
        # 7. the linked projects the visitor may see, 8. the linked events
        response = client.get(_url("current"))

    assert response.content.decode().count("<svg") == goals * indicators


@pytest.mark.parametrize(("goals", "indicators"), [(1, 1), (6, 5)])
def test_strategy_page_query_count_for_a_member(
    client_as, django_assert_num_queries, goals, indicators
):
    _strategy_with(goals, indicators)
    client = client_as("firm_a_admin")
    client.get(_url("current"))

    with django_assert_num_queries(12):
        # 1. the session, 2. its user, 3. whether the user is a member,
        # 4. whether the user is the coordinator (projects and events they
        # may see), 5.-12. as for a visitor
        response = client.get(_url("current"))

    assert response.status_code == 200


def test_archive_lists_past_strategies_only(client, current):
    past = StrategyFactory(title_en="Strategy 2013–2020", period_start=2013, period_end=2020)

    html = client.get(_url("archive")).content.decode()

    assert f'href="{_url("detail", pk=past.pk)}"' in html
    assert "Strategy 2013–2020" in html
    assert "Strategy 2024–2030" not in html


@pytest.mark.parametrize("strategies", [1, 10])
def test_archive_query_count(client, django_assert_num_queries, strategies):
    for _ in range(strategies):
        StrategyFactory()
    client.get(_url("archive"))  # caches the footer

    with django_assert_num_queries(1):
        # 1. the past strategies
        client.get(_url("archive"))


def test_past_strategy_page_shows_it_as_archived(client, current):
    past = StrategyFactory(title_en="Strategy 2013–2020", period_start=2013, period_end=2020)
    GoalFactory(strategy=past, code="G1", title_en="Old integration")

    html = client.get(_url("detail", pk=past.pk)).content.decode()

    assert "An archived strategy" in html
    assert "Old integration" in html
    assert "progress: not enough data yet" in html


def test_current_strategy_by_number_redirects_to_the_current_page(client, current):
    response = client.get(_url("detail", pk=current.pk))

    assert (response.status_code, response["Location"]) == (302, _url("current"))


def test_unknown_strategy_is_404(client):
    assert client.get(_url("detail", pk=999_999)).status_code == 404


def test_carried_goal_names_its_earlier_strategy(client, current):
    past = StrategyFactory(period_start=2013, period_end=2020)
    old = GoalFactory(strategy=past, code="G9")
    GoalFactory(strategy=current, code="G2", carried_from=old)

    html = client.get(_url("current")).content.decode()

    assert "Carried over from the strategy 2013–2020" in html


def test_project_and_event_pages_list_their_goals(client, current):
    goal = current.goals.get()
    project = ProjectFactory()
    event = EventFactory()
    goal.projects.add(project)
    goal.events.add(event)

    with translation.override("en"):
        project_html = client.get(project.get_absolute_url()).content.decode()
        event_html = client.get(event.get_absolute_url()).content.decode()

    for html in (project_html, event_html):
        assert "Strategic goals it serves" in html
        assert 'href="/en/strategy/#goal-g1"' in html
        assert "Integration" in html


def test_about_page_reads_the_current_strategy(client, current):
    html = client.get("/en/about/").content.decode()

    assert "The cluster&#x27;s vision." in html
    assert "Integration" in html
    assert "New investment partners" not in html  # the shipped goals give way


def test_about_page_falls_back_to_the_shipped_goals(client):
    html = client.get("/en/about/").content.decode()

    assert "New investment partners" in html
