"""The API fuzzing targets of this app (tests/api/test_schema.py).

A current strategy with a goal, an indicator and a measurement, and an
archived strategy for the coordinator to mark current; ``reset`` puts the
rows back before each case (marking current swaps the flags, a PATCH
changes the indicator, a POST adds measurements, a DELETE removes one).
"""

from datetime import date
from decimal import Decimal

from strategy.models import Goal, Indicator, Measurement, Strategy
from tests.api.schema_targets import SchemaTargets

# How many operations (method + path) this app's API documents: the
# current strategy, the list, a strategy, marking it current, an indicator
# (read, change), entering a measurement and deleting one.
OPERATIONS = 8

CURRENT_PK = 900_921
ARCHIVED_PK = 900_922


def prepare(*, firm_a, firm_b, firm_a_admin, firm_a_editor, firm_b_admin, coordinator):
    """Create the objects the fuzzing should find; return the targets."""
    current = Strategy.objects.create(
        pk=CURRENT_PK,
        title_pl="Strategia bieżąca",
        period_start=2021,
        period_end=2027,
        vision_pl="Wizja.",
        is_current=True,
    )
    Strategy.objects.create(
        pk=ARCHIVED_PK,
        title_pl="Strategia archiwalna",
        period_start=2013,
        period_end=2020,
        vision_pl="Wizja archiwalna.",
    )
    goal = Goal.objects.create(pk=CURRENT_PK, strategy=current, code="G1", title_pl="Cel")
    indicator = Indicator.objects.create(
        pk=CURRENT_PK,
        goal=goal,
        name_pl="Liczba członków",
        target=Decimal(60),
        target_date=date(2027, 12, 31),
    )
    Measurement.objects.create(
        pk=CURRENT_PK, indicator=indicator, value=Decimal(40), measured_on=date(2024, 12, 31)
    )
    indicator_row = Indicator.objects.filter(pk=CURRENT_PK).values().get()
    measurement_row = Measurement.objects.filter(pk=CURRENT_PK).values().get()
    for row in (indicator_row, measurement_row):
        row.pop("id")

    def reset():
        Strategy.objects.filter(pk=ARCHIVED_PK).update(is_current=False)
        Strategy.objects.filter(pk=CURRENT_PK).update(is_current=True)
        Indicator.objects.filter(pk=CURRENT_PK).update(**indicator_row)
        Measurement.objects.exclude(pk=CURRENT_PK).delete()
        Measurement.objects.update_or_create(pk=CURRENT_PK, defaults=measurement_row)

    return SchemaTargets(
        paths={
            "/api/v1/strategies/{id}/": {"id": CURRENT_PK},
            "/api/v1/strategies/{id}/current/": {"id": ARCHIVED_PK},
            "/api/v1/indicators/{id}/": {"id": CURRENT_PK},
            "/api/v1/indicators/{id}/measurements/": {"id": CURRENT_PK},
            "/api/v1/measurements/{id}/": {"id": CURRENT_PK},
        },
        acting={
            ("POST", "/api/v1/strategies/{id}/current/"): "coordinator",
            ("PATCH", "/api/v1/indicators/{id}/"): "coordinator",
            ("POST", "/api/v1/indicators/{id}/measurements/"): "coordinator",
            ("DELETE", "/api/v1/measurements/{id}/"): "coordinator",
        },
        reset=reset,
    )
