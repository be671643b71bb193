from django.urls import path

from strategy import manage_views, readiness_views, views

app_name = "strategy"

urlpatterns = [
    path("strategy/", views.strategy_current, name="current"),
    path("strategy/archive/", views.archive, name="archive"),
    path("strategy/<int:pk>/", views.strategy_past, name="detail"),
    # The coordinator's pages (strategy/manage_views.py) follow here.
]

# The readiness report (strategy/readiness_views.py).
urlpatterns += [
    path("coordinator/readiness/", readiness_views.readiness, name="readiness"),
    path(
        "coordinator/readiness/export.<str:file_format>",
        readiness_views.readiness_export,
        name="readiness-export",
    ),
    path(
        "coordinator/readiness/<str:figure>/",
        readiness_views.readiness_detail,
        name="readiness-detail",
    ),
]

# The coordinator's management of the strategy (strategy/manage_views.py).
urlpatterns += [
    path("coordinator/strategy/", manage_views.manage, name="manage"),
    path("coordinator/strategy/attention/", manage_views.attention, name="attention"),
    path("coordinator/strategy/facts/", manage_views.manage_facts, name="manage-facts"),
    path("coordinator/strategy/<int:pk>/", manage_views.manage_strategy, name="manage-strategy"),
    path(
        "coordinator/strategy/<int:pk>/current/",
        manage_views.strategy_mark_current,
        name="strategy-mark-current",
    ),
    path(
        "coordinator/strategy/<int:pk>/carry-over/",
        manage_views.strategy_carry_over,
        name="strategy-carry-over",
    ),
    path(
        "coordinator/strategy/<int:pk>/delete/",
        manage_views.strategy_delete,
        name="strategy-delete",
    ),
    path("coordinator/strategy/<int:pk>/goals/new/", manage_views.goal_add, name="goal-add"),
    path("coordinator/strategy/goals/<int:pk>/", manage_views.manage_goal, name="manage-goal"),
    path(
        "coordinator/strategy/goals/<int:pk>/delete/",
        manage_views.goal_delete,
        name="goal-delete",
    ),
    path(
        "coordinator/strategy/goals/<int:pk>/objectives/new/",
        manage_views.objective_add,
        name="objective-add",
    ),
    path(
        "coordinator/strategy/goals/<int:pk>/indicators/new/",
        manage_views.indicator_add,
        name="indicator-add",
    ),
    path(
        "coordinator/strategy/objectives/<int:pk>/",
        manage_views.manage_objective,
        name="manage-objective",
    ),
    path(
        "coordinator/strategy/objectives/<int:pk>/delete/",
        manage_views.objective_delete,
        name="objective-delete",
    ),
    path(
        "coordinator/strategy/objectives/<int:pk>/actions/new/",
        manage_views.action_add,
        name="action-add",
    ),
    path(
        "coordinator/strategy/actions/<int:pk>/",
        manage_views.manage_action,
        name="manage-action",
    ),
    path(
        "coordinator/strategy/actions/<int:pk>/delete/",
        manage_views.action_delete,
        name="action-delete",
    ),
    path(
        "coordinator/strategy/indicators/<int:pk>/",
        manage_views.manage_indicator,
        name="manage-indicator",
    ),
    path(
        "coordinator/strategy/indicators/<int:pk>/delete/",
        manage_views.indicator_delete,
        name="indicator-delete",
    ),
    path(
        "coordinator/strategy/indicators/<int:pk>/measurements/",
        manage_views.measurements,
        name="measurements",
    ),
    path(
        "coordinator/strategy/indicators/<int:pk>/measurements/<int:measurement_pk>/delete/",
        manage_views.measurement_delete,
        name="measurement-delete",
    ),
]
