"""The strategy app's API routes, included under /api/v1/ (namespace ``api``)."""

from django.urls import path

from strategy import api

urlpatterns = [
    path("strategy/", api.current_strategy_view, name="strategy-current"),
    path("strategies/", api.strategy_list, name="strategies"),
    path("strategies/<int:pk>/", api.strategy_detail_view, name="strategy"),
    path("strategies/<int:pk>/current/", api.strategy_current, name="strategy-mark-current"),
    path("indicators/<int:pk>/", api.indicator_detail, name="indicator"),
    path(
        "indicators/<int:pk>/measurements/",
        api.measurement_list,
        name="indicator-measurements",
    ),
    path("measurements/<int:pk>/", api.measurement_detail, name="measurement"),
]
