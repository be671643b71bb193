"""Reads of the strategy: for now from the content the app ships."""

from datetime import date
from functools import cache
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chemster.lib.i18n import localized
from members.selectors import active_member_count
from strategy.content import goals as content

STRATEGY_TEXT = "strategy/content/strategia-rozwoju-2013-2020.txt"


def strategy_goals() -> list[dict]:
    """The goals in the active language (code, title, summary)."""
    goals = []
    for goal in content.GOALS:
        item = SimpleNamespace(**goal)
        goals.append(
            {
                "code": goal["code"],
                "title": localized(item, "title"),
                "summary": localized(item, "summary"),
            }
        )
    return goals


def strategy_vision():
    vision = SimpleNamespace(text_pl=content.VISION_PL, text_en=content.VISION_EN)
    return localized(vision, "text")


@cache
def strategy_source_text() -> tuple[str, ...]:
    """The shipped strategy text (Polish), split into paragraphs."""
    path = settings.BASE_DIR / STRATEGY_TEXT
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line.strip())


def years_of_operation(today: date) -> int:
    founded = content.FOUNDED
    return today.year - founded.year - ((today.month, today.day) < (founded.month, founded.day))


def headline_figures(today: date) -> list[dict]:
    """Figures for the home page, each a value and its label.

    Each domain issue adds its own (members, projects, events) here.
    """
    years = years_of_operation(today)
    goals = len(content.GOALS)
    members = active_member_count()
    return [
        {
            "value": members,
            "label": ngettext("member firm", "member firms", members),
        },
        {
            "value": years,
            "label": ngettext("year of cooperation", "years of cooperation", years),
        },
        {
            "value": content.FOUNDING_ENTITIES,
            "label": _("founding members in 2013"),
        },
        {
            "value": goals,
            "label": ngettext("strategic goal", "strategic goals", goals),
        },
    ]
