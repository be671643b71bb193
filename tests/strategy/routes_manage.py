"""Routes of the strategy app (the coordinator's management) in the route matrix.

Every page is the coordinator's: visitors log in, everyone else gets 403.
POST-only routes check access first, then answer the coordinator's GET
with 405. The rows are a past (not current) strategy with one goal,
objective, action, indicator and measurement, all with pk 900801.
"""

from datetime import date
from decimal import Decimal

from tests.route_matrix import COORDINATOR_ONLY, Route

PK = 900_801
POST_ONLY = {**COORDINATOR_ONLY, "coordinator": 405}

ROUTES = {
    "strategy:manage": Route(COORDINATOR_ONLY),
    "strategy:attention": Route(COORDINATOR_ONLY),
    "strategy:manage-facts": Route(COORDINATOR_ONLY),
    "strategy:manage-strategy": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:strategy-mark-current": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:strategy-carry-over": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:strategy-delete": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:goal-add": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:manage-goal": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:goal-delete": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:objective-add": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:indicator-add": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:manage-objective": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:objective-delete": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:action-add": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:manage-action": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:action-delete": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:manage-indicator": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:indicator-delete": Route(POST_ONLY, kwargs={"pk": PK}),
    "strategy:measurements": Route(COORDINATOR_ONLY, kwargs={"pk": PK}),
    "strategy:measurement-delete": Route(POST_ONLY, kwargs={"pk": PK, "measurement_pk": PK}),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects these routes name in their kwargs."""
    from strategy.models import Action, Goal, Indicator, Measurement, Objective, Strategy

    strategy = Strategy.objects.create(
        pk=PK,
        title_pl="Strategia macierzy",
        title_en="Matrix strategy",
        period_start=2010,
        period_end=2012,
        vision_pl="Wizja macierzy.",
    )
    goal = Goal.objects.create(pk=PK, strategy=strategy, code="M1", title_pl="Cel macierzy")
    objective = Objective.objects.create(pk=PK, goal=goal, title_pl="Cel operacyjny macierzy")
    Action.objects.create(
        pk=PK,
        objective=objective,
        title_pl="Działanie macierzy",
        phase=Action.Phase.INTEGRATION,
        due_on=date(2012, 6, 30),
    )
    indicator = Indicator.objects.create(
        pk=PK,
        goal=goal,
        name_pl="Wskaźnik macierzy",
        target=Decimal(30),
        target_date=date(2012, 12, 31),
    )
    Measurement.objects.create(
        pk=PK, indicator=indicator, value=Decimal(20), measured_on=date(2011, 12, 31)
    )
