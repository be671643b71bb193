"""The coordinator's pages for the strategy (strategy/manage_views.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from chemster.models import AuditEntry
from events.models import Event
from projects.models import Project
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
from tests.conftest import CAST
from tests.events.factories import EventFactory
from tests.projects.factories import ProjectFactory
from tests.route_matrix import LOGIN
from tests.strategy import routes_manage

# --- Helpers ----------------------------------------------------------------


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"strategy:{name}", kwargs=kwargs)


def _strategy(**fields) -> Strategy:
    return Strategy.objects.create(
        **{
            "title_pl": "Strategia rozwoju",
            "title_en": "Development strategy",
            "period_start": 2021,
            "period_end": 2027,
            "vision_pl": "Silna pozycja klastra.",
            **fields,
        }
    )


def _goal(strategy, code="G1", **fields) -> Goal:
    return Goal.objects.create(
        strategy=strategy, code=code, title_pl=f"Cel {code}", title_en=f"Goal {code}", **fields
    )


def _indicator(goal, **fields) -> Indicator:
    return Indicator.objects.create(
        **{
            "goal": goal,
            "name_pl": "Liczba członków",
            "name_en": "Number of members",
            "unit": "firms",
            "target": Decimal(60),
            "target_date": date(2027, 12, 31),
            **fields,
        }
    )


def _strategy_form(**fields) -> dict:
    return {
        "title_pl": "Strategia rozwoju 2028-2034",
        "title_en": "Development strategy 2028-2034",
        "period_start": "2028",
        "period_end": "2034",
        "vision_pl": "Centrum kompetencji.",
        "vision_en": "A competence centre.",
        "regional_documents_pl": "Regionalna Strategia Innowacji",
        "regional_documents_en": "Regional Innovation Strategy",
        **fields,
    }


def _indicator_form(**fields) -> dict:
    return {
        "name_pl": "Udział MŚP",
        "name_en": "SME share",
        "unit": "%",
        "baseline": "60",
        "baseline_date": "2021-01-01",
        "target": "75.5",
        "target_date": "2027-12-31",
        "direction": "up",
        "source": "",
        "position": "1",
        **fields,
    }


def _facts_form(**fields) -> dict:
    return {
        "founded_on": "2013-08-20",
        "founding_members": "20",
        "seat_name": "Kędzierzyńsko-Kozielski Park Przemysłowy",
        "seat_latitude": "50.34921",
        "seat_longitude": "18.22380",
        "management_fte": "1.5",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        "budget-0-year": "2024",
        "budget-0-source": "fees",
        "budget-0-amount": "120000",
        "budget-1-year": "2024",
        "budget-1-source": "eu",
        "budget-1-amount": "350000.50",
        **fields,
    }


def _errors(response) -> dict:
    return response.context["form"].errors


# --- Who may use the pages --------------------------------------------------


def _page_cases():
    for name, route in routes_manage.ROUTES.items():
        for member in CAST:
            yield pytest.param(name, route, member, id=f"{name}-{member}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "member"), list(_page_cases()))
def test_page_answers_cast_with_its_status(
    client_as, firm_a, firm_b, firm_a_admin, firm_b_admin, name, route, member
):
    routes_manage.create_objects(
        firm_a=firm_a, firm_b=firm_b, firm_a_admin=firm_a_admin, firm_b_admin=firm_b_admin
    )
    url = reverse(name, kwargs=route.kwargs)

    response = client_as(member).get(url)

    expected = route.statuses[member]
    if expected == LOGIN:
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            reverse("account_login"),
        )
    else:
        assert response.status_code == expected


POST_ONLY = [
    name for name, route in routes_manage.ROUTES.items() if route.statuses["coordinator"] == 405
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ONLY)
@pytest.mark.parametrize("member", ["visitor", "outsider", "firm_a_admin", "firm_b_editor"])
def test_post_only_route_refuses_others_and_changes_nothing(
    client_as, firm_a, firm_b, firm_a_admin, firm_b_admin, name, member
):
    routes_manage.create_objects(
        firm_a=firm_a, firm_b=firm_b, firm_a_admin=firm_a_admin, firm_b_admin=firm_b_admin
    )
    route = routes_manage.ROUTES[name]

    response = client_as(member).post(reverse(name, kwargs=route.kwargs), {"source": 1})

    assert response.status_code == (302 if member == "visitor" else 403)
    assert Strategy.objects.filter(pk=routes_manage.PK, is_current=False).exists()
    assert Measurement.objects.filter(pk=routes_manage.PK).exists()
    assert Action.objects.filter(pk=routes_manage.PK).exists()
    assert not AuditEntry.objects.filter(code__startswith="strategy.").exists()


@pytest.mark.django_db
def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, coordinator_without_2fa):
    client.force_login(coordinator_without_2fa)

    response = client.get(_url("manage"))

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))


# --- Strategies -------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_every_strategy_and_marks_the_current_one(client_as, coordinator):
    old = _strategy(title_pl="Strategia 2013-2020", period_start=2013, period_end=2020)
    current = _strategy(is_current=True)
    _goal(current, "G1")
    _goal(current, "G2")

    response = client_as("coordinator").get(_url("manage"))

    assert [(s.pk, s.goal_count) for s in response.context["strategies"]] == [
        (current.pk, 2),
        (old.pk, 0),
    ]
    page = response.content.decode()
    assert page.count(">Mark current") == 1
    assert _url("strategy-mark-current", pk=old.pk) in page


@pytest.mark.django_db
def test_coordinator_starts_a_new_period(client_as, coordinator):
    response = client_as("coordinator").post(_url("manage"), _strategy_form())

    strategy = Strategy.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        _url("manage-strategy", pk=strategy.pk),
    )
    assert (strategy.period, strategy.vision_en, strategy.is_current) == (
        "2028–2034",
        "A competence centre.",
        False,
    )
    assert AuditEntry.objects.get(code="strategy.strategy.created").actor == coordinator


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"period_end": "2020"},
            {"period_end": ["The last year cannot come before the first year."]},
        ),
        (
            {"period_start": "abc", "period_end": "99999999999999999999"},
            {
                "period_start": ["Enter a whole number."],
                "period_end": ["Ensure this value is less than or equal to 2100."],
            },
        ),
        (
            {"title_pl": "", "vision_pl": ""},
            {"title_pl": ["This field is required."], "vision_pl": ["This field is required."]},
        ),
    ],
)
def test_strategy_form_shows_field_errors(client_as, coordinator, fields, errors):
    response = client_as("coordinator").post(_url("manage"), _strategy_form(**fields))

    assert response.status_code == 200
    assert _errors(response) == errors
    assert not Strategy.objects.exists()


@pytest.mark.django_db
def test_coordinator_edits_a_strategy(client_as, coordinator):
    strategy = _strategy()

    response = client_as("coordinator").post(
        _url("manage-strategy", pk=strategy.pk),
        _strategy_form(period_start="2021", period_end="2030", title_pl="Strategia 2021-2030"),
    )

    strategy.refresh_from_db()
    assert (response.status_code, response["Location"]) == (
        302,
        _url("manage-strategy", pk=strategy.pk),
    )
    assert (strategy.title_pl, strategy.period_end, strategy.regional_documents_en) == (
        "Strategia 2021-2030",
        2030,
        "Regional Innovation Strategy",
    )
    entry = AuditEntry.objects.get(code="strategy.strategy.updated")
    assert entry.changes["period_end"] == [2027, 2030]


@pytest.mark.django_db
def test_mark_current_through_the_page_unsets_the_other(client_as, coordinator):
    old = _strategy(is_current=True, period_start=2013, period_end=2020)
    new = _strategy()
    client = client_as("coordinator")

    response = client.post(_url("strategy-mark-current", pk=new.pk))

    assert (response.status_code, response["Location"]) == (302, _url("manage"))
    assert list(Strategy.objects.filter(is_current=True)) == [new]
    old.refresh_from_db()
    assert old.is_current is False
    page = client.get(response["Location"]).content.decode()
    assert "is now the current strategy" in page


@pytest.mark.django_db
def test_carry_over_through_the_page_copies_missing_goals(client_as, coordinator):
    source = _strategy(period_start=2013, period_end=2020)
    for code in ("G1", "G2", "G3"):
        goal = _goal(source, code)
        Objective.objects.create(goal=goal, title_pl=f"Cel operacyjny {code}")
        _indicator(goal)
    target = _strategy()
    _goal(target, "G1")

    client = client_as("coordinator")

    response = client.post(_url("strategy-carry-over", pk=target.pk), {"source": source.pk})

    assert (response.status_code, response["Location"]) == (
        302,
        _url("manage-strategy", pk=target.pk),
    )
    copies = target.goals.exclude(code="G1").order_by("code")
    assert [(g.code, g.carried_from.strategy_id) for g in copies] == [
        ("G2", source.pk),
        ("G3", source.pk),
    ]
    assert Indicator.objects.filter(goal__strategy=target).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Goals carried over: G2, G3." in page


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["", "abc", "999999", "self"])
def test_carry_over_with_a_bad_source_is_refused_with_a_message(client_as, coordinator, source):
    target = _strategy()
    _goal(_strategy(period_start=2013, period_end=2020), "G1")
    if source == "self":
        source = target.pk

    client = client_as("coordinator")

    response = client.post(_url("strategy-carry-over", pk=target.pk), {"source": source})

    assert (response.status_code, response["Location"]) == (
        302,
        _url("manage-strategy", pk=target.pk),
    )
    assert not target.goals.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose the strategy to carry the goals over from." in page


@pytest.mark.django_db
def test_current_strategy_cannot_be_deleted_others_can(client_as, coordinator):
    current = _strategy(is_current=True)
    old = _strategy(period_start=2013, period_end=2020)
    _goal(old)
    client = client_as("coordinator")

    refused = client.post(_url("strategy-delete", pk=current.pk))
    deleted = client.post(_url("strategy-delete", pk=old.pk))

    assert (refused.status_code, refused["Location"]) == (
        302,
        _url("manage-strategy", pk=current.pk),
    )
    assert (deleted.status_code, deleted["Location"]) == (302, _url("manage"))
    assert list(Strategy.objects.all()) == [current]
    assert not Goal.objects.exists()


# --- Goals ------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_adds_a_goal_with_the_projects_and_events_that_serve_it(
    client_as, coordinator, firm_a
):
    strategy = _strategy()
    project = ProjectFactory(firm=firm_a)
    event = EventFactory()

    response = client_as("coordinator").post(
        _url("goal-add", pk=strategy.pk),
        {
            "code": "G4",
            "title_pl": "Projekty strategiczne",
            "title_en": "Strategic projects",
            "position": "4",
            "projects": [project.pk],
            "events": [event.pk],
        },
    )

    goal = Goal.objects.get()
    assert (response.status_code, response["Location"]) == (302, _url("manage-goal", pk=goal.pk))
    assert (goal.strategy, goal.code, goal.position) == (strategy, "G4", 4)
    assert list(goal.projects.all()) == [project]
    assert list(goal.events.all()) == [event]


@pytest.mark.django_db
def test_goal_form_offers_no_drafts_and_refuses_them(client_as, coordinator, firm_a):
    strategy = _strategy()
    draft_project = ProjectFactory(firm=firm_a, state=Project.State.DRAFT)
    draft_event = EventFactory(state=Event.State.DRAFT)
    project = ProjectFactory(firm=firm_a)
    url = _url("goal-add", pk=strategy.pk)
    client = client_as("coordinator")

    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "code": "G4",
            "title_pl": "Cel",
            "position": "0",
            "projects": [draft_project.pk],
            "events": [draft_event.pk],
        },
    )

    assert list(form.fields["projects"].queryset) == [project]
    assert list(form.fields["events"].queryset) == []
    assert set(_errors(response)) == {"projects", "events"}
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_goal_code_is_unique_within_its_strategy(client_as, coordinator):
    strategy = _strategy()
    _goal(strategy, "G1")
    other = _goal(strategy, "G2")

    added = client_as("coordinator").post(
        _url("goal-add", pk=strategy.pk), {"code": "G1", "title_pl": "Drugi", "position": "0"}
    )
    edited = client_as("coordinator").post(
        _url("manage-goal", pk=other.pk), {"code": "G1", "title_pl": "Cel", "position": "0"}
    )

    assert _errors(added) == {"code": ["This strategy already has a goal with this code."]}
    assert _errors(edited) == {"code": ["This strategy already has a goal with this code."]}
    assert sorted(strategy.goals.values_list("code", flat=True)) == ["G1", "G2"]


@pytest.mark.django_db
def test_editing_a_goal_replaces_its_links(client_as, coordinator, firm_a):
    strategy = _strategy()
    goal = _goal(strategy, "G3")
    kept, dropped, added = (ProjectFactory(firm=firm_a) for _ in range(3))
    goal.projects.set([kept, dropped])
    goal.events.set([EventFactory()])

    response = client_as("coordinator").post(
        _url("manage-goal", pk=goal.pk),
        {
            "code": "G3",
            "title_pl": "Rozpoznawalność",
            "title_en": "Recognition",
            "position": "3",
            "projects": [kept.pk, added.pk],
        },
    )

    goal.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, _url("manage-goal", pk=goal.pk))
    assert goal.title_en == "Recognition"
    assert set(goal.projects.all()) == {kept, added}
    assert not goal.events.exists()


@pytest.mark.django_db
def test_goal_page_preselects_its_links(client_as, coordinator, firm_a):
    goal = _goal(_strategy())
    project = ProjectFactory(firm=firm_a)
    goal.projects.set([project])

    page = client_as("coordinator").get(_url("manage-goal", pk=goal.pk)).content.decode()

    assert f'<option value="{project.pk}" selected>' in page


@pytest.mark.django_db
def test_coordinator_deletes_a_goal(client_as, coordinator):
    strategy = _strategy()
    goal = _goal(strategy)
    _indicator(goal)

    response = client_as("coordinator").post(_url("goal-delete", pk=goal.pk))

    assert (response.status_code, response["Location"]) == (
        302,
        _url("manage-strategy", pk=strategy.pk),
    )
    assert not Goal.objects.exists()
    assert not Indicator.objects.exists()


# --- Objectives and actions -------------------------------------------------


@pytest.mark.django_db
def test_coordinator_adds_edits_and_deletes_an_objective(client_as, coordinator):
    goal = _goal(_strategy())
    client = client_as("coordinator")

    added = client.post(
        _url("objective-add", pk=goal.pk),
        {"title_pl": "Spotkania integracyjne", "title_en": "Integration meetings", "position": "1"},
    )
    objective = Objective.objects.get()
    edited = client.post(
        _url("manage-objective", pk=objective.pk),
        {"title_pl": "Spotkania członków", "title_en": "Members' meetings", "position": "2"},
    )
    objective.refresh_from_db()
    snapshot = (objective.goal, objective.title_en, objective.position)
    deleted = client.post(_url("objective-delete", pk=objective.pk))

    assert (added.status_code, added["Location"]) == (
        302,
        _url("manage-objective", pk=objective.pk),
    )
    assert (edited.status_code, edited["Location"]) == (302, _url("manage-goal", pk=goal.pk))
    assert snapshot == (goal, "Members' meetings", 2)
    assert (deleted.status_code, deleted["Location"]) == (302, _url("manage-goal", pk=goal.pk))
    assert not Objective.objects.exists()


def _action_form(**fields) -> dict:
    return {
        "title_pl": "Dzień otwarty laboratoriów",
        "title_en": "Laboratories' open day",
        "phase": "integration",
        "owner": "Biuro klastra",
        "starts_on": "2026-03-01",
        "due_on": "2026-06-30",
        "status": "planned",
        **fields,
    }


@pytest.mark.django_db
def test_coordinator_adds_and_edits_an_action(client_as, coordinator):
    objective = Objective.objects.create(goal=_goal(_strategy()), title_pl="Integracja")
    client = client_as("coordinator")

    added = client.post(_url("action-add", pk=objective.pk), _action_form())
    action = Action.objects.get()
    edited = client.post(
        _url("manage-action", pk=action.pk), _action_form(status="done", owner="ICSO")
    )

    action.refresh_from_db()
    back = _url("manage-objective", pk=objective.pk)
    assert (added.status_code, added["Location"]) == (302, back)
    assert (edited.status_code, edited["Location"]) == (302, back)
    assert (action.phase, action.owner, action.starts_on, action.due_on, action.status) == (
        "integration",
        "ICSO",
        date(2026, 3, 1),
        date(2026, 6, 30),
        "done",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"due_on": "2026-02-01"},
            {"due_on": ["The due date cannot come before the start."]},
        ),
        (
            {"starts_on": "2026-99-99", "phase": "sleeping", "status": "x"},
            {
                "starts_on": ["Enter a valid date."],
                "phase": ["Select a valid choice. sleeping is not one of the available choices."],
                "status": ["Select a valid choice. x is not one of the available choices."],
            },
        ),
    ],
)
def test_action_form_shows_field_errors(client_as, coordinator, fields, errors):
    objective = Objective.objects.create(goal=_goal(_strategy()), title_pl="Integracja")

    response = client_as("coordinator").post(
        _url("action-add", pk=objective.pk), _action_form(**fields)
    )

    assert response.status_code == 200
    assert _errors(response) == errors
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_coordinator_deletes_an_action(client_as, coordinator):
    objective = Objective.objects.create(goal=_goal(_strategy()), title_pl="Integracja")
    action = Action.objects.create(objective=objective, title_pl="Działanie", phase="promotion")

    response = client_as("coordinator").post(_url("action-delete", pk=action.pk))

    assert (response.status_code, response["Location"]) == (
        302,
        _url("manage-objective", pk=objective.pk),
    )
    assert not Action.objects.exists()


# --- Indicators -------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_adds_an_indicator_with_a_live_source(client_as, coordinator):
    goal = _goal(_strategy())

    response = client_as("coordinator").post(
        _url("indicator-add", pk=goal.pk), _indicator_form(source="sme_share")
    )

    indicator = Indicator.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        _url("measurements", pk=indicator.pk),
    )
    assert (
        indicator.goal,
        indicator.unit,
        indicator.baseline,
        indicator.target,
        indicator.target_date,
        indicator.direction,
        indicator.source,
    ) == (goal, "%", Decimal(60), Decimal("75.5"), date(2027, 12, 31), "up", "sme_share")


@pytest.mark.django_db
def test_indicator_form_offers_every_live_source_and_entry_by_hand(client_as, coordinator):
    from strategy.sources import SOURCES

    goal = _goal(_strategy())

    form = client_as("coordinator").get(_url("indicator-add", pk=goal.pk)).context["form"]

    codes = [code for code, _label in form.fields["source"].choices]
    assert codes == ["", *SOURCES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"target_date": "2020-12-31"},
            {"target_date": ["The target date must come after the baseline date."]},
        ),
        (
            {"source": "members_on_mars"},
            {
                "source": [
                    "Select a valid choice. members_on_mars is not one of the available choices."
                ]
            },
        ),
        (
            {"target": "abc", "baseline": "1e20"},
            {
                "target": ["Enter a number."],
                "baseline": ["Ensure that there are no more than 14 digits in total."],
            },
        ),
        (
            {"target": "NaN", "direction": "sideways"},
            {
                "target": ["Enter a number."],
                "direction": [
                    "Select a valid choice. sideways is not one of the available choices."
                ],
            },
        ),
        (
            {"baseline": ""},
            {"baseline": ["Give the baseline value for the baseline date."]},
        ),
    ],
)
def test_indicator_form_shows_field_errors(client_as, coordinator, fields, errors):
    goal = _goal(_strategy())

    response = client_as("coordinator").post(
        _url("indicator-add", pk=goal.pk), _indicator_form(**fields)
    )

    assert response.status_code == 200
    assert _errors(response) == errors
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_coordinator_edits_and_deletes_an_indicator(client_as, coordinator):
    goal = _goal(_strategy())
    indicator = _indicator(goal)
    Measurement.objects.create(indicator=indicator, value=30, measured_on=date(2024, 1, 1))
    client = client_as("coordinator")

    edited = client.post(
        _url("manage-indicator", pk=indicator.pk),
        _indicator_form(direction="down", target="40", source="active_members"),
    )
    indicator.refresh_from_db()
    snapshot = (indicator.direction, indicator.target, indicator.source)
    deleted = client.post(_url("indicator-delete", pk=indicator.pk))

    assert (edited.status_code, edited["Location"]) == (
        302,
        _url("measurements", pk=indicator.pk),
    )
    assert snapshot == ("down", Decimal(40), "active_members")
    assert (deleted.status_code, deleted["Location"]) == (302, _url("manage-goal", pk=goal.pk))
    assert not Indicator.objects.exists()
    assert not Measurement.objects.exists()


# --- Measurements -----------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_enters_a_measurement_and_sees_the_trend(client_as, coordinator):
    indicator = _indicator(_goal(_strategy()), target=Decimal(40), target_date=date(2030, 1, 1))
    Measurement.objects.create(indicator=indicator, value=20, measured_on=date(2022, 1, 1))
    url = _url("measurements", pk=indicator.pk)
    client = client_as("coordinator")

    response = client.post(
        url,
        {
            "value": "30",
            "measured_on": "2024-01-01",
            "source": "Rejestr członków",
            "note": "Stan na 1 stycznia.",
        },
    )
    page = client.get(url)

    assert (response.status_code, response["Location"]) == (302, url)
    measurement = indicator.measurements.get(measured_on=date(2024, 1, 1))
    assert (
        measurement.value,
        measurement.source,
        measurement.note,
        measurement.origin,
        measurement.entered_by,
    ) == (Decimal(30), "Rejestr członków", "Stan na 1 stycznia.", "entered", coordinator)
    assert [m.value for m in page.context["measurements"]] == [Decimal(20), Decimal(30)]
    assert page.context["trend"].state == "on_track"
    with translation.override("en"):
        recorded = date_format(date(2024, 1, 1), "SHORT_DATE_FORMAT")
    assert f"The value 30 of {recorded} is recorded." in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"value": "abc"}, {"value": ["Enter a number."]}),
        (
            {"value": "123456789012345"},
            {"value": ["Ensure that there are no more than 14 digits in total."]},
        ),
        (
            {"value": "Infinity", "measured_on": ""},
            {
                "value": ["Enter a number."],
                "measured_on": ["This field is required."],
            },
        ),
        ({"measured_on": "2024-02-30"}, {"measured_on": ["Enter a valid date."]}),
        ({"measured_on": "future"}, {"measured_on": ["A value cannot be measured in the future."]}),
        (
            {"measured_on": "2022-01-01"},
            {"measured_on": ["This indicator already has a value for this day."]},
        ),
    ],
)
def test_measurement_form_shows_field_errors(client_as, coordinator, fields, errors):
    indicator = _indicator(_goal(_strategy()))
    Measurement.objects.create(indicator=indicator, value=20, measured_on=date(2022, 1, 1))
    if fields.get("measured_on") == "future":
        fields["measured_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client_as("coordinator").post(
        _url("measurements", pk=indicator.pk),
        {"value": "25", "measured_on": "2023-01-01", **fields},
    )

    assert response.status_code == 200
    assert _errors(response) == errors
    assert indicator.measurements.count() == 1


@pytest.mark.django_db
def test_coordinator_deletes_a_measurement_of_that_indicator_only(client_as, coordinator):
    goal = _goal(_strategy())
    indicator, other = _indicator(goal), _indicator(goal)
    wrong = Measurement.objects.create(indicator=indicator, value=99, measured_on=date(2023, 1, 1))
    elsewhere = Measurement.objects.create(indicator=other, value=5, measured_on=date(2023, 1, 1))
    client = client_as("coordinator")

    mismatched = client.post(
        _url("measurement-delete", pk=indicator.pk, measurement_pk=elsewhere.pk)
    )
    deleted = client.post(_url("measurement-delete", pk=indicator.pk, measurement_pk=wrong.pk))

    assert mismatched.status_code == 404
    assert (deleted.status_code, deleted["Location"]) == (
        302,
        _url("measurements", pk=indicator.pk),
    )
    assert list(Measurement.objects.all()) == [elsewhere]
    assert AuditEntry.objects.get(code="strategy.measurement.deleted").changes["value"] == "99.00"


# --- The cluster's facts ----------------------------------------------------


@pytest.mark.django_db
def test_coordinator_enters_the_clusters_facts_and_budget(client_as, coordinator):
    response = client_as("coordinator").post(_url("manage-facts"), _facts_form())

    facts = ClusterFacts.objects.get()
    assert (response.status_code, response["Location"]) == (302, _url("manage-facts"))
    assert (
        facts.founded_on,
        facts.founding_members,
        facts.seat_latitude,
        facts.seat_longitude,
        facts.management_fte,
        facts.updated_by,
    ) == (
        date(2013, 8, 20),
        20,
        Decimal("50.34921"),
        Decimal("18.22380"),
        Decimal("1.5"),
        coordinator,
    )
    assert sorted(facts.budget_lines.values_list("year", "source", "amount")) == [
        (2024, "eu", Decimal("350000.50")),
        (2024, "fees", Decimal(120000)),
    ]


@pytest.mark.django_db
def test_facts_form_ignores_the_empty_rows_a_browser_sends(client_as, coordinator):
    empty_rows = {
        f"budget-{row}-{name}": "" for row in (2, 3, 4) for name in ("year", "source", "amount")
    }

    response = client_as("coordinator").post(
        _url("manage-facts"), _facts_form(**{"budget-TOTAL_FORMS": "5"}, **empty_rows)
    )

    assert response.status_code == 302
    assert BudgetLine.objects.count() == 2


@pytest.mark.django_db
def test_facts_page_shows_the_budget_lines_and_removes_a_ticked_one(client_as, coordinator):
    client = client_as("coordinator")
    client.post(_url("manage-facts"), _facts_form())

    budget = client.get(_url("manage-facts")).context["budget"]
    response = client.post(
        _url("manage-facts"),
        _facts_form(**{"budget-INITIAL_FORMS": "2", "budget-1-DELETE": "on"}),
    )

    assert [form.initial for form in budget.forms[:2]] == [
        {"year": 2024, "source": "eu", "amount": Decimal("350000.50")},
        {"year": 2024, "source": "fees", "amount": Decimal("120000.00")},
    ]
    assert len(budget.forms) == 5  # two lines and three empty rows
    assert response.status_code == 302
    assert list(BudgetLine.objects.values_list("source", flat=True)) == ["fees"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"seat_latitude": "52.52", "seat_longitude": "13.40"},
            {
                "seat_latitude": [
                    "These coordinates are outside Poland. Check them, or leave them empty."
                ]
            },
        ),
        (
            {"seat_longitude": ""},
            {"seat_latitude": ["Give both latitude and longitude, or leave both empty."]},
        ),
        (
            {"management_fte": "-1", "founding_members": "many"},
            {
                "management_fte": ["Ensure this value is greater than or equal to 0."],
                "founding_members": ["Enter a whole number."],
            },
        ),
        (
            {"founded_on": "2999-01-01", "seat_latitude": "abc"},
            {
                "founded_on": ["The founding date cannot be in the future."],
                "seat_latitude": ["Enter a number."],
            },
        ),
    ],
)
def test_facts_form_shows_field_errors(client_as, coordinator, fields, errors):
    response = client_as("coordinator").post(_url("manage-facts"), _facts_form(**fields))

    assert response.status_code == 200
    assert _errors(response) == errors
    assert not ClusterFacts.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"budget-1-source": "fees"},
            [{}, {"source": ["Give each source at most once per year."]}],
        ),
        (
            {"budget-0-amount": "-5", "budget-1-year": "year"},
            [
                {"amount": ["Ensure this value is greater than or equal to 0."]},
                {"year": ["Enter a whole number."]},
            ],
        ),
    ],
)
def test_budget_rows_show_their_errors(client_as, coordinator, fields, errors):
    response = client_as("coordinator").post(_url("manage-facts"), _facts_form(**fields))

    assert response.status_code == 200
    assert response.context["budget"].errors == errors
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_facts_form_without_its_budget_management_data_does_not_fail(client_as, coordinator):
    data = {k: v for k, v in _facts_form().items() if not k.startswith("budget-")}

    response = client_as("coordinator").post(_url("manage-facts"), data)

    assert response.status_code == 200
    assert response.context["budget"].non_form_errors()
    assert not ClusterFacts.objects.exists()


# --- No input makes a page fail -------------------------------------------------

GARBAGE = {
    "title_pl": "x" * 500,
    "period_start": "-1",
    "period_end": "%00",
    "code": "<script>",
    "position": "-5",
    "projects": ["abc", "999999"],
    "events": ["-1"],
    "phase": "\x00",
    "starts_on": "2026-13-01",
    "due_on": "yesterday",
    "target": "1" * 40,
    "target_date": "0000-00-00",
    "baseline_date": "9999-12-31",
    "source": "x" * 100,
    "value": "--1",
    "measured_on": "99999-01-01",
    "seat_latitude": "1e999",
    "seat_longitude": "nan",
    "management_fte": "1e3",
    "budget-TOTAL_FORMS": "99999999",
    "budget-INITIAL_FORMS": "abc",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(routes_manage.ROUTES))
def test_garbage_post_never_answers_500(
    client_as, coordinator, firm_a, firm_b, firm_a_admin, firm_b_admin, name
):
    routes_manage.create_objects(
        firm_a=firm_a, firm_b=firm_b, firm_a_admin=firm_a_admin, firm_b_admin=firm_b_admin
    )
    url = reverse(name, kwargs=routes_manage.ROUTES[name].kwargs)

    response = client_as("coordinator").post(url, GARBAGE)

    assert response.status_code in (200, 302)


# --- Query counts ---------------------------------------------------------------
# Each count starts with what every coordinator page costs: 1 the session,
# 2 the user, 3 the coordinators group, 4 the TOTP authenticator, and ends
# with the footer's site texts.


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_list_page_query_count_does_not_grow(
    client_as, coordinator, django_assert_num_queries, count
):
    for year in range(count):
        strategy = _strategy(period_start=2000 + year, period_end=2001 + year)
        _goal(strategy, "G1")
        _goal(strategy, "G2")
    client = client_as("coordinator")

    # 5 the strategies with their goal counts, 6 footer texts.
    with django_assert_num_queries(6):
        client.get(_url("manage"))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 8])
def test_strategy_page_query_count_does_not_grow(
    client_as, coordinator, django_assert_num_queries, count
):
    strategy = _strategy()
    other = _strategy(period_start=2013, period_end=2020)
    for number in range(count):
        goal = _goal(strategy, f"G{number}")
        Objective.objects.create(goal=goal, title_pl="Cel operacyjny")
        _indicator(goal)
        _goal(other, f"G{number}")
    client = client_as("coordinator")

    # 5 the strategy, 6 its goals with counts, 7 whether another strategy
    # exists, 8 the other strategies to carry goals over from, 9 footer texts.
    with django_assert_num_queries(9):
        client.get(_url("manage-strategy", pk=strategy.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 8])
def test_goal_page_query_count_does_not_grow(
    client_as, coordinator, firm_a, django_assert_num_queries, count
):
    goal = _goal(_strategy())
    for number in range(count):
        objective = Objective.objects.create(goal=goal, title_pl=f"Cel operacyjny {number}")
        Action.objects.create(objective=objective, title_pl="Działanie", phase="promotion")
        Action.objects.create(objective=objective, title_pl="Działanie 2", phase="information")
        indicator = _indicator(goal, source="active_members" if number % 2 else "")
        Measurement.objects.create(indicator=indicator, value=1, measured_on=date(2024, 1, 1))
        goal.projects.add(ProjectFactory(firm=firm_a))
        goal.events.add(EventFactory())
    client = client_as("coordinator")

    # 5 the goal with its strategy, 6 its linked projects and 7 events
    # (the form's initial choice), 8 the objectives, 9 their actions,
    # 10 the indicators with measurement counts, 11 the projects and 12 the
    # events to choose from, 13 footer texts.
    with django_assert_num_queries(13):
        client.get(_url("manage-goal", pk=goal.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_measurements_page_query_count_does_not_grow(
    client_as, coordinator, django_assert_num_queries, count
):
    indicator = _indicator(_goal(_strategy()))
    for day in range(count):
        Measurement.objects.create(
            indicator=indicator,
            value=day,
            measured_on=date(2020, 1, 1) + timedelta(days=30 * day),
            entered_by=coordinator,
        )
    client = client_as("coordinator")

    # 5 the indicator with its goal and strategy, 6 its measurements with
    # who entered them, 7 footer texts.
    with django_assert_num_queries(7):
        client.get(_url("measurements", pk=indicator.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_facts_page_query_count_does_not_grow(
    client_as, coordinator, django_assert_num_queries, count
):
    facts = ClusterFacts.objects.create(pk=1, updated_by=coordinator)
    for year in range(count):
        BudgetLine.objects.create(facts=facts, year=2020 + year, source="fees", amount=1000)
    client = client_as("coordinator")

    # 5 the facts with 6 their budget lines, 7 who changed them last,
    # 8 footer texts.
    with django_assert_num_queries(8):
        client.get(_url("manage-facts"))
