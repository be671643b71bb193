"""The strategy in the Django admin: to look things up, not to change them.

Changes go through the coordinator's strategy pages and the API, which call
the services (audit log, the one current strategy under a lock).
"""

from django.contrib import admin

from strategy.models import ClusterFacts, Goal, Indicator, Measurement, Strategy


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GoalInline(_ReadOnly, admin.TabularInline):
    model = Goal
    fields = ["code", "title_pl", "title_en", "position", "carried_from"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        # carried_from's title names its strategy.
        return super().get_queryset(request).select_related("carried_from__strategy")


class MeasurementInline(_ReadOnly, admin.TabularInline):
    model = Measurement
    fields = ["measured_on", "value", "origin", "source", "entered_by"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entered_by", "indicator")


@admin.register(Strategy)
class StrategyAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["title_pl", "period_start", "period_end", "is_current"]
    list_filter = ["is_current"]
    inlines = [GoalInline]


@admin.register(Indicator)
class IndicatorAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["name_pl", "goal", "unit", "target", "target_date", "direction", "source"]
    list_filter = ["direction", "goal__strategy"]
    list_select_related = ["goal"]
    search_fields = ["name_pl", "name_en"]
    inlines = [MeasurementInline]


@admin.register(ClusterFacts)
class ClusterFactsAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "founded_on", "seat_name", "management_fte", "updated_at"]
