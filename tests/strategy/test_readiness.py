import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from members.models import Firm
from strategy import readiness
from strategy.models import BudgetLine
from tests.strategy.sources_data import TODAY, build_world, firm, seat_facts

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _statuses(criteria):
    return {c.figure.key: (c.figure.value, c.status) for c in criteria}


def _many_members(count):
    Firm.objects.bulk_create(
        Firm(
            name=f"Członek {n}",
            slug=f"czlonek-{n}",
            kind=Firm.Kind.PUBLIC if n % 2 else Firm.Kind.ENTERPRISE,
            size_class="" if n % 2 else Firm.SizeClass.MEDIUM,
            city="Opole",
            joined_on=date(2020, 1, 1),
        )
        for n in range(count)
    )


def test_criteria_on_hand_built_data():
    build_world()

    report = readiness.readiness_report(TODAY)

    assert _statuses(report.eccp) == {
        "eccp.management_fte": (Decimal("1.50"), "met"),
        "eccp.members": (5, "not_met"),
        "eccp.member_types": (2, "met"),  # industry, research
        # Projects and events in English, but no public English newsletter.
        "eccp.english": (2, "not_met"),
    }
    assert _statuses(report.kkk) == {
        "kkk.years": (11, "met"),
        "kkk.members": (5, "not_met"),
    }


def test_criteria_unknown_when_facts_were_not_entered():
    firm("solo")

    report = readiness.readiness_report(TODAY)

    assert _statuses(report.eccp)["eccp.management_fte"] == (None, "unknown")
    entered = {figure.key: (figure.value, figure.basis) for figure in report.entered}
    assert entered["facts.management_fte"] == (None, readiness.NOT_ENTERED)
    assert entered["facts.seat"] == (None, readiness.NOT_ENTERED)
    # The founding date falls back to the strategy text, marked so.
    assert entered["facts.founded_on"] == (date(2013, 8, 1), readiness.FROM_TEXT)
    assert _statuses(report.kkk)["kkk.years"] == (11, "met")


def test_criteria_met_by_a_large_cluster():
    seat_facts(management_fte=Decimal("0.50"), founded_on=date(2022, 6, 15))
    _many_members(51)

    report = readiness.readiness_report(TODAY)

    assert _statuses(report.eccp)["eccp.members"] == (51, "met")
    assert _statuses(report.eccp)["eccp.management_fte"] == (Decimal("0.50"), "met")
    assert _statuses(report.eccp)["eccp.member_types"] == (2, "met")  # industry, public
    assert _statuses(report.kkk) == {"kkk.years": (3, "met"), "kkk.members": (51, "met")}


def test_one_member_type_is_not_enough():
    firm("a")
    firm("b")

    report = readiness.readiness_report(TODAY)

    assert _statuses(report.eccp)["eccp.member_types"] == (1, "not_met")


def test_report_figures_are_unique_and_drill_down(world_report):
    keys = [figure.key for _section, figure, _status in world_report.figures()]
    details = {figure.detail for _section, figure, _status in world_report.figures()}

    assert len(keys) == len(set(keys))
    for code in details - {""}:
        assert readiness.detail_rows(code, TODAY) is not None, code


@pytest.fixture
def world_report():
    build_world()
    return readiness.readiness_report(TODAY)


def test_composition_tables(world_report):
    values = {figure.key: figure.value for _s, figure, _st in world_report.figures()}

    assert values["kind.enterprise"] == 4
    assert values["kind.research"] == 1
    assert values["size.none"] == 1
    assert values["sme_share"] == Decimal("75.0")
    assert values["members_within_10km"] == Decimal("50.0")
    assert values["concentration.unknown"] == 1
    assert values["projects.funding"] == Decimal("1000.00")
    assert values["projects.with_budget"] == 1
    assert values["projects_with_foreign_partners"] == 1
    assert values["year.2024.events_this_year"] == 2
    assert values["year.2025.participants_this_year"] == 4
    assert values["year.2025.leaves_this_year"] == 1


def _page_figures(html: str) -> dict:
    return dict(re.findall(r'data-key="([^"]+)" data-value="([^"]*)"', html))


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_export_holds_the_figures_of_the_page(client_as, coordinator):
    build_world()
    client = client_as("coordinator")

    page = client.get(_url("strategy:readiness"))
    exported = client.get(_url("strategy:readiness-export", file_format="csv"))

    assert page.status_code == 200
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(exported.content)
    assert rows[0] == ["Section", "Code", "Figure", "Value", "Unit", "Status", "Basis"]
    on_page = _page_figures(page.content.decode())
    in_file = {row[1]: row[3] for row in rows[1:]}
    assert in_file == on_page
    assert in_file["eccp.members"] == in_file["kkk.members"]


def test_xlsx_opens_with_the_csv_rows(client_as, coordinator):
    build_world()
    client = client_as("coordinator")

    csv_rows = _csv_rows(client.get(_url("strategy:readiness-export", file_format="csv")).content)
    response = client.get(_url("strategy:readiness-export", file_format="xlsx"))

    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    xlsx_rows = [
        ["" if v is None else (v.date().isoformat() if hasattr(v, "date") else str(v)) for v in r]
        for r in sheet.iter_rows(values_only=True)
    ]
    assert [row[:2] for row in xlsx_rows] == [row[:2] for row in csv_rows]
    as_numbers = {
        row[1]: Decimal(row[3]) for row in csv_rows[1:] if re.fullmatch(r"-?\d+(\.\d+)?", row[3])
    }
    assert {row[1]: Decimal(row[3]) for row in xlsx_rows[1:] if row[1] in as_numbers} == as_numbers


def test_export_guards_against_formulas(client_as, coordinator):
    facts = seat_facts(seat_name="=HYPERLINK(1)")
    BudgetLine.objects.create(facts=facts, year=2024, source="eu", amount=Decimal("5000.00"))
    client = client_as("coordinator")

    rows = _csv_rows(client.get(_url("strategy:readiness-export", file_format="csv")).content)

    values = {row[1]: row[3] for row in rows[1:]}
    assert values["facts.seat"].startswith("'=HYPERLINK(1)")
    assert values["facts.budget.2024.eu"] == "5000.00"


def test_unknown_export_format_is_404(client_as, coordinator):
    response = client_as("coordinator").get(_url("strategy:readiness-export", file_format="pdf"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("member", "status"),
    [("visitor", 302), ("outsider", 403), ("firm_a_admin", 403), ("coordinator", 200)],
)
def test_report_is_for_the_coordinator_only(client_as, member, status, firm_a_admin, coordinator):
    for url in (
        _url("strategy:readiness"),
        _url("strategy:readiness-export", file_format="xlsx"),
        _url("strategy:readiness-detail", figure="kind.enterprise"),
    ):
        assert client_as(member).get(url).status_code == status, url


def test_page_marks_entered_and_unknown_figures(client_as, coordinator):
    firm("solo")

    html = client_as("coordinator").get(_url("strategy:readiness")).content.decode()

    assert "not entered yet" in html
    assert 'data-status="unknown"' in html
    assert "Bronze" in html  # the labels' indicators are said to be not public


@pytest.mark.parametrize(
    ("figure", "names"),
    [
        # The pages compute on the real today, after f8 joined in July 2025.
        ("active_members", ["F1", "F2", "F3", "F4", "F5", "F8"]),
        ("kind.research", ["F4"]),
        ("size.none", ["F4"]),
        ("members_without_coordinates", ["F5"]),
        ("year.2025.leaves_this_year", ["F6"]),
        ("international.members", []),
    ],
)
def test_drill_down_lists_the_rows(client_as, coordinator, figure, names, settings):
    build_world()

    response = client_as("coordinator").get(_url("strategy:readiness-detail", figure=figure))

    assert response.status_code == 200
    assert [row[0] for row in response.context["rows"]] == names


@pytest.mark.parametrize(
    "figure",
    [
        "nope",
        "kind.nope",
        "size.",
        "year.1800.joins_this_year",
        "year.2024.nope",
        "years_of_operation",
        "year.x.joins_this_year",
    ],
)
def test_unknown_drill_down_is_404(client_as, coordinator, figure):
    response = client_as("coordinator").get(_url("strategy:readiness-detail", figure=figure))

    assert response.status_code == 404


@pytest.mark.parametrize("firms", [1, 40])
def test_page_query_count_does_not_grow(client_as, coordinator, django_assert_num_queries, firms):
    seat_facts()
    for n in range(firms):
        firm(f"q{n}", north="0.1" if n % 2 else None)
    client = client_as("coordinator")

    with django_assert_num_queries(QUERIES):
        response = client.get(_url("strategy:readiness"))

    assert response.status_code == 200


# The session, the user, the coordinator's group and two-factor (4); the
# facts and their budget lines (2); members by kind and by size (2); the
# English activity (3); SME share (1); the concentration and the members
# without coordinates (2); the projects table (5); international (2);
# events and newsletters (5); the per-year table (5 years x 6 sources = 30);
# the footer's texts (1).
QUERIES = 57
