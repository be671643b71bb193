"""Writes of the strategy app.

Every function is keyword-only, runs in one transaction, records an audit
entry coded ``strategy.<thing>.<verb>`` and returns the changed object.
Refusals raise ``ValidationError`` (a dict of field -> message where a field
is to blame). ``**fields`` take the model's own field names (listed in the
``_*_FIELDS`` tuples below); an unknown name is a programming error
(``TypeError``).

    create_strategy(*, actor, title_pl, period_start, period_end, vision_pl, **fields)
    update_strategy(*, actor, strategy, **fields)
    mark_current(*, actor, strategy)                 # unsets the other one
    carry_over_goals(*, actor, source, target)       # -> list[Goal]
    delete_strategy(*, actor, strategy)              # not the current one

    create_goal(*, actor, strategy, code, title_pl, projects=None, events=None, **fields)
    update_goal(*, actor, goal, projects=None, events=None, **fields)
    delete_goal(*, actor, goal)

    create_objective(*, actor, goal, title_pl, **fields)
    update_objective(*, actor, objective, **fields)
    delete_objective(*, actor, objective)

    create_action(*, actor, objective, title_pl, phase, **fields)
    update_action(*, actor, action, **fields)
    delete_action(*, actor, action)

    create_indicator(*, actor, goal, name_pl, target, target_date, **fields)
    update_indicator(*, actor, indicator, **fields)
    delete_indicator(*, actor, indicator)

    add_measurement(*, actor, indicator, value, measured_on, source="", note="",
                    origin=Measurement.Origin.ENTERED)
    delete_measurement(*, actor, measurement)

    update_cluster_facts(*, actor, budget_lines=None, **fields)  # -> ClusterFacts
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemster.services import log_action
from members.validators import validate_in_poland
from strategy.models import (
    Action,
    BudgetLine,
    ClusterFacts,
    Goal,
    Indicator,
    Measurement,
    Objective,
    Strategy,
)

_STRATEGY_FIELDS = (
    "title_pl",
    "title_en",
    "period_start",
    "period_end",
    "vision_pl",
    "vision_en",
    "regional_documents_pl",
    "regional_documents_en",
)
_GOAL_FIELDS = ("code", "title_pl", "title_en", "description_pl", "description_en", "position")
_OBJECTIVE_FIELDS = ("title_pl", "title_en", "position")
_ACTION_FIELDS = ("title_pl", "title_en", "phase", "owner", "starts_on", "due_on", "status")
_INDICATOR_FIELDS = (
    "name_pl",
    "name_en",
    "unit",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "direction",
    "source",
    "position",
)
_FACTS_FIELDS = (
    "founded_on",
    "founding_members",
    "seat_name",
    "seat_latitude",
    "seat_longitude",
    "management_fte",
)


def _check_names(fields: dict, allowed: tuple) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


def _changes(obj, fields: dict) -> dict:
    return {
        name: [getattr(obj, name), value]
        for name, value in fields.items()
        if getattr(obj, name) != value
    }


def _save_changes(obj, fields: dict) -> dict:
    changes = _changes(obj, fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    if changes:
        obj.save(update_fields=list(changes))
    return changes


# --- Strategy ---------------------------------------------------------------


def _check_period(period_start, period_end) -> None:
    if period_start is not None and period_end is not None and period_end < period_start:
        raise ValidationError({"period_end": _("The last year cannot come before the first year.")})


def create_strategy(
    *,
    actor,
    title_pl: str,
    period_start: int,
    period_end: int,
    vision_pl: str,
    **fields,
) -> Strategy:
    """Create a strategy that is not current; ``mark_current`` makes it so."""
    _check_names(fields, _STRATEGY_FIELDS)
    _check_period(period_start, period_end)
    with transaction.atomic():
        strategy = Strategy.objects.create(
            title_pl=title_pl,
            period_start=period_start,
            period_end=period_end,
            vision_pl=vision_pl,
            **fields,
        )
        log_action(actor, strategy, "strategy.strategy.created")
    return strategy


def update_strategy(*, actor, strategy: Strategy, **fields) -> Strategy:
    """Change a strategy's texts or period."""
    _check_names(fields, _STRATEGY_FIELDS)
    _check_period(
        fields.get("period_start", strategy.period_start),
        fields.get("period_end", strategy.period_end),
    )
    with transaction.atomic():
        changes = _save_changes(strategy, fields)
        if changes:
            log_action(actor, strategy, "strategy.strategy.updated", changes)
    return strategy


def mark_current(*, actor, strategy: Strategy) -> Strategy:
    """Make ``strategy`` the only current one.

    Locks every strategy row so two coordinators marking different
    strategies at once end with one current strategy, not a constraint
    error; ``strategy_strategy_one_current`` backs this up.
    """
    with transaction.atomic():
        rows = list(
            Strategy.objects.select_for_update().order_by("pk").values_list("pk", "is_current")
        )
        if (strategy.pk, True) in rows:
            strategy.is_current = True
            return strategy
        previous = [pk for pk, current in rows if current]
        Strategy.objects.filter(pk__in=previous).update(is_current=False)
        try:
            with transaction.atomic():
                Strategy.objects.filter(pk=strategy.pk).update(is_current=True)
        except IntegrityError:
            raise ValidationError(
                _("Another strategy was marked current at the same time. Try again.")
            ) from None
        strategy.is_current = True
        log_action(actor, strategy, "strategy.strategy.marked_current", {"previous": previous})
    return strategy


def delete_strategy(*, actor, strategy: Strategy) -> None:
    """Delete a strategy with its goals; the current one cannot be deleted."""
    with transaction.atomic():
        strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
        if strategy.is_current:
            raise ValidationError(
                _("The current strategy cannot be deleted. Mark another one current first.")
            )
        log_action(actor, strategy, "strategy.strategy.deleted", {"title": strategy.title_pl})
        strategy.delete()


def carry_over_goals(*, actor, source: Strategy, target: Strategy) -> list[Goal]:
    """Copy the goals of ``source`` into ``target`` with their objectives
    and indicators (measurements stay with the old goal).

    Each copy points back through ``carried_from``. Goals whose code the
    target already has are skipped, so running it twice copies nothing new.
    Actions are not copied: they belong to the old period's plan.
    """
    if source.pk == target.pk:
        raise ValidationError(_("Choose a different strategy to carry the goals over from."))
    with transaction.atomic():
        # Lock the target so two carry-overs do not both copy the same goal.
        Strategy.objects.select_for_update().get(pk=target.pk)
        taken = set(target.goals.values_list("code", flat=True))
        goals = (
            source.goals.exclude(code__in=taken)
            .prefetch_related("objectives", "indicators", "projects", "events")
            .order_by("position", "code")
        )
        goals = list(goals)
        # In bulk: a fixed number of queries however many goals there are.
        copies = Goal.objects.bulk_create(
            Goal(
                strategy=target,
                code=goal.code,
                title_pl=goal.title_pl,
                title_en=goal.title_en,
                description_pl=goal.description_pl,
                description_en=goal.description_en,
                position=goal.position,
                carried_from=goal,
            )
            for goal in goals
        )
        pairs = list(zip(goals, copies, strict=True))
        Goal.projects.through.objects.bulk_create(
            Goal.projects.through(goal_id=copy.pk, project_id=project.pk)
            for goal, copy in pairs
            for project in goal.projects.all()
        )
        Goal.events.through.objects.bulk_create(
            Goal.events.through(goal_id=copy.pk, event_id=event.pk)
            for goal, copy in pairs
            for event in goal.events.all()
        )
        Objective.objects.bulk_create(
            Objective(goal=copy, title_pl=o.title_pl, title_en=o.title_en, position=o.position)
            for goal, copy in pairs
            for o in goal.objectives.all()
        )
        Indicator.objects.bulk_create(
            Indicator(goal=copy, **{name: getattr(i, name) for name in _INDICATOR_FIELDS})
            for goal, copy in pairs
            for i in goal.indicators.all()
        )
        log_action(
            actor,
            target,
            "strategy.goals.carried_over",
            {"from": source.pk, "goals": [g.code for g in copies]},
        )
    return copies


# --- Goals ------------------------------------------------------------------


def _goal_code_taken(strategy: Strategy, code: str, *, exclude_pk=None) -> bool:
    goals = strategy.goals.filter(code=code)
    if exclude_pk:
        goals = goals.exclude(pk=exclude_pk)
    return goals.exists()


def _code_taken() -> ValidationError:
    return ValidationError({"code": _("This strategy already has a goal with this code.")})


def create_goal(
    *,
    actor,
    strategy: Strategy,
    code: str,
    title_pl: str,
    projects=None,
    events=None,
    **fields,
) -> Goal:
    """Add a goal to a strategy; ``projects``/``events`` link what serves it."""
    _check_names(fields, _GOAL_FIELDS)
    if _goal_code_taken(strategy, code):
        raise _code_taken()
    try:
        with transaction.atomic():
            goal = Goal.objects.create(strategy=strategy, code=code, title_pl=title_pl, **fields)
            if projects is not None:
                goal.projects.set(projects)
            if events is not None:
                goal.events.set(events)
            log_action(actor, goal, "strategy.goal.created", {"strategy": strategy.pk})
    except IntegrityError:
        raise _code_taken() from None
    return goal


def update_goal(*, actor, goal: Goal, projects=None, events=None, **fields) -> Goal:
    """Change a goal; ``projects``/``events`` (when given) replace its links."""
    _check_names(fields, _GOAL_FIELDS)
    if "code" in fields and _goal_code_taken(goal.strategy, fields["code"], exclude_pk=goal.pk):
        raise _code_taken()
    try:
        with transaction.atomic():
            changes = _save_changes(goal, fields)
            for name, new in (("projects", projects), ("events", events)):
                if new is None:
                    continue
                manager = getattr(goal, name)
                before = set(manager.values_list("pk", flat=True))
                after = {item.pk for item in new}
                if before != after:
                    manager.set(new)
                    changes[name] = [sorted(before), sorted(after)]
            if changes:
                log_action(actor, goal, "strategy.goal.updated", changes)
    except IntegrityError:
        raise _code_taken() from None
    return goal


def delete_goal(*, actor, goal: Goal) -> None:
    """Delete a goal with its objectives, actions, indicators and measurements."""
    with transaction.atomic():
        log_action(actor, goal, "strategy.goal.deleted", {"code": goal.code})
        goal.delete()


# --- Objectives -------------------------------------------------------------


def create_objective(*, actor, goal: Goal, title_pl: str, **fields) -> Objective:
    """Add an operational objective to a goal."""
    _check_names(fields, _OBJECTIVE_FIELDS)
    with transaction.atomic():
        objective = Objective.objects.create(goal=goal, title_pl=title_pl, **fields)
        log_action(actor, objective, "strategy.objective.created", {"goal": goal.pk})
    return objective


def update_objective(*, actor, objective: Objective, **fields) -> Objective:
    """Change an objective's titles or position."""
    _check_names(fields, _OBJECTIVE_FIELDS)
    with transaction.atomic():
        changes = _save_changes(objective, fields)
        if changes:
            log_action(actor, objective, "strategy.objective.updated", changes)
    return objective


def delete_objective(*, actor, objective: Objective) -> None:
    """Delete an objective with its actions."""
    with transaction.atomic():
        log_action(actor, objective, "strategy.objective.deleted", {"goal": objective.goal_id})
        objective.delete()


# --- Actions ----------------------------------------------------------------


def _check_action(fields: dict) -> None:
    if "phase" in fields and fields["phase"] not in Action.Phase.values:
        raise ValidationError({"phase": _("Choose one of the phases.")})
    if "status" in fields and fields["status"] not in Action.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    starts_on, due_on = fields.get("starts_on"), fields.get("due_on")
    if starts_on and due_on and due_on < starts_on:
        raise ValidationError({"due_on": _("The due date cannot come before the start.")})


def create_action(*, actor, objective: Objective, title_pl: str, phase: str, **fields) -> Action:
    """Add an action (phase, owner, dates, status) to an objective."""
    _check_names(fields, _ACTION_FIELDS)
    _check_action({"phase": phase, **fields})
    with transaction.atomic():
        action = Action.objects.create(
            objective=objective, title_pl=title_pl, phase=phase, **fields
        )
        log_action(actor, action, "strategy.action.created", {"objective": objective.pk})
    return action


def update_action(*, actor, action: Action, **fields) -> Action:
    """Change an action, e.g. its status or due date."""
    _check_names(fields, _ACTION_FIELDS)
    _check_action(
        {
            "starts_on": action.starts_on,
            "due_on": action.due_on,
            **fields,
        }
    )
    with transaction.atomic():
        changes = _save_changes(action, fields)
        if changes:
            log_action(actor, action, "strategy.action.updated", changes)
    return action


def delete_action(*, actor, action: Action) -> None:
    """Delete an action."""
    with transaction.atomic():
        log_action(actor, action, "strategy.action.deleted", {"objective": action.objective_id})
        action.delete()


# --- Indicators and measurements --------------------------------------------


def known_source(code: str) -> bool:
    """Whether ``code`` names a live source of the registry (strategy/sources.py).

    Blank means "entered by hand" and is always allowed.
    """
    if not code:
        return True
    try:
        from strategy import sources
    except ImportError:
        return False
    registry = getattr(sources, "SOURCES", None) or getattr(sources, "REGISTRY", None) or {}
    return code in registry


def _check_indicator(fields: dict) -> None:
    if "source" in fields and not known_source(fields["source"]):
        raise ValidationError({"source": _("There is no live source with this code.")})
    if "direction" in fields and fields["direction"] not in Indicator.Direction.values:
        raise ValidationError({"direction": _("Choose whether higher or lower is better.")})


def create_indicator(
    *, actor, goal: Goal, name_pl: str, target: Decimal, target_date: date, **fields
) -> Indicator:
    """Add an indicator to a goal; ``source`` (optional) must be a registry code."""
    _check_names(fields, _INDICATOR_FIELDS)
    _check_indicator(fields)
    with transaction.atomic():
        indicator = Indicator.objects.create(
            goal=goal, name_pl=name_pl, target=target, target_date=target_date, **fields
        )
        log_action(actor, indicator, "strategy.indicator.created", {"goal": goal.pk})
    return indicator


def update_indicator(*, actor, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator's definition (its measurements stay)."""
    _check_names(fields, _INDICATOR_FIELDS)
    _check_indicator(fields)
    with transaction.atomic():
        changes = _save_changes(indicator, fields)
        if changes:
            log_action(actor, indicator, "strategy.indicator.updated", changes)
    return indicator


def delete_indicator(*, actor, indicator: Indicator) -> None:
    """Delete an indicator with its measurements."""
    with transaction.atomic():
        log_action(actor, indicator, "strategy.indicator.deleted", {"goal": indicator.goal_id})
        indicator.delete()


def add_measurement(
    *,
    actor,
    indicator: Indicator,
    value: Decimal,
    measured_on: date,
    source: str = "",
    note: str = "",
    origin: str = Measurement.Origin.ENTERED,
) -> Measurement:
    """Record an indicator's value on a day.

    One value per indicator, day and origin
    (``strategy_measurement_one_per_day``): a second entry for the same day
    is refused, so the coordinator deletes the wrong one first. Snapshots
    (``origin="snapshot"``, ``actor=None``) are written by the monthly task.
    """
    if origin not in Measurement.Origin.values:
        raise ValueError(f"unknown origin {origin!r}")
    taken = ValidationError({"measured_on": _("This indicator already has a value for this day.")})
    if indicator.measurements.filter(measured_on=measured_on, origin=origin).exists():
        raise taken
    entered_by = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                indicator=indicator,
                value=value,
                measured_on=measured_on,
                source=source,
                note=note,
                origin=origin,
                entered_by=entered_by,
            )
            log_action(
                actor,
                measurement,
                "strategy.measurement.added",
                {"indicator": indicator.pk, "value": value, "measured_on": measured_on},
            )
    except IntegrityError:
        raise taken from None
    return measurement


def delete_measurement(*, actor, measurement: Measurement) -> None:
    """Delete a measurement (e.g. one entered with a wrong value)."""
    with transaction.atomic():
        log_action(
            actor,
            measurement,
            "strategy.measurement.deleted",
            {
                "indicator": measurement.indicator_id,
                "value": measurement.value,
                "measured_on": measurement.measured_on,
            },
        )
        measurement.delete()


# --- Cluster facts ----------------------------------------------------------


def cluster_facts() -> ClusterFacts:
    """The one row of facts only the coordinator knows (created empty)."""
    facts, _created = ClusterFacts.objects.get_or_create(pk=1)
    return facts


def update_cluster_facts(*, actor, budget_lines=None, **fields) -> ClusterFacts:
    """Change the facts only the coordinator knows.

    ``budget_lines``, when given, is an iterable of ``(year, source,
    amount)`` and replaces every budget line. The seat's coordinates must
    lie in Poland (both or neither).
    """
    _check_names(fields, _FACTS_FIELDS)
    with transaction.atomic():
        facts = cluster_facts()
        facts = ClusterFacts.objects.select_for_update().get(pk=facts.pk)
        validate_in_poland(
            fields.get("seat_latitude", facts.seat_latitude),
            fields.get("seat_longitude", facts.seat_longitude),
        )
        fte = fields.get("management_fte")
        if fte is not None and fte < 0:
            raise ValidationError({"management_fte": _("The staff FTE cannot be negative.")})
        changes = _changes(facts, fields)
        for name, value in fields.items():
            setattr(facts, name, value)
        if budget_lines is not None:
            lines = [(int(y), s, Decimal(a)) for y, s, a in budget_lines]
            if any(s not in BudgetLine.Source.values for _y, s, _a in lines):
                raise ValidationError({"budget_lines": _("Choose one of the budget sources.")})
            if any(a < 0 for _y, _s, a in lines):
                raise ValidationError({"budget_lines": _("A budget amount cannot be negative.")})
            if len({(y, s) for y, s, _a in lines}) != len(lines):
                raise ValidationError(
                    {"budget_lines": _("Give each source at most once per year.")}
                )
            before = sorted(
                (y, s, str(a))
                for y, s, a in facts.budget_lines.values_list("year", "source", "amount")
            )
            after = sorted((y, s, str(a)) for y, s, a in lines)
            if before != after:
                facts.budget_lines.all().delete()
                BudgetLine.objects.bulk_create(
                    BudgetLine(facts=facts, year=y, source=s, amount=a) for y, s, a in lines
                )
                changes["budget_lines"] = [before, after]
        if changes:
            facts.updated_at = timezone.now()
            facts.updated_by = actor if actor is not None and actor.is_authenticated else None
            facts.save(update_fields=[*fields, "updated_at", "updated_by"])
            log_action(actor, facts, "strategy.facts.updated", changes)
    return facts
