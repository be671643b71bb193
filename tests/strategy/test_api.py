"""The strategy API: the current strategy, the archive, indicators and the
coordinator's measurements."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from chemster.models import AuditEntry
from projects.models import Project
from strategy.models import Action, Goal, Indicator, Measurement, Objective, Strategy
from tests.projects.factories import led_project


@pytest.fixture(autouse=True)
def _english(settings):
    # DRF's and the services' messages in English (the site's default is Polish).
    settings.LANGUAGE_CODE = "en"


def _url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


def _strategy(*, current=True, start=2021, end=2027, title="Strategia rozwoju klastra"):
    return Strategy.objects.create(
        title_pl=title,
        title_en="Cluster development strategy",
        period_start=start,
        period_end=end,
        vision_pl="Wizja klastra.",
        vision_en="The cluster's vision.",
        regional_documents_pl="RIS Opolskie",
        is_current=current,
    )


def _indicator(goal, *, name="Liczba członków", target="60", values=(), **fields):
    indicator = Indicator.objects.create(
        goal=goal,
        name_pl=name,
        unit="firm",
        baseline=Decimal("40"),
        target=Decimal(target),
        target_date=fields.pop("target_date", date(2027, 12, 31)),
        **fields,
    )
    for day, value in values:
        Measurement.objects.create(indicator=indicator, measured_on=day, value=Decimal(value))
    return indicator


def _world(goals: int = 1, indicators: int = 1) -> Strategy:
    strategy = _strategy()
    for number in range(1, goals + 1):
        goal = Goal.objects.create(
            strategy=strategy, code=f"G{number}", title_pl=f"Cel {number}", position=number
        )
        objective = Objective.objects.create(goal=goal, title_pl=f"Cel operacyjny {number}")
        Action.objects.create(
            objective=objective, title_pl="Spotkania", phase=Action.Phase.INTEGRATION
        )
        for index in range(indicators):
            _indicator(
                goal,
                name=f"Wskaźnik {number}.{index}",
                values=[(date(2023, 12, 31), "40"), (date(2024, 12, 31), "45")],
            )
    return strategy


# --- The current strategy --------------------------------------------------------------


@pytest.mark.django_db
def test_current_strategy_shows_goals_progress_and_indicator_values(api_client_as, firm_a):
    strategy = _strategy()
    _strategy(current=False, start=2013, end=2020, title="Strategia 2013-2020")
    goal = Goal.objects.create(strategy=strategy, code="G1", title_pl="Integracja")
    project = led_project(firm_a, slug="jawny")
    led_project(firm_a, slug="tajny", visibility=Project.Visibility.MEMBERS)
    goal.projects.set(Project.objects.all())
    # 40 → 50 in one year: 70 by the end of 2027, above the target of 60.
    up = _indicator(goal, values=[(date(2024, 1, 1), "40"), (date(2025, 1, 1), "50")])
    # Lower is better and it rises: off track.
    down = _indicator(
        goal,
        name="Czas obsługi",
        target="5",
        direction=Indicator.Direction.DOWN,
        values=[(date(2024, 1, 1), "10"), (date(2025, 1, 1), "12")],
    )
    single = _indicator(goal, name="Nowy", values=[(date(2025, 1, 1), "3")])

    response = api_client_as("visitor").get(_url("strategy-current"))

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == strategy.pk
    assert data["is_current"] is True
    assert data["vision_en"] == "The cluster's vision."
    [goal_data] = data["goals"]
    assert goal_data["code"] == "G1"
    assert goal_data["progress"] == {"on_track": 1, "assessed": 2, "total": 3, "percent": 50}
    # A visitor sees the public project only.
    assert [p["slug"] for p in goal_data["projects"]] == [project.slug]
    rows = {row["id"]: row for row in goal_data["indicators"]}
    assert rows[up.pk]["trend"] == "on_track"
    assert rows[up.pk]["current_value"] == "50.00"
    assert rows[up.pk]["current_value_on"] == "2025-01-01"
    assert rows[up.pk]["target"] == "60.00"
    assert rows[up.pk]["projected_value"] is not None
    assert [m["value"] for m in rows[up.pk]["measurements"]] == ["40.00", "50.00"]
    assert rows[down.pk]["trend"] == "off_track"
    assert rows[single.pk]["trend"] == "not_enough_data"
    assert rows[single.pk]["projected_value"] is None


@pytest.mark.django_db
def test_current_strategy_shows_members_only_projects_to_members(
    api_client_as, firm_a, firm_b_editor
):
    strategy = _strategy()
    goal = Goal.objects.create(strategy=strategy, code="G1", title_pl="Integracja")
    goal.projects.set(
        [
            led_project(firm_a, slug="jawny"),
            led_project(firm_a, slug="tajny", visibility=Project.Visibility.MEMBERS),
        ]
    )

    response = api_client_as("firm_b_editor").get(_url("strategy-current"))

    assert sorted(p["slug"] for p in response.json()["goals"][0]["projects"]) == [
        "jawny",
        "tajny",
    ]


@pytest.mark.django_db
def test_current_strategy_is_404_when_none_is_current(api_client_as):
    _strategy(current=False)

    response = api_client_as("visitor").get(_url("strategy-current"))

    assert response.status_code == 404
    assert response.json() == {"detail": "No strategy is current yet."}


@pytest.mark.django_db
def test_live_indicator_shows_todays_live_value(api_client_as, firm_a, firm_b):
    goal = Goal.objects.create(strategy=_strategy(), code="G1", title_pl="Integracja")
    live = _indicator(goal, source="active_members", values=[(date(2024, 1, 1), "1")])

    response = api_client_as("visitor").get(_url("indicator", pk=live.pk))

    data = response.json()
    assert data["source"] == "active_members"
    assert data["current_value"] == "2.00"
    assert data["current_value_on"] == timezone.localdate().isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(("goals", "indicators"), [(1, 1), (6, 5)])
def test_current_strategy_query_count_is_constant(
    api_client_as, django_assert_num_queries, goals, indicators
):
    _world(goals, indicators)
    client = api_client_as("visitor")

    # 1 the strategy, 2 goals, 3 objectives, 4 actions, 5 indicators,
    # 6 measurements, 7 linked projects, 8 linked events.
    with django_assert_num_queries(8):
        response = client.get(_url("strategy-current"))

    assert len(response.json()["goals"]) == goals
    assert sum(len(g["indicators"]) for g in response.json()["goals"]) == goals * indicators


# --- The list and the archive --------------------------------------------------------------


@pytest.mark.django_db
def test_strategy_list_has_the_current_one_and_the_archive(api_client_as):
    current = _strategy()
    archived = _strategy(current=False, start=2013, end=2020, title="Strategia 2013-2020")

    response = api_client_as("visitor").get(_url("strategies"))

    assert response.status_code == 200
    assert [(s["id"], s["is_current"]) for s in response.json()["results"]] == [
        (current.pk, True),
        (archived.pk, False),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_strategy_list_query_count(api_client_as, django_assert_num_queries, count):
    for year in range(count):
        _strategy(current=False, start=1900 + year, end=1901 + year)
    client = api_client_as("visitor")

    # 1 the count, 2 the page.
    with django_assert_num_queries(2):
        response = client.get(_url("strategies"), {"page_size": 100})

    assert len(response.json()["results"]) == count


@pytest.mark.django_db
def test_archived_strategy_is_public_with_its_goals(api_client_as):
    archived = _world()
    archived.is_current = False
    archived.save(update_fields=["is_current"])

    response = api_client_as("visitor").get(_url("strategy", pk=archived.pk))

    assert response.status_code == 200
    assert response.json()["is_current"] is False
    assert [g["code"] for g in response.json()["goals"]] == ["G1"]


@pytest.mark.django_db
def test_unknown_strategy_and_indicator_are_404(api_client_as):
    client = api_client_as("visitor")

    assert client.get(_url("strategy", pk=999_999)).status_code == 404
    assert client.get(_url("indicator", pk=999_999)).status_code == 404


@pytest.mark.django_db
def test_indicator_detail_names_its_goal_and_strategy(api_client_as):
    strategy = _world()
    indicator = Indicator.objects.get()

    response = api_client_as("visitor").get(_url("indicator", pk=indicator.pk))

    data = response.json()
    assert data["goal"]["code"] == "G1"
    assert data["goal"]["strategy"]["id"] == strategy.pk
    assert data["trend"] in {"on_track", "off_track"}
    assert [m["measured_on"] for m in data["measurements"]] == ["2023-12-31", "2024-12-31"]


# --- The coordinator's writes ------------------------------------------------------------------

_WRITES = [
    ("post", "indicator-measurements", {"value": "50", "measured_on": "2025-06-30"}),
    ("patch", "indicator", {"target": "70"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "body"), _WRITES)
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 403),
        ("firm_b_editor", 403),
    ],
)
def test_only_the_coordinator_writes(api_client_as, method, name, body, member, status):
    _world()
    indicator = Indicator.objects.get()

    response = getattr(api_client_as(member), method)(_url(name, pk=indicator.pk), body)

    assert response.status_code == status
    assert Indicator.objects.get().target == Decimal("60")
    assert Measurement.objects.count() == 2


@pytest.mark.django_db
def test_coordinator_enters_a_measurement_and_progress_changes(api_client_as, coordinator):
    goal = Goal.objects.create(strategy=_strategy(), code="G1", title_pl="Integracja")
    indicator = _indicator(goal, values=[(date(2024, 1, 1), "40")])
    client = api_client_as("coordinator")

    response = client.post(
        _url("indicator-measurements", pk=indicator.pk),
        {"value": "50.5", "measured_on": "2025-01-01", "source": "Raport", "note": "Koniec roku"},
    )

    assert response.status_code == 201
    measurement = Measurement.objects.get(measured_on=date(2025, 1, 1))
    assert response.json() == {
        "id": measurement.pk,
        "value": "50.50",
        "measured_on": "2025-01-01",
        "source": "Raport",
        "note": "Koniec roku",
        "origin": "entered",
    }
    assert measurement.entered_by == coordinator
    assert AuditEntry.objects.filter(code="strategy.measurement.added").count() == 1
    goal_data = client.get(_url("strategy-current")).json()["goals"][0]
    assert goal_data["progress"]["percent"] == 100


@pytest.mark.django_db
def test_measurement_input_is_checked(api_client_as):
    goal = Goal.objects.create(strategy=_strategy(), code="G1", title_pl="Integracja")
    indicator = _indicator(goal, values=[(date(2024, 1, 1), "40")])
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = api_client_as("coordinator").post(
        _url("indicator-measurements", pk=indicator.pk),
        {"value": "1.234", "measured_on": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"value", "measured_on"}
    assert response.json()["errors"]["measured_on"] == [
        "A measurement cannot be dated in the future."
    ]


@pytest.mark.django_db
def test_second_measurement_on_a_day_is_refused(api_client_as):
    goal = Goal.objects.create(strategy=_strategy(), code="G1", title_pl="Integracja")
    indicator = _indicator(goal, values=[(date(2024, 1, 1), "40")])

    response = api_client_as("coordinator").post(
        _url("indicator-measurements", pk=indicator.pk),
        {"value": "41", "measured_on": "2024-01-01"},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "measured_on": ["This indicator already has a value for this day."]
    }


@pytest.mark.django_db
def test_coordinator_deletes_a_measurement(api_client_as):
    _world()
    measurement = Measurement.objects.order_by("measured_on").first()

    response = api_client_as("coordinator").delete(_url("measurement", pk=measurement.pk))

    assert response.status_code == 204
    assert not Measurement.objects.filter(pk=measurement.pk).exists()
    assert (
        api_client_as("coordinator").delete(_url("measurement", pk=measurement.pk)).status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("member", "status"), [("visitor", 401), ("firm_a_admin", 403)])
def test_others_cannot_delete_measurements(api_client_as, member, status):
    _world()
    measurement = Measurement.objects.first()

    response = api_client_as(member).delete(_url("measurement", pk=measurement.pk))

    assert response.status_code == status
    assert Measurement.objects.count() == 2


@pytest.mark.django_db
def test_coordinator_changes_an_indicators_target(api_client_as):
    _world()
    indicator = Indicator.objects.get()

    response = api_client_as("coordinator").patch(
        _url("indicator", pk=indicator.pk),
        {"target": "45", "target_date": "2030-12-31", "name_en": "Members"},
    )

    assert response.status_code == 200
    assert response.json()["target"] == "45.00"
    assert response.json()["name_en"] == "Members"
    indicator.refresh_from_db()
    assert (indicator.target, indicator.target_date) == (Decimal("45"), date(2030, 12, 31))
    assert AuditEntry.objects.filter(code="strategy.indicator.updated").count() == 1


@pytest.mark.django_db
def test_indicator_update_refuses_an_unknown_source(api_client_as):
    _world()
    indicator = Indicator.objects.get()

    response = api_client_as("coordinator").patch(
        _url("indicator", pk=indicator.pk), {"source": "no-such-source", "direction": "sideways"}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"source", "direction"}
    assert Indicator.objects.get().source == ""


@pytest.mark.django_db
def test_coordinator_marks_a_strategy_current(api_client_as):
    old = _strategy()
    new = _strategy(current=False, start=2028, end=2034, title="Strategia 2028-2034")

    response = api_client_as("coordinator").post(_url("strategy-mark-current", pk=new.pk))

    assert response.status_code == 200
    assert response.json()["is_current"] is True
    assert set(Strategy.objects.filter(is_current=True)) == {new}
    old.refresh_from_db()
    assert old.is_current is False
    assert api_client_as("visitor").get(_url("strategy-current")).json()["id"] == new.pk


@pytest.mark.django_db
@pytest.mark.parametrize(("member", "status"), [("visitor", 401), ("firm_a_admin", 403)])
def test_others_cannot_mark_a_strategy_current(api_client_as, member, status):
    _strategy()
    new = _strategy(current=False, start=2028, end=2034)

    response = api_client_as(member).post(_url("strategy-mark-current", pk=new.pk))

    assert response.status_code == status
    new.refresh_from_db()
    assert new.is_current is False
