"""Routes of the strategy app (api) in the route matrix.

Reading is public: the current strategy (routes_strategy's), the list, an
archived strategy and an indicator of it (pk 900901 each). The
coordinator's writes check access first (visitors 401, everyone else 403)
and then answer the coordinator's GET with 405; PATCH on an indicator
shares its public GET.
"""

from datetime import date
from decimal import Decimal

from tests.route_matrix import Route, everyone, visitor_and_users

PK = 900_901

_POST_ONLY = {**visitor_and_users(401, 403), "coordinator": 405}


def _api(statuses, **kwargs):
    return Route(statuses, kwargs=kwargs, language=False)


ROUTES: dict = {
    "api:strategy-current": _api(everyone(200)),
    "api:strategies": _api(everyone(200)),
    "api:strategy": _api(everyone(200), pk=PK),
    "api:strategy-mark-current": _api(_POST_ONLY, pk=PK),
    "api:indicator": _api(everyone(200), pk=PK),
    "api:indicator-measurements": _api(_POST_ONLY, pk=PK),
    "api:measurement": _api(_POST_ONLY, pk=PK),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """An archived strategy with a goal, an indicator and a measurement."""
    from strategy.models import Goal, Indicator, Measurement, Strategy

    strategy = Strategy.objects.create(
        pk=PK,
        title_pl="Strategia archiwalna API",
        period_start=2005,
        period_end=2012,
        vision_pl="Wizja archiwalna.",
    )
    goal = Goal.objects.create(pk=PK, strategy=strategy, code="G1", title_pl="Cel archiwalny")
    indicator = Indicator.objects.create(
        pk=PK,
        goal=goal,
        name_pl="Wskaźnik archiwalny",
        target=Decimal(30),
        target_date=date(2012, 12, 31),
    )
    Measurement.objects.create(
        pk=PK, indicator=indicator, value=Decimal(12), measured_on=date(2010, 12, 31)
    )
