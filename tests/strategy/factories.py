"""Factories of the strategy app (rows as the services leave them)."""

from datetime import date
from decimal import Decimal

import factory

from strategy.models import Action, Goal, Indicator, Measurement, Objective, Strategy


class StrategyFactory(factory.django.DjangoModelFactory):
    """A strategy that is not current; pass ``is_current=True`` for the
    current one (at most one, by constraint)."""

    class Meta:
        model = Strategy

    title_pl = factory.Sequence(lambda n: f"Strategia rozwoju nr {n}")
    title_en = factory.Sequence(lambda n: f"Development strategy no. {n}")
    period_start = 2024
    period_end = 2030
    vision_pl = "Silna pozycja klastra w chemii specjalistycznej."
    vision_en = "A strong position of the cluster in specialty chemistry."
    regional_documents_pl = "Regionalna Strategia Innowacji Województwa Opolskiego"
    regional_documents_en = "Regional Innovation Strategy of the Opole Voivodeship"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    code = factory.Sequence(lambda n: f"G{n + 1}")
    title_pl = factory.Sequence(lambda n: f"Cel strategiczny {n + 1}")
    title_en = factory.Sequence(lambda n: f"Strategic goal {n + 1}")
    position = factory.Sequence(lambda n: n)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    goal = factory.SubFactory(GoalFactory)
    title_pl = factory.Sequence(lambda n: f"Cel operacyjny {n}")
    title_en = factory.Sequence(lambda n: f"Objective {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    title_pl = factory.Sequence(lambda n: f"Działanie {n}")
    title_en = factory.Sequence(lambda n: f"Action {n}")
    phase = Action.Phase.INTEGRATION
    owner = "Biuro klastra"
    due_on = date(2027, 12, 31)


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator entered by hand: target 40 firms by the end of 2027."""

    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name_pl = factory.Sequence(lambda n: f"Wskaźnik {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "firm"
    baseline = Decimal("20")
    target = Decimal("40")
    target_date = date(2027, 12, 31)
    direction = Indicator.Direction.UP


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("25")
    measured_on = date(2024, 1, 1)
    origin = Measurement.Origin.ENTERED
