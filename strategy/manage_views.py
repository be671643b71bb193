"""The coordinator's pages for the strategy: strategies, goals, objectives,
actions, indicators, measurements, the cluster's facts and what needs
attention.

Every page is the coordinator's (``coordinator_required``: visitors log
in, everyone else gets 403). POST-only views check access before the
method, so that only the coordinator learns that the URL wants a POST.
Children are fetched with their parents (``select_related``) so each page
can link back up the tree.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.permissions import coordinator_required
from strategy import services, sources
from strategy.attention import strategy_attention
from strategy.charts import format_number
from strategy.manage_forms import (
    ActionForm,
    BudgetLineFormSet,
    CarryOverForm,
    ClusterFactsForm,
    GoalForm,
    IndicatorForm,
    MeasurementForm,
    ObjectiveForm,
    StrategyForm,
)
from strategy.models import Action, Goal, Indicator, Objective, Strategy
from strategy.selectors import cluster_facts
from strategy.trends import indicator_trend


def _post_only(request):
    """A 405 answer unless the request is a POST (after the access check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _data(request):
    return request.POST if request.method == "POST" else None


def _refused(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _url(name, pk) -> str:
    return reverse(name, kwargs={"pk": pk})


def _form_error(form, error: ValidationError) -> None:
    """Show a service's refusal beside its field, or above the form when the
    form has no such field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _goal(pk):
    return get_object_or_404(Goal.objects.select_related("strategy"), pk=pk)


def _objective(pk):
    return get_object_or_404(Objective.objects.select_related("goal__strategy"), pk=pk)


def _action(pk):
    return get_object_or_404(Action.objects.select_related("objective__goal__strategy"), pk=pk)


def _indicator(pk):
    return get_object_or_404(Indicator.objects.select_related("goal__strategy"), pk=pk)


def _source_label(code: str):
    """The live source's label; an unknown code (a source since removed
    from the registry) shows as itself."""
    item = sources.SOURCES.get(code)
    return item.label if item else code


def _label_sources(indicators) -> None:
    for indicator in indicators:
        indicator.source_label = _source_label(indicator.source) if indicator.source else ""


# --- Strategies ---------------------------------------------------------------


@coordinator_required
def manage(request):
    """Every strategy, and the form that starts a new period."""
    form = StrategyForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.create_strategy(actor=request.user, **form.fields_for_service())
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("The strategy “%(title)s” is created.") % {"title": strategy.title_pl}
            )
            return redirect("strategy:manage-strategy", pk=strategy.pk)
    strategies = Strategy.objects.annotate(goal_count=Count("goals")).order_by(
        "-period_start", "-id"
    )
    return render(
        request,
        "strategy/manage_list.html",
        {
            "strategies": strategies,
            "form": form,
        },
    )


@coordinator_required
def manage_strategy(request, pk):
    strategy = get_object_or_404(Strategy, pk=pk)
    form = StrategyForm(_data(request), instance=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_strategy(
                actor=request.user, strategy=strategy, **form.fields_for_service()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect("strategy:manage-strategy", pk=strategy.pk)
    goals = strategy.goals.annotate(
        objective_count=Count("objectives", distinct=True),
        indicator_count=Count("indicators", distinct=True),
    ).order_by("position", "code", "id")
    return render(
        request,
        "strategy/manage_strategy.html",
        {
            "strategy": strategy,
            "form": form,
            "goals": goals,
            "carry_over_form": CarryOverForm(target=strategy),
        },
    )


@coordinator_required
def strategy_mark_current(request, pk):
    if refused := _post_only(request):
        return refused
    strategy = get_object_or_404(Strategy, pk=pk)
    try:
        services.mark_current(actor=request.user, strategy=strategy)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s” is now the current strategy.") % {"title": strategy.title_pl},
        )
    return redirect("strategy:manage")


@coordinator_required
def strategy_carry_over(request, pk):
    if refused := _post_only(request):
        return refused
    strategy = get_object_or_404(Strategy, pk=pk)
    form = CarryOverForm(request.POST, target=strategy)
    if not form.is_valid():
        messages.error(request, _("Choose the strategy to carry the goals over from."))
        return redirect("strategy:manage-strategy", pk=strategy.pk)
    try:
        copies = services.carry_over_goals(
            actor=request.user, source=form.cleaned_data["source"], target=strategy
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        if copies:
            messages.success(
                request,
                _("Goals carried over: %(codes)s.") % {"codes": ", ".join(g.code for g in copies)},
            )
        else:
            messages.info(request, _("This strategy has every goal of the other one already."))
    return redirect("strategy:manage-strategy", pk=strategy.pk)


@coordinator_required
def strategy_delete(request, pk):
    if refused := _post_only(request):
        return refused
    strategy = get_object_or_404(Strategy, pk=pk)
    try:
        services.delete_strategy(actor=request.user, strategy=strategy)
    except ValidationError as error:
        _refused(request, error)
        return redirect("strategy:manage-strategy", pk=strategy.pk)
    messages.success(
        request, _("The strategy “%(title)s” is deleted.") % {"title": strategy.title_pl}
    )
    return redirect("strategy:manage")


# --- Goals --------------------------------------------------------------------


def _save_goal(request, form, *, strategy, goal=None):
    """Create or update the goal from a valid form; None when refused."""
    links = {
        "projects": form.cleaned_data["projects"],
        "events": form.cleaned_data["events"],
    }
    try:
        if goal is None:
            return services.create_goal(
                actor=request.user, strategy=strategy, **links, **form.fields_for_service()
            )
        return services.update_goal(
            actor=request.user, goal=goal, **links, **form.fields_for_service()
        )
    except ValidationError as error:
        _form_error(form, error)
        return None


@coordinator_required
def goal_add(request, pk):
    strategy = get_object_or_404(Strategy, pk=pk)
    form = GoalForm(_data(request), strategy=strategy)
    if request.method == "POST" and form.is_valid():
        goal = _save_goal(request, form, strategy=strategy)
        if goal is not None:
            messages.success(request, _("The goal %(code)s is added.") % {"code": goal.code})
            return redirect("strategy:manage-goal", pk=goal.pk)
    return render(
        request,
        "strategy/manage_form.html",
        {
            "title": _("Add a goal"),
            "strategy": strategy,
            "form": form,
            "back_url": _url("strategy:manage-strategy", strategy.pk),
        },
    )


@coordinator_required
def manage_goal(request, pk):
    goal = _goal(pk)
    form = GoalForm(_data(request), instance=goal, strategy=goal.strategy)
    valid = request.method == "POST" and form.is_valid()
    if valid and _save_goal(request, form, strategy=goal.strategy, goal=goal) is not None:
        messages.success(request, _("The goal %(code)s is saved.") % {"code": goal.code})
        return redirect("strategy:manage-goal", pk=goal.pk)
    objectives = goal.objectives.prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("due_on", "id"))
    ).order_by("position", "id")
    indicators = list(
        goal.indicators.annotate(measurement_count=Count("measurements")).order_by("position", "id")
    )
    _label_sources(indicators)
    return render(
        request,
        "strategy/manage_goal.html",
        {
            "goal": goal,
            "strategy": goal.strategy,
            "form": form,
            "objectives": objectives,
            "indicators": indicators,
        },
    )


@coordinator_required
def goal_delete(request, pk):
    if refused := _post_only(request):
        return refused
    goal = _goal(pk)
    services.delete_goal(actor=request.user, goal=goal)
    messages.success(request, _("The goal %(code)s is deleted.") % {"code": goal.code})
    return redirect("strategy:manage-strategy", pk=goal.strategy_id)


# --- Objectives and actions -----------------------------------------------------


@coordinator_required
def objective_add(request, pk):
    goal = _goal(pk)
    form = ObjectiveForm(_data(request))
    if request.method == "POST" and form.is_valid():
        objective = services.create_objective(
            actor=request.user, goal=goal, **form.fields_for_service()
        )
        messages.success(request, _("The objective is added."))
        return redirect("strategy:manage-objective", pk=objective.pk)
    return render(
        request,
        "strategy/manage_form.html",
        {
            "title": _("Add an objective"),
            "strategy": goal.strategy,
            "goal": goal,
            "form": form,
            "back_url": _url("strategy:manage-goal", goal.pk),
        },
    )


@coordinator_required
def manage_objective(request, pk):
    objective = _objective(pk)
    form = ObjectiveForm(_data(request), instance=objective)
    if request.method == "POST" and form.is_valid():
        services.update_objective(
            actor=request.user, objective=objective, **form.fields_for_service()
        )
        messages.success(request, _("The objective is saved."))
        return redirect("strategy:manage-goal", pk=objective.goal_id)
    return render(
        request,
        "strategy/manage_objective.html",
        {
            "objective": objective,
            "goal": objective.goal,
            "strategy": objective.goal.strategy,
            "form": form,
            "actions": objective.actions.order_by("due_on", "id"),
        },
    )


@coordinator_required
def objective_delete(request, pk):
    if refused := _post_only(request):
        return refused
    objective = _objective(pk)
    services.delete_objective(actor=request.user, objective=objective)
    messages.success(request, _("The objective is deleted."))
    return redirect("strategy:manage-goal", pk=objective.goal_id)


@coordinator_required
def action_add(request, pk):
    objective = _objective(pk)
    form = ActionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(
                actor=request.user, objective=objective, **form.fields_for_service()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The action is added."))
            return redirect("strategy:manage-objective", pk=objective.pk)
    return render(
        request,
        "strategy/manage_form.html",
        {
            "title": _("Add an action"),
            "strategy": objective.goal.strategy,
            "goal": objective.goal,
            "objective": objective,
            "form": form,
            "back_url": _url("strategy:manage-objective", objective.pk),
        },
    )


@coordinator_required
def manage_action(request, pk):
    action = _action(pk)
    form = ActionForm(_data(request), instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(actor=request.user, action=action, **form.fields_for_service())
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("strategy:manage-objective", pk=action.objective_id)
    objective = action.objective
    return render(
        request,
        "strategy/manage_form.html",
        {
            "title": _("Edit an action"),
            "strategy": objective.goal.strategy,
            "goal": objective.goal,
            "objective": objective,
            "form": form,
            "back_url": _url("strategy:manage-objective", objective.pk),
            "delete_url": _url("strategy:action-delete", action.pk),
            "delete_question": _("Delete this action?"),
        },
    )


@coordinator_required
def action_delete(request, pk):
    if refused := _post_only(request):
        return refused
    action = _action(pk)
    services.delete_action(actor=request.user, action=action)
    messages.success(request, _("The action is deleted."))
    return redirect("strategy:manage-objective", pk=action.objective_id)


# --- Indicators and measurements ------------------------------------------------


@coordinator_required
def indicator_add(request, pk):
    goal = _goal(pk)
    form = IndicatorForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.create_indicator(
                actor=request.user, goal=goal, **form.fields_for_service()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The indicator is added."))
            return redirect("strategy:measurements", pk=indicator.pk)
    return render(
        request,
        "strategy/manage_form.html",
        {
            "title": _("Add an indicator"),
            "strategy": goal.strategy,
            "goal": goal,
            "form": form,
            "back_url": _url("strategy:manage-goal", goal.pk),
        },
    )


@coordinator_required
def manage_indicator(request, pk):
    indicator = _indicator(pk)
    form = IndicatorForm(_data(request), instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(
                actor=request.user, indicator=indicator, **form.fields_for_service()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("strategy:measurements", pk=indicator.pk)
    return render(
        request,
        "strategy/manage_form.html",
        {
            "title": _("Edit an indicator"),
            "strategy": indicator.goal.strategy,
            "goal": indicator.goal,
            "indicator": indicator,
            "form": form,
            "back_url": _url("strategy:measurements", indicator.pk),
            "delete_url": _url("strategy:indicator-delete", indicator.pk),
            "delete_question": _("Delete this indicator with all its measurements?"),
        },
    )


@coordinator_required
def indicator_delete(request, pk):
    if refused := _post_only(request):
        return refused
    indicator = _indicator(pk)
    services.delete_indicator(actor=request.user, indicator=indicator)
    messages.success(request, _("The indicator is deleted."))
    return redirect("strategy:manage-goal", pk=indicator.goal_id)


@coordinator_required
def measurements(request, pk):
    """An indicator's values, its trend, and the form that adds one."""
    indicator = _indicator(pk)
    form = MeasurementForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            measurement = services.add_measurement(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The value %(value)s of %(date)s is recorded.")
                % {
                    "value": format_number(measurement.value),
                    "date": date_format(measurement.measured_on, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("strategy:measurements", pk=indicator.pk)
    values = list(indicator.measurements.select_related("entered_by").order_by("measured_on", "id"))
    return render(
        request,
        "strategy/manage_measurements.html",
        {
            "indicator": indicator,
            "goal": indicator.goal,
            "strategy": indicator.goal.strategy,
            "form": form,
            "measurements": values,
            "trend": indicator_trend(indicator, values),
            "source_label": _source_label(indicator.source) if indicator.source else "",
        },
    )


@coordinator_required
def measurement_delete(request, pk, measurement_pk):
    if refused := _post_only(request):
        return refused
    indicator = _indicator(pk)
    measurement = get_object_or_404(indicator.measurements.all(), pk=measurement_pk)
    services.delete_measurement(actor=request.user, measurement=measurement)
    messages.success(
        request,
        _("The value of %(date)s is deleted.")
        % {"date": date_format(measurement.measured_on, "SHORT_DATE_FORMAT")},
    )
    return redirect("strategy:measurements", pk=indicator.pk)


# --- The cluster's facts and what needs attention ----------------------------------


@coordinator_required
def manage_facts(request):
    facts = cluster_facts()
    form = ClusterFactsForm(_data(request), instance=facts)
    budget = BudgetLineFormSet(
        _data(request),
        prefix="budget",
        initial=[
            {"year": line.year, "source": line.source, "amount": line.amount}
            for line in facts.budget_lines.all()
        ]
        if facts.pk and not facts._state.adding
        else [],
    )
    if request.method == "POST" and all([form.is_valid(), budget.is_valid()]):
        try:
            services.update_cluster_facts(
                actor=request.user, budget_lines=budget.lines(), **form.fields_for_service()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The cluster's facts are saved."))
            return redirect("strategy:manage-facts")
    return render(
        request,
        "strategy/manage_facts.html",
        {
            "facts": facts,
            "form": form,
            "budget": budget,
        },
    )


@coordinator_required
def attention(request):
    return render(
        request,
        "strategy/manage_attention.html",
        {
            "attention": strategy_attention(),
        },
    )
