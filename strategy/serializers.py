"""Serializers of the strategy app's API (``strategy.api``).

The read serializers expect a strategy prefetched by
``strategy.selectors.current_strategy`` or ``strategy_detail`` and assessed
by ``strategy.selectors.assess`` (``indicator.trend``, ``indicator.latest``,
``goal.progress``), so a whole strategy is shown in a fixed number of
queries. ``context["live_values"]`` is a dict shared by one response: each
live source is computed once however many indicators name it.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from strategy import sources, trends
from strategy.models import Action, Indicator, Measurement

NUMBER = {"max_digits": 14, "decimal_places": 2}
NOTE_MAX_LENGTH = 2000
TREND_STATES = [
    (trends.ON_TRACK, _("On track")),
    (trends.OFF_TRACK, _("Off track")),
    (trends.NOT_ENOUGH_DATA, _("Not enough data")),
]


def live_value(context: dict, code: str):
    """The live value of source ``code`` today as a Decimal (or None),
    computed once per response."""
    values = context.setdefault("live_values", {})
    if code not in values:
        value = sources.live_value(code) if code in sources.SOURCES else None
        values[code] = Decimal(value) if isinstance(value, int | Decimal) else None
    return values[code]


# --- Reads ------------------------------------------------------------------------


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    value = serializers.DecimalField(read_only=True, **NUMBER)
    measured_on = serializers.DateField(read_only=True)
    source = serializers.CharField(read_only=True, help_text=_("Where the value comes from."))
    note = serializers.CharField(read_only=True)
    origin = serializers.ChoiceField(
        choices=Measurement.Origin.choices,
        read_only=True,
        help_text=_("Entered by the coordinator, or a monthly snapshot of a live source."),
    )


class GoalProgressSerializer(serializers.Serializer):
    on_track = serializers.IntegerField(read_only=True)
    assessed = serializers.IntegerField(
        read_only=True, help_text=_("Indicators with at least two measurement days.")
    )
    total = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("The share of assessed indicators on track; null when none is assessed."),
    )


class IndicatorSerializer(serializers.Serializer):
    """An indicator with its trend; reads ``indicator.trend`` and
    ``indicator.latest`` (``strategy.selectors.assess``)."""

    id = serializers.IntegerField(read_only=True)
    name_pl = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    baseline = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    baseline_date = serializers.DateField(read_only=True, allow_null=True)
    target = serializers.DecimalField(read_only=True, **NUMBER)
    target_date = serializers.DateField(read_only=True)
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices, read_only=True)
    source = serializers.CharField(
        read_only=True,
        help_text=_("The code of the live source computing it; blank when entered by hand."),
    )
    current_value = serializers.SerializerMethodField(
        help_text=_(
            "Today's value of the live source, or else the latest measurement; null when "
            "there is none."
        )
    )
    current_value_on = serializers.SerializerMethodField(
        help_text=_("The day of the current value (today for a live source).")
    )
    trend = serializers.SerializerMethodField(
        help_text=_(
            "Whether the least-squares trend of the measurements reaches the target by the "
            "target date in the indicator's direction; fewer than two measurement days: "
            "not enough data."
        )
    )
    projected_value = serializers.SerializerMethodField(
        help_text=_("The trend's value on the target date; null without enough data.")
    )
    measurements = MeasurementSerializer(many=True, read_only=True, help_text=_("Oldest first."))

    def _current(self, indicator) -> tuple:
        if indicator.source:
            return live_value(self.context, indicator.source), timezone.localdate()
        if indicator.latest is None:
            return None, None
        return indicator.latest.value, indicator.latest.measured_on

    @extend_schema_field(serializers.DecimalField(allow_null=True, **NUMBER))
    def get_current_value(self, indicator):
        value = self._current(indicator)[0]
        return (
            None if value is None else serializers.DecimalField(**NUMBER).to_representation(value)
        )

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_current_value_on(self, indicator):
        day = self._current(indicator)[1]
        return None if day is None else day.isoformat()

    @extend_schema_field(serializers.ChoiceField(choices=TREND_STATES))
    def get_trend(self, indicator) -> str:
        return indicator.trend.state

    @extend_schema_field(serializers.DecimalField(allow_null=True, **NUMBER))
    def get_projected_value(self, indicator):
        projected = indicator.trend.projected_decimal
        if projected is None:
            return None
        return serializers.DecimalField(**NUMBER).to_representation(
            projected.quantize(Decimal("0.01"))
        )


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    phase = serializers.ChoiceField(choices=Action.Phase.choices, read_only=True)
    owner = serializers.CharField(read_only=True)
    starts_on = serializers.DateField(read_only=True, allow_null=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=Action.Status.choices, read_only=True)


class ObjectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True)


class LinkedItemSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)


class GoalSerializer(serializers.Serializer):
    """A goal with its progress, objectives, indicators and the projects and
    events serving it that the requester may see."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    description_pl = serializers.CharField(read_only=True)
    description_en = serializers.CharField(read_only=True)
    progress = GoalProgressSerializer(read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    projects = LinkedItemSerializer(source="visible_projects", many=True, read_only=True)
    events = LinkedItemSerializer(source="visible_events", many=True, read_only=True)


class StrategySerializer(serializers.Serializer):
    """A strategy in the list (the current one and the archive)."""

    id = serializers.IntegerField(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    period_start = serializers.IntegerField(read_only=True)
    period_end = serializers.IntegerField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)


class StrategyDetailSerializer(StrategySerializer):
    vision_pl = serializers.CharField(read_only=True)
    vision_en = serializers.CharField(read_only=True)
    regional_documents_pl = serializers.CharField(
        read_only=True, help_text=_("One document per line (Markdown).")
    )
    regional_documents_en = serializers.CharField(read_only=True)
    goals = GoalSerializer(many=True, read_only=True)


class GoalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    strategy = StrategySerializer(read_only=True)


class IndicatorDetailSerializer(IndicatorSerializer):
    goal = GoalRefSerializer(read_only=True)
    position = serializers.IntegerField(read_only=True)


# --- Writes (the coordinator) -------------------------------------------------------


class MeasurementCreateSerializer(serializers.Serializer):
    value = serializers.DecimalField(**NUMBER)
    measured_on = serializers.DateField(
        help_text=_("The day the value holds for; not in the future.")
    )
    source = serializers.CharField(
        max_length=Measurement._meta.get_field("source").max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Where the value comes from (a report, a survey)."),
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def validate_measured_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("A measurement cannot be dated in the future."))
        return value


class IndicatorUpdateSerializer(serializers.Serializer):
    """An indicator's definition (PATCH: the fields given change)."""

    name_pl = serializers.CharField(max_length=Indicator._meta.get_field("name_pl").max_length)
    name_en = serializers.CharField(
        max_length=Indicator._meta.get_field("name_en").max_length, allow_blank=True
    )
    unit = serializers.CharField(
        max_length=Indicator._meta.get_field("unit").max_length, allow_blank=True
    )
    baseline = serializers.DecimalField(allow_null=True, **NUMBER)
    baseline_date = serializers.DateField(allow_null=True)
    target = serializers.DecimalField(**NUMBER)
    target_date = serializers.DateField()
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices)
    source = serializers.CharField(
        max_length=Indicator._meta.get_field("source").max_length,
        allow_blank=True,
        help_text=_("A live source's code, or blank for values entered by hand."),
    )
    position = serializers.IntegerField(min_value=0, max_value=32767)

    def validate_name_pl(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("Give the indicator's name."))
        return value

    def validate_source(self, value):
        if value and value not in sources.SOURCES:
            raise serializers.ValidationError(
                _("There is no live source with this code. Known codes: %(codes)s.")
                % {"codes": ", ".join(sorted(sources.SOURCES))}
            )
        return value
