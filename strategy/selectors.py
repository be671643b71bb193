"""Reads of the strategy app, shared by the pages, the API and the home page."""

from datetime import date
from functools import cache
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import ngettext

from chemster.lib.i18n import localized
from events.selectors import events_visible_to
from projects.selectors import projects_visible_to
from strategy import sources, trends
from strategy.content import goals as content
from strategy.models import Action, ClusterFacts, Goal, Indicator, Measurement, Objective, Strategy

STRATEGY_TEXT = "strategy/content/strategia-rozwoju-2013-2020.txt"


def _goal_prefetches(user) -> list[Prefetch]:
    """Everything a strategy page shows below its goals, in a fixed number
    of queries whatever the number of goals, objectives or indicators.

    With ``user`` the goals also carry ``visible_projects`` and
    ``visible_events``: the linked ones that user may see.
    """
    prefetches = [
        Prefetch(
            "goals",
            queryset=Goal.objects.order_by("position", "code", "id").select_related(
                "carried_from__strategy"
            ),
        ),
        Prefetch("goals__objectives", queryset=Objective.objects.order_by("position", "id")),
        Prefetch(
            "goals__objectives__actions",
            queryset=Action.objects.order_by("due_on", "id"),
        ),
        Prefetch("goals__indicators", queryset=Indicator.objects.order_by("position", "id")),
        Prefetch(
            "goals__indicators__measurements",
            queryset=Measurement.objects.order_by("measured_on", "id"),
        ),
    ]
    if user is not None:
        prefetches += [
            Prefetch(
                "goals__projects",
                queryset=projects_visible_to(user).order_by("title_pl", "id"),
                to_attr="visible_projects",
            ),
            Prefetch(
                "goals__events",
                queryset=events_visible_to(user).order_by("-starts_at", "id"),
                to_attr="visible_events",
            ),
        ]
    return prefetches


def current_strategy(user=None) -> Strategy | None:
    """The current strategy with goals → objectives → actions and goals →
    indicators → measurements prefetched (and, given ``user``, the linked
    projects and events that user may see); ``None`` when there is none.
    """
    return (
        Strategy.objects.filter(is_current=True).prefetch_related(*_goal_prefetches(user)).first()
    )


def strategy_detail(pk: int, user=None) -> Strategy | None:
    """Any strategy by primary key, prefetched like ``current_strategy``."""
    return Strategy.objects.filter(pk=pk).prefetch_related(*_goal_prefetches(user)).first()


def strategy_archive() -> QuerySet[Strategy]:
    """The strategies that are not current, latest period first."""
    return Strategy.objects.filter(is_current=False).order_by("-period_start", "-id")


def assess(strategy: Strategy) -> None:
    """Attach trends to a prefetched strategy's indicators and progress to
    its goals (``indicator.trend``, ``goal.progress``); no queries."""
    for goal in strategy.goals.all():
        goal_trends = []
        for indicator in goal.indicators.all():
            indicator.trend = trends.indicator_trend(indicator)
            measurements = indicator.measurements.all()
            indicator.latest = measurements[len(measurements) - 1] if measurements else None
            goal_trends.append(indicator.trend)
        goal.progress = trends.progress(goal_trends)


def cluster_facts() -> ClusterFacts:
    """The one row of facts only the coordinator knows, with its budget
    lines; an unsaved empty row when the coordinator has entered none."""
    facts = ClusterFacts.objects.prefetch_related("budget_lines").filter(pk=1).first()
    return facts or ClusterFacts(pk=1)


# --- The home and about pages -------------------------------------------------
# They show the current strategy; on an empty database (a fresh install, the
# tests) they fall back to the goals the shipped text names.


def _current_goals():
    strategy = (
        Strategy.objects.filter(is_current=True)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "code")))
        .first()
    )
    if strategy is None:
        return None
    return list(strategy.goals.all())


def strategy_goals() -> list[dict]:
    """The current strategy's goals in the active language (code, title,
    summary); the shipped goals when no strategy is current."""
    goals = _current_goals()
    if goals is None:
        return [
            {
                "code": goal["code"],
                "title": localized(SimpleNamespace(**goal), "title"),
                "summary": localized(SimpleNamespace(**goal), "summary"),
            }
            for goal in content.GOALS
        ]
    return [
        {
            "code": goal.code,
            "title": localized(goal, "title"),
            "summary": localized(goal, "description"),
        }
        for goal in goals
    ]


def strategy_vision():
    """The current strategy's vision in the active language (or the shipped one)."""
    strategy = Strategy.objects.filter(is_current=True).only("vision_pl", "vision_en").first()
    if strategy is None:
        strategy = SimpleNamespace(vision_pl=content.VISION_PL, vision_en=content.VISION_EN)
    return localized(strategy, "vision")


@cache
def strategy_source_text() -> tuple[str, ...]:
    """The shipped strategy text (Polish), split into paragraphs."""
    path = settings.BASE_DIR / STRATEGY_TEXT
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line.strip())


def years_of_operation(today: date) -> int:
    """Full years since the founding date the strategy text gives (no query;
    the home page's figure prefers the coordinator's date, sources.py)."""
    return sources.full_years_between(content.FOUNDED, today)


def _headline_label(code: str, value) -> str:
    count = value if isinstance(value, int) else 2
    labels = {
        "active_members": lambda: ngettext("member firm", "member firms", count),
        "years_of_operation": lambda: ngettext(
            "year of cooperation", "years of cooperation", count
        ),
        "projects_active": lambda: ngettext(
            "joint project under way", "joint projects under way", count
        ),
        "events_this_year": lambda: ngettext("event this year", "events this year", count),
    }
    label = labels.get(code)
    return label() if label else str(sources.SOURCES[code].label)


def headline_figures(today: date) -> list[dict]:
    """Figures for the home page, each a value and its label, computed by
    the live sources (strategy/sources.py ``HEADLINE_SOURCES``)."""
    return [
        {"value": value, "label": _headline_label(code, value)}
        for code, value in sources.headline_values(today).items()
    ]
