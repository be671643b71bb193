"""The readiness report: the cluster against the thresholds DOMAIN.md states.

It checks only what is public and known – the European Cluster
Collaboration Platform's profile criteria and the national key cluster's
(KKK) eligibility – and shows the composition tables. The Bronze and Gold
label indicators are not public, so the report does not guess them.

Every figure has a ``key`` (unique in the report; the export's code
column) and, where it lists something, a ``detail`` code that
``detail_rows`` turns into the rows it was computed from.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chemster.lib.spreadsheets import csv_bytes, guard_cell, xlsx_bytes
from events.models import Event
from members.models import Firm
from newsletters.models import Campaign
from projects.models import Project
from strategy import sources
from strategy.models import ClusterFacts

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
STATUS_LABELS = {
    MET: _("met"),
    NOT_MET: _("not met"),
    UNKNOWN: _("unknown"),
}

# The ECCP's member types and the firm kinds counted as each. Schools count
# with research (education); business-support bodies (chambers,
# associations, parks, agencies) with civil society – the coordinator
# should check that for a body owned by a public authority.
ECCP_TYPES = (
    ("industry", _("Industry"), (Firm.Kind.ENTERPRISE,)),
    (
        "research",
        _("Research and universities"),
        (Firm.Kind.RESEARCH, Firm.Kind.UNIVERSITY, Firm.Kind.SCHOOL),
    ),
    ("public", _("Public bodies"), (Firm.Kind.PUBLIC,)),
    ("civil", _("Civil society"), (Firm.Kind.SUPPORT,)),
)

ECCP_MIN_FTE = Decimal("0.5")
ECCP_MIN_MEMBERS = 15
ECCP_MIN_TYPES = 2
KKK_MIN_YEARS = 3
KKK_MIN_MEMBERS = 51
# The per-year table covers this many calendar years, the current one last.
HISTORY_YEARS = 5
# "Recent" activity on the English pages.
RECENT_DAYS = 365

# Where a figure comes from.
LIVE = _("computed from the portal's records")
ENTERED = _("entered by the coordinator")
NOT_ENTERED = _("not entered yet")
FROM_TEXT = _("from the strategy text (not entered)")


@dataclass
class Figure:
    key: str
    label: str
    value: object
    unit: str = ""
    basis: str = LIVE
    detail: str = ""

    @property
    def is_date(self) -> bool:
        return isinstance(self.value, date)


@dataclass
class Criterion:
    figure: Figure
    requirement: str
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Table:
    """A composition table: a heading, column labels and rows of figures.

    The first cell of a row is its label; the others are Figures."""

    key: str
    title: str
    columns: tuple
    rows: list = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    today: date
    facts: ClusterFacts | None
    entered: list
    eccp: list
    kkk: list
    tables: list

    def figures(self):
        """(section, figure, status or "") for every figure, in page order."""
        for item in self.entered:
            yield _("Entered by the coordinator"), item, ""
        for criterion in self.eccp:
            yield _("Cluster collaboration platform profile"), criterion.figure, criterion.status
        for criterion in self.kkk:
            yield _("National key cluster eligibility"), criterion.figure, criterion.status
        for table in self.tables:
            for row in table.rows:
                for cell in row[1:]:
                    yield table.title, cell, ""


def _status(value, minimum) -> str:
    if value is None:
        return UNKNOWN
    return MET if value >= minimum else NOT_MET


# --- Facts the coordinator enters -------------------------------------------


def _entered_figures(facts: ClusterFacts | None) -> list[Figure]:
    founded, entered = sources.founded_on(facts)
    figures = [
        Figure(
            "facts.founded_on",
            _("Founded on"),
            founded,
            basis=ENTERED if entered else FROM_TEXT,
        ),
        Figure(
            "facts.founding_members",
            _("Founding members"),
            facts.founding_members if facts else None,
            unit=_("entities"),
            basis=ENTERED if facts and facts.founding_members is not None else NOT_ENTERED,
        ),
        Figure(
            "facts.management_fte",
            _("Cluster management staff"),
            facts.management_fte if facts else None,
            unit=_("FTE"),
            basis=ENTERED if facts and facts.management_fte is not None else NOT_ENTERED,
        ),
        Figure(
            "facts.seat",
            _("Coordinator's seat"),
            (
                f"{facts.seat_name} ({facts.seat_latitude}, {facts.seat_longitude})".strip()
                if facts and facts.has_seat
                else None
            ),
            basis=ENTERED if facts and facts.has_seat else NOT_ENTERED,
        ),
    ]
    lines = list(facts.budget_lines.all()) if facts else []
    for line in sorted(lines, key=lambda b: (-b.year, b.source)):
        figures.append(
            Figure(
                f"facts.budget.{line.year}.{line.source}",
                _("Budget %(year)s: %(source)s")
                % {"year": line.year, "source": line.get_source_display()},
                line.amount,
                unit="PLN",
                basis=ENTERED,
            )
        )
    return figures


# --- The criteria -----------------------------------------------------------


def english_activity(today: date) -> dict:
    """How many recent items the portal shows in English, per kind."""
    return {kind: query.count() for kind, query in _english_items(today).items()}


def _english_items(today: date) -> dict:
    since = today - timedelta(days=RECENT_DAYS)
    return {
        "projects": Project.objects.filter(
            visibility=Project.Visibility.PUBLIC,
            state__in=Project.OPEN_STATES,
        )
        .exclude(Q(title_en="") | Q(summary_en=""))
        .order_by("-submitted_at", "-id"),
        "events": Event.objects.filter(
            state=Event.State.PUBLISHED,
            audience=Event.Audience.PUBLIC,
            starts_at__gte=sources.start_of(since),
        )
        .exclude(Q(title_en="") | Q(description_en=""))
        .order_by("-starts_at", "-id"),
        "newsletters": Campaign.objects.filter(
            state=Campaign.State.SENT,
            is_public=True,
            finished_at__gte=sources.start_of(since),
            finished_at__lt=sources.end_of(today),
        )
        .exclude(body_en="")
        .order_by("-finished_at", "-id"),
    }


ENGLISH_LABELS = {
    "projects": _("Public joint projects in English (open)"),
    "events": _("Public events in English (last 12 months and upcoming)"),
    "newsletters": _("Public newsletters in English (last 12 months)"),
}


def _eccp_criteria(today, facts, members, kinds, english) -> list[Criterion]:
    fte = facts.management_fte if facts else None
    present = [
        label for _code, label, type_kinds in ECCP_TYPES if any(kinds[k] for k in type_kinds)
    ]
    english_total = sum(1 for count in english.values() if count)
    return [
        Criterion(
            Figure(
                "eccp.management_fte",
                _("Cluster management staff"),
                fte,
                unit=_("FTE"),
                basis=ENTERED if fte is not None else NOT_ENTERED,
            ),
            _("at least 0.5 FTE"),
            _status(fte, ECCP_MIN_FTE),
        ),
        Criterion(
            Figure(
                "eccp.members",
                _("Committed members (active member firms)"),
                members,
                unit=_("firms"),
                detail="active_members",
            ),
            _("at least 15"),
            _status(members, ECCP_MIN_MEMBERS),
        ),
        Criterion(
            Figure(
                "eccp.member_types",
                _("Member types present"),
                len(present),
                unit=", ".join(str(label) for label in present),
                detail="eccp_types",
            ),
            _("at least 2 of: industry, research/universities, public bodies, civil society"),
            _status(len(present), ECCP_MIN_TYPES),
        ),
        Criterion(
            Figure(
                "eccp.english",
                _("Kinds of recent activity shown in English on the portal"),
                english_total,
                unit=_("of 3 (projects, events, newsletters)"),
                detail="english",
            ),
            _("an English website showing real activity"),
            MET if english_total == len(english) else NOT_MET,
        ),
    ]


def _kkk_criteria(today, facts, members) -> list[Criterion]:
    founded, entered = sources.founded_on(facts)
    years = sources.full_years_between(founded, today)
    return [
        Criterion(
            Figure(
                "kkk.years",
                _("Years of operation"),
                years,
                unit=_("years"),
                basis=ENTERED if entered else FROM_TEXT,
            ),
            _("at least 3 years"),
            _status(years, KKK_MIN_YEARS),
        ),
        Criterion(
            Figure(
                "kkk.members",
                _("Member firms"),
                members,
                unit=_("firms"),
                detail="active_members",
            ),
            _("at least 51"),
            _status(members, KKK_MIN_MEMBERS),
        ),
    ]


# --- The composition tables -------------------------------------------------


def _live(code: str, value, *, key: str = "", detail: str | None = None) -> Figure:
    item = sources.SOURCES[code]
    return Figure(
        key or code,
        item.label,
        value,
        unit=item.unit,
        detail=code if detail is None else detail,
    )


def _kind_table(today, by_kind) -> Table:
    types = {kind: label for _code, label, kinds in ECCP_TYPES for kind in kinds}
    table = Table(
        "kind",
        _("Members by kind"),
        (_("Kind"), _("Member firms"), _("Platform member type")),
        note=_(
            "Schools count as research and education; business-support bodies as civil society."
        ),
    )
    for row in by_kind:
        table.rows.append(
            [
                row["label"],
                Figure(
                    f"kind.{row['code']}",
                    row["label"],
                    row["count"],
                    _("firms"),
                    detail=f"kind.{row['code']}",
                ),
                Figure(
                    f"kind.{row['code']}.type",
                    _("Platform member type"),
                    types[row["code"]],
                    basis="",
                ),
            ]
        )
    return table


def _size_table(today, by_size, sme) -> Table:
    table = Table(
        "size",
        _("Members by size class"),
        (_("Size class"), _("Member firms")),
        note=_("Research bodies, schools and public bodies have no size class."),
    )
    for row in by_size:
        code = row["code"] or "none"
        table.rows.append(
            [
                row["label"],
                Figure(
                    f"size.{code}", row["label"], row["count"], _("firms"), detail=f"size.{code}"
                ),
            ]
        )
    table.rows.append([sources.SOURCES["sme_share"].label, _live("sme_share", sme)])
    return table


def _concentration_table(today, facts) -> Table:
    figures = sources.concentration(today, facts)
    seat_note = (
        ""
        if figures["seat"]
        else _("The coordinator's seat has not been entered, so the distances are unknown.")
    )
    table = Table(
        "concentration",
        _("Concentration around the coordinator"),
        (_("Figure"), _("Value")),
        note=seat_note
        or _(
            "Shares are of the members whose coordinates are known; the others are "
            "counted separately as unknown."
        ),
    )
    rows = [
        _live("members_within_10km", figures["near_share"], detail="distances"),
        _live("members_within_70km", figures["region_share"], detail="distances"),
        Figure(
            "concentration.near",
            _("Members within 10 km"),
            figures["near"],
            _("firms"),
            detail="distances",
        ),
        Figure(
            "concentration.region",
            _("Members within 70 km"),
            figures["region"],
            _("firms"),
            detail="distances",
        ),
        Figure(
            "concentration.unknown",
            _("Members without coordinates (unknown)"),
            sources.members_without_coordinates(today),
            _("firms"),
            detail="members_without_coordinates",
        ),
    ]
    table.rows.extend([figure.label, figure] for figure in rows)
    return table


def _projects_table(today) -> Table:
    funding = sources.project_funding(today)
    rows = [
        _live("projects_active", sources.projects_active(today)),
        _live("projects_completed", sources.projects_completed(today)),
        _live("firms_in_projects", sources.firms_in_projects(today)),
        _live("projects_with_external_partners", sources.projects_with_external_partners(today)),
        Figure(
            "projects.funding",
            _("Budgets entered on joint projects"),
            funding["total"],
            "PLN",
            detail="projects.funding",
        ),
        Figure(
            "projects.with_budget",
            _("Joint projects with a budget entered"),
            funding["with_budget"],
            _("projects"),
            detail="projects.funding",
        ),
    ]
    table = Table(
        "projects",
        _("Joint projects"),
        (_("Figure"), _("Value")),
        note=_("Projects count in the state they are in today."),
    )
    table.rows.extend([figure.label, figure] for figure in rows)
    return table


def foreign_members(today: date):
    return sources.members_on(today).exclude(country="PL")


def _international_table(today) -> Table:
    rows = [
        _live("projects_with_foreign_partners", sources.projects_with_foreign_partners(today)),
        Figure(
            "international.members",
            _("Member firms from abroad"),
            foreign_members(today).count(),
            _("firms"),
            detail="international.members",
        ),
    ]
    table = Table("international", _("International cooperation"), (_("Figure"), _("Value")))
    table.rows.extend([figure.label, figure] for figure in rows)
    return table


HISTORY_SOURCES = (
    "active_members",
    "joins_this_year",
    "leaves_this_year",
    "events_this_year",
    "participants_this_year",
    "campaigns_sent_this_year",
)
HISTORY_LABELS = {
    "active_members": _("Members at the year's end"),
    "joins_this_year": _("Joined"),
    "leaves_this_year": _("Left"),
    "events_this_year": _("Events held"),
    "participants_this_year": _("Event participants"),
    "campaigns_sent_this_year": _("Newsletters sent"),
}


def history_day(year: int, today: date) -> date:
    """The day a year's figures are computed on: 31 December, or today."""
    return min(date(year, 12, 31), today)


def _history_table(today) -> Table:
    years = range(today.year - HISTORY_YEARS + 1, today.year + 1)
    table = Table(
        "history",
        _("Per year"),
        (_("Year"), *(HISTORY_LABELS[code] for code in HISTORY_SOURCES)),
        note=_(
            "The current year counts up to today. Participants are the registrations "
            "marked attended; for an event whose attendance was never taken, its "
            "confirmed registrations."
        ),
    )
    for year in years:
        day = history_day(year, today)
        cells = [
            Figure(
                f"year.{year}.{code}",
                f"{HISTORY_LABELS[code]} {year}",
                sources.live_value(code, day),
                sources.SOURCES[code].unit,
                detail=f"year.{year}.{code}",
            )
            for code in HISTORY_SOURCES
        ]
        table.rows.append([str(year), *cells])
    return table


def _engagement_table(today) -> Table:
    rows = [
        _live("member_event_share", sources.member_event_share(today)),
        _live("events_this_year", sources.events_this_year(today)),
        _live("participants_this_year", sources.participants_this_year(today)),
        _live("campaigns_sent_this_year", sources.campaigns_sent_this_year(today)),
        _live("newsletter_subscribers", sources.newsletter_subscribers(today)),
    ]
    table = Table(
        "engagement",
        _("Events, attendance and newsletters"),
        (_("Figure"), _("Value")),
        note=_(
            "Subscribers are the confirmed newsletter consents; member contacts who get "
            "the newsletter without one are not counted."
        ),
    )
    table.rows.extend([figure.label, figure] for figure in rows)
    return table


def readiness_report(today: date) -> Report:
    """Build the report for ``today``; a fixed number of queries."""
    facts = ClusterFacts.objects.filter(pk=1).prefetch_related("budget_lines").first()
    by_kind = sources.members_by_kind(today)
    by_size = sources.members_by_size(today)
    members = sum(row["count"] for row in by_kind)
    kinds = {row["code"]: row["count"] for row in by_kind}
    english = english_activity(today)
    return Report(
        today=today,
        facts=facts,
        entered=_entered_figures(facts),
        eccp=_eccp_criteria(today, facts, members, kinds, english),
        kkk=_kkk_criteria(today, facts, members),
        tables=[
            _kind_table(today, by_kind),
            _size_table(today, by_size, sources.sme_share(today)),
            _concentration_table(today, facts),
            _projects_table(today),
            _international_table(today),
            _engagement_table(today),
            _history_table(today),
        ],
    )


# --- Drill-down -------------------------------------------------------------


def _eccp_type_rows(today: date) -> sources.Rows:
    types = {kind: label for _code, label, kinds in ECCP_TYPES for kind in kinds}

    def row(firm):
        return (*sources._firm_row(firm), types[firm.kind])

    return sources._limited(
        (*sources.FIRM_COLUMNS, _("Platform member type")), sources.members_on(today), row
    )


def _english_rows(today: date) -> sources.Rows:
    items = _english_items(today)
    rows = []
    for project in items["projects"][: sources.ROWS_LIMIT]:
        rows.append((ENGLISH_LABELS["projects"], project.title_en, project.get_state_display()))
    for event in items["events"][: sources.ROWS_LIMIT]:
        rows.append(
            (ENGLISH_LABELS["events"], event.title_en, timezone.localtime(event.starts_at).date())
        )
    for campaign in items["newsletters"][: sources.ROWS_LIMIT]:
        rows.append(
            (
                ENGLISH_LABELS["newsletters"],
                campaign.subject_en or campaign.subject_pl,
                campaign.finished_at.date(),
            )
        )
    return sources.Rows(
        columns=(_("Kind"), _("Title"), _("State or date")), rows=rows, total=len(rows)
    )


def _funding_rows(today: date) -> sources.Rows:
    return sources._project_rows(sources.projects_on(today).filter(budget__isnull=False))


def _foreign_member_rows(today: date) -> sources.Rows:
    return sources._limited(
        (*sources.FIRM_COLUMNS, _("Country")),
        foreign_members(today),
        lambda firm: (*sources._firm_row(firm), firm.country),
    )


_EXTRA_DETAILS = {
    "eccp_types": _eccp_type_rows,
    "english": _english_rows,
    "distances": sources.distance_rows,
    "projects.funding": _funding_rows,
    "international.members": _foreign_member_rows,
}


def detail_label(code: str, today: date) -> str | None:
    """The heading of a drill-down, or None for an unknown code."""
    head, _dot, rest = code.partition(".")
    if code in sources.SOURCES:
        return str(sources.SOURCES[code].label)
    if head == "kind" and rest in Firm.Kind.values:
        return f"{_('Members by kind')}: {Firm.Kind(rest).label}"
    if head == "size" and (rest in Firm.SizeClass.values or rest == "none"):
        label = Firm.SizeClass(rest).label if rest != "none" else _("No size class")
        return f"{_('Members by size class')}: {label}"
    if head == "year":
        year, _dot, source_code = rest.partition(".")
        if _valid_year(year, today) and source_code in HISTORY_SOURCES:
            return f"{HISTORY_LABELS[source_code]} {year}"
        return None
    labels = {
        "eccp_types": _("Member types present"),
        "english": _("Recent activity shown in English on the portal"),
        "distances": _("Distance of members from the coordinator's seat"),
        "projects.funding": _("Budgets entered on joint projects"),
        "international.members": _("Member firms from abroad"),
    }
    return labels.get(code)


def _valid_year(year: str, today: date) -> bool:
    return year.isdigit() and len(year) == 4 and 1900 <= int(year) <= today.year


def detail_rows(code: str, today: date) -> sources.Rows | None:
    """The rows figure ``code`` was computed from, or None if unknown."""
    if detail_label(code, today) is None:
        return None
    head, _dot, rest = code.partition(".")
    if code in sources.SOURCES:
        return sources.source_rows(code, today)
    if head == "kind":
        return sources.kind_rows(today, rest)
    if head == "size":
        return sources.size_rows(today, "" if rest == "none" else rest)
    if head == "year":
        year, _dot, source_code = rest.partition(".")
        return sources.source_rows(source_code, history_day(int(year), today))
    return _EXTRA_DETAILS[code](today)


# --- Export -----------------------------------------------------------------


def export_header() -> list[str]:
    return [
        str(_("Section")),
        str(_("Code")),
        str(_("Figure")),
        str(_("Value")),
        str(_("Unit")),
        str(_("Status")),
        str(_("Basis")),
    ]


def export_value(value):
    """A figure's value as the export writes it (None as an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, (int, Decimal, date)):
        return value
    return str(value)


def export_rows(report: Report) -> list[list]:
    rows = [export_header()]
    for section, figure, status in report.figures():
        rows.append(
            [
                guard_cell(str(section)),
                figure.key,
                guard_cell(str(figure.label)),
                guard_cell(export_value(figure.value)),
                guard_cell(str(figure.unit)),
                str(STATUS_LABELS[status]) if status else "",
                str(figure.basis),
            ]
        )
    return rows


def export_csv(report: Report) -> bytes:
    return csv_bytes(export_rows(report))


def export_xlsx(report: Report) -> bytes:
    return xlsx_bytes(export_rows(report), sheet="readiness")
