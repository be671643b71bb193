"""Hand-built data for the live-source tests (not a test module).

``build_world()`` makes the rows below; the expected value of every source
on ``TODAY`` is in ``EXPECTED`` and the comments say why.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from events.models import Registration
from members.models import Firm
from newsletters.models import Campaign
from projects.models import ExternalPartner, Participation, Project
from strategy.models import ClusterFacts
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import FirmFactory
from tests.newsletters.campaign_data import subscribe
from tests.projects.factories import ParticipationFactory, ProjectFactory

TODAY = date(2025, 6, 15)
WARSAW = ZoneInfo("Europe/Warsaw")
SEAT = (Decimal("50.34500"), Decimal("18.20800"))


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WARSAW)


def seat_facts(**fields) -> ClusterFacts:
    defaults = {
        "founded_on": date(2013, 8, 1),
        "founding_members": 20,
        "seat_name": "Kędzierzyn-Koźle",
        "seat_latitude": SEAT[0],
        "seat_longitude": SEAT[1],
        "management_fte": Decimal("1.50"),
    }
    return ClusterFacts.objects.create(pk=1, **{**defaults, **fields})


def firm(slug, *, kind=Firm.Kind.ENTERPRISE, size="small", north=None, **fields) -> Firm:
    """A member firm; ``north`` is its distance north of the seat in degrees
    of latitude (None: no coordinates). One degree is about 111.2 km."""
    coordinates = {}
    if north is not None:
        coordinates = {"latitude": SEAT[0] + Decimal(north), "longitude": SEAT[1]}
    return FirmFactory(
        slug=slug,
        name=slug.upper(),
        kind=kind,
        size_class=size if kind == Firm.Kind.ENTERPRISE else "",
        joined_on=fields.pop("joined_on", date(2020, 1, 1)),
        **coordinates,
        **fields,
    )


def build_world() -> dict:
    seat_facts()
    f1 = firm("f1", size="micro", north="0")  # at the seat
    f2 = firm("f2", size="medium", north="0.27")  # about 30 km
    f3 = firm("f3", size="large", north="0.9")  # about 100 km
    f4 = firm("f4", kind=Firm.Kind.RESEARCH, north="0.045")  # about 5 km, no size class
    f5 = firm("f5", size="small", joined_on=date(2025, 3, 1))  # no coordinates
    f6 = firm(  # left mid-year
        "f6",
        joined_on=date(2019, 5, 1),
        left_on=date(2025, 4, 30),
        status=Firm.Status.FORMER,
        north="0",
    )
    firm("f7", status=Firm.Status.SUSPENDED, north="0")
    firm("f8", joined_on=date(2025, 7, 1), north="0")  # joins after TODAY

    submitted = at(2024, 1, 10)
    p1 = ProjectFactory(slug="p1", firm=f1, state=Project.State.ACTIVE, submitted_at=submitted)
    ParticipationFactory(project=p1, firm=f1, role="leader")
    ParticipationFactory(project=p1, firm=f2)
    ParticipationFactory(project=p1, firm=f6)  # a former member
    ExternalPartner.objects.create(project=p1, name="BASF SE", country="DE", kind="enterprise")
    p2 = ProjectFactory(
        slug="p2", firm=f3, state=Project.State.COMPLETED, submitted_at=submitted, budget=1000
    )
    ParticipationFactory(project=p2, firm=f3, role="leader")
    ExternalPartner.objects.create(
        project=p2, name="Politechnika Opolska", country="PL", kind="university"
    )
    p3 = ProjectFactory(slug="p3", firm=f4, state=Project.State.RECRUITING, submitted_at=submitted)
    ParticipationFactory(project=p3, firm=f4, role="leader")
    ParticipationFactory(project=p3, firm=f5, state=Participation.State.INVITED)
    p4 = ProjectFactory(slug="p4", firm=f5, state=Project.State.CANCELLED, submitted_at=submitted)
    ParticipationFactory(project=p4, firm=f5, role="leader")
    ProjectFactory(slug="p5", firm=f5, state=Project.State.DRAFT)
    p6 = ProjectFactory(
        slug="p6", firm=f1, state=Project.State.ACTIVE, submitted_at=at(2025, 7, 1)
    )  # submitted after TODAY
    ExternalPartner.objects.create(project=p6, name="Solvay", country="BE", kind="enterprise")

    attended = Registration.State.ATTENDED
    confirmed = Registration.State.CONFIRMED
    # e1: attendance taken – the confirmed no-show does not count.
    e1 = EventFactory(slug="e1", starts_at=at(2025, 2, 10))
    RegistrationFactory(event=e1, firm=f1, state=attended)
    RegistrationFactory(event=e1, firm=f2, state=confirmed)
    RegistrationFactory(event=e1, state=attended)  # a guest
    # e2: attendance never taken – the confirmed registrations count.
    e2 = EventFactory(slug="e2", starts_at=at(2025, 5, 20))
    RegistrationFactory(event=e2, firm=f3, state=confirmed)
    RegistrationFactory(event=e2, state=confirmed)
    RegistrationFactory(event=e2, firm=f4, state=Registration.State.CANCELLED)
    e3 = EventFactory(slug="e3", starts_at=at(2025, 3, 1), state="cancelled")
    RegistrationFactory(event=e3, firm=f4, state=confirmed)
    e4 = EventFactory(slug="e4", starts_at=at(2024, 9, 1))  # within the last 12 months
    RegistrationFactory(event=e4, firm=f4, state=attended)
    e5 = EventFactory(slug="e5", starts_at=at(2025, 9, 1))  # after TODAY
    RegistrationFactory(event=e5, firm=f5, state=confirmed)
    e6 = EventFactory(slug="e6", starts_at=at(2024, 3, 1))  # more than 12 months ago
    RegistrationFactory(event=e6, firm=f2, state=attended)

    def campaign(slug, state, finished_at=None):
        return Campaign.objects.create(
            slug=slug,
            subject_pl=slug,
            body_pl="Treść",
            state=state,
            started_at=finished_at,
            finished_at=finished_at,
        )

    campaign("c1", Campaign.State.SENT, at(2025, 3, 1))
    campaign("c2", Campaign.State.SENT, at(2024, 12, 1))
    campaign("c3", Campaign.State.DRAFT)

    def consent(email, confirmed_at, withdrawn_at=None):
        row = subscribe(email, confirmed=False)
        row.given_at = confirmed_at or at(2025, 1, 1)
        row.confirmed_at = confirmed_at
        row.withdrawn_at = withdrawn_at
        row.save(update_fields=["given_at", "confirmed_at", "withdrawn_at"])

    consent("s1@example.org", at(2025, 1, 1))
    consent("s2@example.org", at(2025, 1, 1), withdrawn_at=at(2025, 5, 1))
    consent("s3@example.org", None)
    consent("s4@example.org", at(2025, 6, 20))
    return {"f1": f1, "f2": f2, "f3": f3, "f4": f4, "f5": f5, "f6": f6}


EXPECTED = {
    "active_members": 5,  # f1-f5
    "sme_share": Decimal("75.0"),  # micro, medium, small of four enterprises
    "joins_this_year": 1,  # f5 (f8 joins later)
    "leaves_this_year": 1,  # f6
    "years_of_operation": 11,  # since 1 August 2013
    "members_within_10km": Decimal("50.0"),  # f1, f4 of four located
    "members_within_70km": Decimal("75.0"),  # f1, f2, f4
    "members_without_coordinates": 1,  # f5
    "projects_active": 1,  # p1 (p6 submitted later)
    "projects_completed": 1,  # p2
    "firms_in_projects": 4,  # f1, f2, f3, f4 (f5 only invited or cancelled)
    "projects_with_external_partners": 2,  # p1, p2
    "projects_with_foreign_partners": 1,  # p1
    "events_this_year": 2,  # e1, e2
    "participants_this_year": 4,  # two attended at e1, two confirmed at e2
    "member_event_share": Decimal("60.0"),  # f1, f3, f4 of five
    "campaigns_sent_this_year": 1,  # c1
    "newsletter_subscribers": 1,  # s1
}
