from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Firm
from projects.models import ExternalPartner
from strategy import sources
from strategy.models import ClusterFacts
from tests.projects.factories import ProjectFactory
from tests.strategy.sources_data import EXPECTED, TODAY, at, build_world, firm, seat_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_every_source_has_an_expected_value():
    assert set(sources.SOURCES) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_source_value_on_hand_built_data(world, code):
    assert sources.live_value(code, TODAY) == EXPECTED[code]


def test_sources_with_no_members():
    values = {code: sources.live_value(code, TODAY) for code in sources.SOURCES}

    assert values == {
        **dict.fromkeys(EXPECTED, 0),
        "sme_share": None,
        "members_within_10km": None,
        "members_within_70km": None,
        "member_event_share": None,
        # No facts entered: the strategy text's founding date.
        "years_of_operation": 11,
    }


def test_member_who_left_mid_year_counts_until_leaving(world):
    assert sources.live_value("active_members", date(2025, 4, 29)) == 6
    assert sources.live_value("active_members", date(2025, 4, 30)) == 5


def test_research_institute_has_no_size_class(world):
    by_size = {row["code"]: row["count"] for row in sources.members_by_size(TODAY)}
    by_kind = {row["code"]: row["count"] for row in sources.members_by_kind(TODAY)}

    assert by_size == {"micro": 1, "small": 1, "medium": 1, "large": 1, "": 1}
    assert by_kind == {
        "enterprise": 4,
        "research": 1,
        "university": 0,
        "school": 0,
        "support": 0,
        "public": 0,
    }


def test_concentration_counts_firms_without_coordinates_as_unknown(world):
    figures = sources.concentration(TODAY)

    assert figures == {
        "seat": True,
        "members": 5,
        "located": 4,
        "unknown": 1,
        "near": 2,
        "region": 3,
        "near_share": Decimal("50.0"),
        "region_share": Decimal("75.0"),
    }


def test_concentration_is_unknown_without_the_seat():
    seat_facts(seat_latitude=None, seat_longitude=None)
    firm("alone", north=None)

    assert sources.live_value("members_within_10km", TODAY) is None
    assert sources.concentration(TODAY)["unknown"] is None


def test_distance_is_haversine():
    # Kędzierzyn-Koźle to Opole, about 42 km as the crow flies.
    assert round(sources.distance_km(50.345, 18.208, 50.675, 17.921)) == 42


def test_years_of_operation_use_the_entered_founding_date():
    seat_facts(founded_on=date(2023, 6, 16))

    assert sources.live_value("years_of_operation", TODAY) == 1


def test_past_year_is_computed_as_of_its_last_day(world):
    last_year = date(2024, 12, 31)

    assert sources.live_value("events_this_year", last_year) == 2  # e4, e6
    assert sources.live_value("participants_this_year", last_year) == 2
    assert sources.live_value("campaigns_sent_this_year", last_year) == 1
    assert sources.live_value("joins_this_year", last_year) == 0


def test_rows_list_what_the_figure_counts(world):
    members = sources.source_rows("active_members", TODAY)
    firms = sources.source_rows("firms_in_projects", TODAY)
    participants = sources.source_rows("participants_this_year", TODAY)
    distances = sources.source_rows("members_within_10km", TODAY)

    assert [row[0] for row in members.rows] == ["F1", "F2", "F3", "F4", "F5"]
    assert members.total == 5 and not members.truncated
    assert [(row[0], row[-1]) for row in firms.rows] == [
        ("F1", 1),
        ("F2", 1),
        ("F3", 1),
        ("F4", 1),
    ]
    # Two guests, F1 (attended at e1) and F3 (confirmed at e2, no attendance
    # taken); F2's confirmed no-show at e1 is left out.
    assert sorted(row[2] for row in participants.rows) == ["", "", "F1", "F3"]
    assert {row[0]: row[2] for row in distances.rows} == {
        "F1": Decimal("0.0"),
        "F2": Decimal("30.0"),
        "F3": Decimal("100.1"),
        "F4": Decimal("5.0"),
        "F5": "",
    }


def test_rows_of_every_source_that_lists(world):
    listed = {code for code, item in sources.SOURCES.items() if item.rows}

    assert listed == set(EXPECTED) - {"years_of_operation"}
    for code in listed:
        rows = sources.source_rows(code, TODAY)
        assert all(len(row) == len(rows.columns) for row in rows.rows), code


def _queries(code):
    with CaptureQueriesContext(connection) as context:
        sources.live_value(code, TODAY)
        sources.source_rows(code, TODAY)
    return len(context.captured_queries)


def test_query_count_of_every_source_does_not_grow_with_the_data():
    seat_facts()
    one = firm("one", north="0")
    # One row of each list, so that the prefetches run in both rounds.
    for state in ("active", "completed"):
        project = ProjectFactory(firm=one, state=state, submitted_at=at(2024, 1, 1))
        ExternalPartner.objects.create(project=project, name="X", country="DE", kind="other")
    few = {code: _queries(code) for code in sources.SOURCES}
    ClusterFacts.objects.all().delete()
    build_world()
    for n in range(10):
        firm(f"more-{n}", north="0.1", joined_on=date(2025, 1, 2))
    many = {code: _queries(code) for code in sources.SOURCES}

    assert many == few
    assert max(few.values()) <= 4


def test_headline_values(world):
    assert sources.headline_values(TODAY) == {
        "active_members": 5,
        "years_of_operation": 11,
        "projects_active": 1,
        "events_this_year": 2,
    }


def test_suspended_firm_is_no_member(world):
    assert not sources.members_on(TODAY).filter(status=Firm.Status.SUSPENDED).exists()
    assert at(2025, 1, 1).tzinfo is not None
