"""Live indicator sources: figures computed from the portal's own records.

Every source is one function of a date, registered with ``@source``; an
indicator whose ``source`` field names the code shows the live value, the
monthly snapshot stores it as a measurement, and the readiness report shows
it. A source may name a ``rows`` function that lists what the figure was
computed from (the report's drill-down).

Conventions every source keeps:

- ``today`` is a local date (Europe/Warsaw); "this year" is its calendar year
  up to and including ``today``, so past years can be computed as of 31
  December.
- A member on a date: joined on or before it and not left by it; currently
  suspended firms are left out (the portal keeps no history of
  suspensions). A former member without a leaving date is left out too.
- Projects and campaigns count in the state they are in now (the portal keeps
  no state history; the monthly snapshot builds it).
- A share is a percentage with one decimal, or ``None`` when its base is
  empty (shown as "unknown", never as 0 %).
- Each source runs a small, fixed number of queries, whatever the data.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from members.models import Firm
from newsletters.models import Campaign, Consent
from projects.models import ExternalPartner, Participation, Project
from strategy.content import goals as content
from strategy.models import ClusterFacts

# The drill-down lists at most this many rows (the figure counts them all).
ROWS_LIMIT = 500

# Radii of the concentration figures, as the cluster publishes them.
NEAR_KM = 10
REGION_KM = 70
EARTH_RADIUS_KM = 6371.0088

# Project states that never happened as a joint project.
NOT_A_PROJECT = (Project.State.DRAFT, Project.State.CANCELLED)
SME_CLASSES = (Firm.SizeClass.MICRO, Firm.SizeClass.SMALL, Firm.SizeClass.MEDIUM)


@dataclass(frozen=True)
class Rows:
    """What a figure was computed from: column labels and row tuples."""

    columns: tuple
    rows: list
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    unit: str
    compute: Callable
    rows: Callable | None = None


SOURCES: dict[str, Source] = {}


def source(code: str, *, label, unit, rows: Callable | None = None):
    """Register ``function(today)`` as the live source ``code``."""

    def register(function):
        if code in SOURCES:
            raise ImproperlyConfigured(f"Two live sources are called {code!r}.")
        SOURCES[code] = Source(code=code, label=label, unit=unit, compute=function, rows=rows)
        return function

    return register


def source_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for the indicator form's choice of live source."""
    return [(code, item.label) for code, item in SOURCES.items()]


def live_value(code: str, today: date | None = None):
    """The value of source ``code`` on ``today``; KeyError for an unknown code."""
    return SOURCES[code].compute(today or timezone.localdate())


def source_rows(code: str, today: date | None = None) -> Rows | None:
    """The rows source ``code`` was computed from, or None if it lists none."""
    item = SOURCES[code]
    if item.rows is None:
        return None
    return item.rows(today or timezone.localdate())


# --- Helpers ---------------------------------------------------------------


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date) -> datetime:
    """Midnight after ``day`` (exclusive upper bound) in the portal's time zone."""
    return start_of(day + timedelta(days=1))


def year_start(today: date) -> date:
    return date(today.year, 1, 1)


def share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent with one decimal; None for an empty whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _limited(columns, queryset_or_list, row) -> Rows:
    items = list(queryset_or_list[: ROWS_LIMIT + 1])
    total = len(items)
    if total > ROWS_LIMIT:
        # Only then is the exact total worth its query.
        total = queryset_or_list.count()
        items = items[:ROWS_LIMIT]
    return Rows(columns=tuple(columns), rows=[row(item) for item in items], total=total)


def cluster_facts() -> ClusterFacts | None:
    """The facts the coordinator entered, or None before any were (no write)."""
    return ClusterFacts.objects.filter(pk=1).first()


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle (haversine) distance between two points in kilometres."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


# --- Members ---------------------------------------------------------------


def members_on(today: date):
    """Firms that were members on ``today`` (see the module's conventions)."""
    return (
        Firm.objects.exclude(status=Firm.Status.SUSPENDED)
        .filter(joined_on__lte=today)
        .filter(Q(left_on__gt=today) | Q(left_on__isnull=True, status=Firm.Status.ACTIVE))
        .order_by("name", "id")
    )


FIRM_COLUMNS = (_("Firm"), _("Kind"), _("Size class"), _("City"), _("Joined"), _("Left"))


def _firm_row(firm: Firm) -> tuple:
    return (
        firm.name,
        firm.get_kind_display(),
        firm.get_size_class_display() if firm.size_class else "",
        firm.city,
        firm.joined_on,
        firm.left_on or "",
    )


def active_member_rows(today: date) -> Rows:
    return _limited(FIRM_COLUMNS, members_on(today), _firm_row)


@source("active_members", label=_("Active member firms"), unit=_("firms"), rows=active_member_rows)
def active_members(today: date) -> int:
    return members_on(today).count()


def members_by_kind(today: date) -> list[dict]:
    """Members on ``today`` per kind, every kind listed (also with 0)."""
    counts = dict(members_on(today).order_by().values_list("kind").annotate(count=Count("id")))
    return [
        {"code": kind.value, "label": kind.label, "count": counts.get(kind.value, 0)}
        for kind in Firm.Kind
    ]


def members_by_size(today: date) -> list[dict]:
    """Member enterprises on ``today`` per size class, then the other members
    (which have no size class) as one row with code ``""``."""
    counts = dict(
        members_on(today).order_by().values_list("size_class").annotate(count=Count("id"))
    )
    rows = [
        {"code": size.value, "label": size.label, "count": counts.get(size.value, 0)}
        for size in Firm.SizeClass
    ]
    rows.append({"code": "", "label": _("No size class"), "count": counts.get("", 0)})
    return rows


def kind_rows(today: date, kind: str) -> Rows:
    return _limited(FIRM_COLUMNS, members_on(today).filter(kind=kind), _firm_row)


def size_rows(today: date, size_class: str) -> Rows:
    return _limited(FIRM_COLUMNS, members_on(today).filter(size_class=size_class), _firm_row)


def _sme_base(today: date):
    return members_on(today).filter(kind=Firm.Kind.ENTERPRISE).exclude(size_class="")


def sme_rows(today: date) -> Rows:
    def row(firm):
        return (*_firm_row(firm), _("yes") if firm.size_class in SME_CLASSES else _("no"))

    return _limited((*FIRM_COLUMNS, _("SME")), _sme_base(today), row)


@source("sme_share", label=_("SME share among member enterprises"), unit="%", rows=sme_rows)
def sme_share(today: date) -> Decimal | None:
    counts = _sme_base(today).aggregate(
        enterprises=Count("id"), smes=Count("id", filter=Q(size_class__in=SME_CLASSES))
    )
    return share(counts["smes"], counts["enterprises"])


def _joined_in_year(today: date):
    return Firm.objects.filter(joined_on__gte=year_start(today), joined_on__lte=today).order_by(
        "joined_on", "name", "id"
    )


def _left_in_year(today: date):
    return Firm.objects.filter(left_on__gte=year_start(today), left_on__lte=today).order_by(
        "left_on", "name", "id"
    )


def join_rows(today: date) -> Rows:
    return _limited(FIRM_COLUMNS, _joined_in_year(today), _firm_row)


def leave_rows(today: date) -> Rows:
    return _limited(FIRM_COLUMNS, _left_in_year(today), _firm_row)


@source("joins_this_year", label=_("Firms joined this year"), unit=_("firms"), rows=join_rows)
def joins_this_year(today: date) -> int:
    return _joined_in_year(today).count()


@source("leaves_this_year", label=_("Firms left this year"), unit=_("firms"), rows=leave_rows)
def leaves_this_year(today: date) -> int:
    return _left_in_year(today).count()


def founded_on(facts: ClusterFacts | None) -> tuple[date, bool]:
    """The founding date and whether the coordinator entered it (else the
    strategy text's date)."""
    if facts is not None and facts.founded_on:
        return facts.founded_on, True
    return content.FOUNDED, False


def full_years_between(start: date, today: date) -> int:
    years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    return max(years, 0)


@source("years_of_operation", label=_("Years of operation"), unit=_("years"))
def years_of_operation(today: date) -> int:
    founded, _entered = founded_on(cluster_facts())
    return full_years_between(founded, today)


# --- Concentration around the coordinator's seat ---------------------------


def member_distances(today: date, facts: ClusterFacts | None = None) -> list[tuple]:
    """(firm, distance in km or None) for every member on ``today``.

    Empty distances when the seat was not entered; None for a firm without
    coordinates (unknown, never counted as outside).
    """
    if facts is None:
        facts = cluster_facts()
    firms = list(
        members_on(today).only("name", "city", "kind", "latitude", "longitude", "joined_on")
    )
    seat = facts is not None and facts.has_seat
    result = []
    for firm in firms:
        distance = None
        if seat and firm.latitude is not None and firm.longitude is not None:
            distance = distance_km(
                facts.seat_latitude, facts.seat_longitude, firm.latitude, firm.longitude
            )
        result.append((firm, distance))
    return result


def concentration(today: date, facts: ClusterFacts | None = None) -> dict:
    """Members within 10 and 70 km of the seat, and those without coordinates.

    The shares are of the members whose place is known; all are None when the
    coordinator has not entered the seat.
    """
    if facts is None:
        facts = cluster_facts()
    distances = member_distances(today, facts)
    known = [d for _firm, d in distances if d is not None]
    seat = facts is not None and facts.has_seat
    near = sum(1 for d in known if d <= NEAR_KM)
    region = sum(1 for d in known if d <= REGION_KM)
    return {
        "seat": seat,
        "members": len(distances),
        "located": len(known) if seat else None,
        "unknown": (len(distances) - len(known)) if seat else None,
        "near": near if seat else None,
        "region": region if seat else None,
        "near_share": share(near, len(known)) if seat else None,
        "region_share": share(region, len(known)) if seat else None,
    }


def distance_rows(today: date) -> Rows:
    distances = member_distances(today)
    columns = (_("Firm"), _("City"), _("Distance from the seat (km)"))
    rows = [
        (firm.name, firm.city, "" if d is None else Decimal(d).quantize(Decimal("0.1")))
        for firm, d in distances[:ROWS_LIMIT]
    ]
    return Rows(columns=columns, rows=rows, total=len(distances))


def unlocated_rows(today: date) -> Rows:
    firms = members_on(today).filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
    return _limited(FIRM_COLUMNS, firms, _firm_row)


@source(
    "members_within_10km",
    label=_("Share of members within 10 km of the coordinator"),
    unit="%",
    rows=distance_rows,
)
def members_within_10km(today: date) -> Decimal | None:
    return concentration(today)["near_share"]


@source(
    "members_within_70km",
    label=_("Share of members within 70 km of the coordinator"),
    unit="%",
    rows=distance_rows,
)
def members_within_70km(today: date) -> Decimal | None:
    return concentration(today)["region_share"]


@source(
    "members_without_coordinates",
    label=_("Members without coordinates"),
    unit=_("firms"),
    rows=unlocated_rows,
)
def members_without_coordinates(today: date) -> int:
    return members_on(today).filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).count()


# --- Projects --------------------------------------------------------------


def projects_on(today: date):
    """Joint projects submitted by ``today`` and neither drafts nor cancelled."""
    return (
        Project.objects.exclude(state__in=NOT_A_PROJECT)
        .filter(submitted_at__lt=end_of(today))
        .order_by("-submitted_at", "-id")
    )


PROJECT_COLUMNS = (
    _("Project"),
    _("State"),
    _("Start"),
    _("End"),
    _("Budget (PLN)"),
    _("Funding call"),
    _("External partners"),
)


def _project_rows(queryset) -> Rows:
    queryset = queryset.prefetch_related("external_partners")

    def row(project):
        partners = ", ".join(f"{p.name} ({p.country})" for p in project.external_partners.all())
        return (
            project.title_pl,
            project.get_state_display(),
            project.starts_on or "",
            project.ends_on or "",
            "" if project.budget is None else project.budget,
            project.funding_call,
            partners,
        )

    return _limited(PROJECT_COLUMNS, queryset, row)


def projects_in_state(today: date, state: str):
    return projects_on(today).filter(state=state)


def active_project_rows(today: date) -> Rows:
    return _project_rows(projects_in_state(today, Project.State.ACTIVE))


def completed_project_rows(today: date) -> Rows:
    return _project_rows(projects_in_state(today, Project.State.COMPLETED))


@source(
    "projects_active",
    label=_("Joint projects active"),
    unit=_("projects"),
    rows=active_project_rows,
)
def projects_active(today: date) -> int:
    return projects_in_state(today, Project.State.ACTIVE).count()


@source(
    "projects_completed",
    label=_("Joint projects completed"),
    unit=_("projects"),
    rows=completed_project_rows,
)
def projects_completed(today: date) -> int:
    return projects_in_state(today, Project.State.COMPLETED).count()


def _firms_in_projects(today: date):
    taking_part = Participation.objects.filter(
        firm=OuterRef("pk"),
        state=Participation.State.ACCEPTED,
        project__in=projects_on(today).order_by(),
    )
    return members_on(today).filter(Exists(taking_part))


def firms_in_project_rows(today: date) -> Rows:
    firms = _firms_in_projects(today).annotate(
        projects=Count(
            "participations",
            filter=Q(participations__state=Participation.State.ACCEPTED)
            & ~Q(participations__project__state__in=NOT_A_PROJECT)
            & Q(participations__project__submitted_at__lt=end_of(today)),
        )
    )
    return _limited(
        (*FIRM_COLUMNS, _("Projects")),
        firms,
        lambda firm: (*_firm_row(firm), firm.projects),
    )


@source(
    "firms_in_projects",
    label=_("Member firms in at least one joint project"),
    unit=_("firms"),
    rows=firms_in_project_rows,
)
def firms_in_projects(today: date) -> int:
    return _firms_in_projects(today).count()


def with_partners(today: date, *, foreign: bool):
    partners = ExternalPartner.objects.filter(project=OuterRef("pk"))
    if foreign:
        partners = partners.exclude(country__iexact="PL")
    return projects_on(today).filter(Exists(partners))


@source(
    "projects_with_external_partners",
    label=_("Joint projects with external partners"),
    unit=_("projects"),
    rows=lambda today: _project_rows(with_partners(today, foreign=False)),
)
def projects_with_external_partners(today: date) -> int:
    return with_partners(today, foreign=False).count()


@source(
    "projects_with_foreign_partners",
    label=_("Joint projects with foreign partners"),
    unit=_("projects"),
    rows=lambda today: _project_rows(with_partners(today, foreign=True)),
)
def projects_with_foreign_partners(today: date) -> int:
    return with_partners(today, foreign=True).count()


def project_funding(today: date) -> dict:
    """Budgets entered on the joint projects (PLN): their sum and how many
    projects have one."""
    return projects_on(today).aggregate(
        total=Sum("budget"), with_budget=Count("id", filter=Q(budget__isnull=False))
    )


# --- Events ----------------------------------------------------------------


def events_between(start: date, today: date):
    """Published events that started between ``start`` and the end of ``today``."""
    return Event.objects.filter(
        state=Event.State.PUBLISHED,
        starts_at__gte=start_of(start),
        starts_at__lt=end_of(today),
    ).order_by("starts_at", "id")


def participations():
    """Registrations that count as taking part in an event.

    An attended registration always counts; for an event where attendance
    was never taken (no registration marked attended), its confirmed
    registrations count instead – otherwise every event before attendance
    lists existed would show no participants.
    """
    taken = Registration.objects.filter(event=OuterRef("event"), state=Registration.State.ATTENDED)
    return Registration.objects.filter(
        Q(state=Registration.State.ATTENDED)
        | (Q(state=Registration.State.CONFIRMED) & ~Exists(taken))
    )


def _participations_between(start: date, today: date):
    return participations().filter(event__in=events_between(start, today).order_by())


def event_rows(today: date) -> Rows:
    events = events_between(year_start(today), today).annotate(
        participants=Count(
            "registrations",
            filter=Q(registrations__in=participations().order_by().values("pk")),
        )
    )
    return _limited(
        (_("Event"), _("Kind"), _("Start"), _("Participants")),
        events,
        lambda event: (
            event.title_pl,
            event.get_kind_display(),
            timezone.localtime(event.starts_at).date(),
            event.participants,
        ),
    )


def participant_rows(today: date) -> Rows:
    registrations = (
        _participations_between(year_start(today), today)
        .select_related("event", "firm")
        .order_by("event__starts_at", "event_id", "name", "id")
    )
    return _limited(
        (_("Event"), _("Name"), _("Organisation"), _("State")),
        registrations,
        lambda r: (
            r.event.title_pl,
            r.name,
            r.firm.name if r.firm else r.organisation,
            r.get_state_display(),
        ),
    )


@source("events_this_year", label=_("Events held this year"), unit=_("events"), rows=event_rows)
def events_this_year(today: date) -> int:
    return events_between(year_start(today), today).count()


@source(
    "participants_this_year",
    label=_("Event participants this year"),
    unit=_("participants"),
    rows=participant_rows,
)
def participants_this_year(today: date) -> int:
    return _participations_between(year_start(today), today).count()


def _took_part(today: date) -> Exists:
    """Whether the firm took part in an event in the 12 months to ``today``."""
    return Exists(
        _participations_between(today - timedelta(days=364), today).filter(firm=OuterRef("pk"))
    )


def _attending_members(today: date):
    return members_on(today).annotate(attended=_took_part(today))


def attendance_rows(today: date) -> Rows:
    return _limited(
        (*FIRM_COLUMNS, _("Took part in an event in the last 12 months")),
        _attending_members(today),
        lambda firm: (*_firm_row(firm), _("yes") if firm.attended else _("no")),
    )


@source(
    "member_event_share",
    label=_("Share of members that took part in an event in the last 12 months"),
    unit="%",
    rows=attendance_rows,
)
def member_event_share(today: date) -> Decimal | None:
    counts = members_on(today).aggregate(
        members=Count("id"), attended=Count("id", filter=_took_part(today))
    )
    return share(counts["attended"], counts["members"])


# --- Newsletters -----------------------------------------------------------


def campaigns_sent_between(start: date, today: date):
    return Campaign.objects.filter(
        state=Campaign.State.SENT,
        finished_at__gte=start_of(start),
        finished_at__lt=end_of(today),
    ).order_by("finished_at", "id")


def campaign_rows(today: date) -> Rows:
    return _limited(
        (_("Subject"), _("Sent"), _("Recipients"), _("In English")),
        campaigns_sent_between(year_start(today), today),
        lambda c: (
            c.subject_pl,
            timezone.localtime(c.finished_at).date(),
            c.recipient_count if c.recipient_count is not None else "",
            _("yes") if c.body_en.strip() else _("no"),
        ),
    )


@source(
    "campaigns_sent_this_year",
    label=_("Newsletters sent this year"),
    unit=_("campaigns"),
    rows=campaign_rows,
)
def campaigns_sent_this_year(today: date) -> int:
    return campaigns_sent_between(year_start(today), today).count()


def subscribers_on(today: date):
    """Confirmed newsletter consents live at the end of ``today``.

    Member contacts who receive the newsletter without a consent are not
    subscribers in this sense.
    """
    end = end_of(today)
    return (
        Consent.objects.filter(purpose=Consent.Purpose.NEWSLETTER, confirmed_at__lt=end)
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        .order_by("confirmed_at", "id")
    )


def subscriber_rows(today: date) -> Rows:
    return _limited(
        (_("E-mail"), _("Language"), _("Confirmed")),
        subscribers_on(today),
        lambda c: (c.email, c.get_language_display(), timezone.localtime(c.confirmed_at).date()),
    )


@source(
    "newsletter_subscribers",
    label=_("Newsletter subscribers"),
    unit=_("people"),
    rows=subscriber_rows,
)
def newsletter_subscribers(today: date) -> int:
    return subscribers_on(today).count()


# --- The home page ---------------------------------------------------------

# The figures the home page shows, in its order.
HEADLINE_SOURCES = (
    "active_members",
    "years_of_operation",
    "projects_active",
    "events_this_year",
)


def headline_values(today: date) -> dict:
    """{source code: value} of the home page's live figures (a query each)."""
    return {code: live_value(code, today) for code in HEADLINE_SOURCES}
