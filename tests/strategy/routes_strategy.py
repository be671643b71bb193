"""Routes of the strategy app (the public strategy pages) in the route matrix.

Everyone sees the current strategy, the archive and a past strategy. The
rows: a current strategy (pk 900701) with a goal, an indicator and two
measurements, and a past one (pk 900702).
"""

from datetime import date
from decimal import Decimal

from tests.route_matrix import Route, everyone

CURRENT_PK = 900_701
PAST_PK = 900_702

ROUTES = {
    "strategy:current": Route(everyone(200)),
    "strategy:archive": Route(everyone(200)),
    "strategy:detail": Route(everyone(200), kwargs={"pk": PAST_PK}),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects these routes name in their kwargs."""
    from strategy.models import Goal, Indicator, Measurement, Strategy

    current = Strategy.objects.create(
        pk=CURRENT_PK,
        title_pl="Strategia bieżąca macierzy",
        title_en="Current matrix strategy",
        period_start=2024,
        period_end=2030,
        vision_pl="Wizja bieżąca.",
        is_current=True,
    )
    Strategy.objects.create(
        pk=PAST_PK,
        title_pl="Strategia archiwalna macierzy",
        title_en="Archived matrix strategy",
        period_start=2013,
        period_end=2020,
        vision_pl="Wizja archiwalna.",
    )
    goal = Goal.objects.create(pk=CURRENT_PK, strategy=current, code="G1", title_pl="Cel bieżący")
    indicator = Indicator.objects.create(
        pk=CURRENT_PK,
        goal=goal,
        name_pl="Wskaźnik bieżący",
        target=Decimal(40),
        target_date=date(2028, 12, 31),
    )
    Measurement.objects.bulk_create(
        [
            Measurement(indicator=indicator, value=Decimal(20), measured_on=date(2024, 12, 31)),
            Measurement(indicator=indicator, value=Decimal(25), measured_on=date(2025, 12, 31)),
        ]
    )
