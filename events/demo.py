"""Demo events, for ``manage.py seed_demo`` (after the members' demo).

Past events with attendance, upcoming events of every kind (an information
session for firms that may join, a members-only integration meeting and
trade mission, a webinar with an online link), one full workshop with a
waitlist, a draft and a cancelled event. Registrations come from the demo
firms' users and from invented guests. Rows are written as the services
leave them, without mail, so that seeding queues nothing; an event whose
slug exists is left as it is, so a second run creates nothing.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Event, Registration
from members.models import Firm, FirmRole, User

# Guests' addresses are fictional, like the demo firms' domains.
GUESTS = [
    ("Marta Lis", "m.lis@lis-konsulting.pl", "Lis Konsulting"),
    ("Tomasz Wróbel", "t.wrobel@student.po-opole.pl", "Politechnika Opolska"),
    ("Joanna Sikora", "j.sikora@um-kedzierzyn-demo.pl", "Urząd Miasta Kędzierzyn-Koźle"),
    ("Paweł Duda", "p.duda@duda-chemia.pl", "Duda Chemia Sp. z o.o."),
    ("Agnieszka Kaczmarek", "a.kaczmarek@ocrg-demo.pl", "Opolskie Centrum Rozwoju Gospodarki"),
    ("Krzysztof Zając", "k.zajac@poczta-demo.pl", ""),
]

# Days from the day of seeding, start hour (Warsaw), length in hours, and
# who registers: "members" (how many demo users), "guests" (how many),
# "attended" (how many of them came, for past events), "waitlist".
EVENTS = [
    {
        "slug": "spotkanie-integracyjne-wiosna",
        "kind": Event.Kind.INTEGRATION,
        "audience": Event.Audience.MEMBERS,
        "title_pl": "Wiosenne spotkanie integracyjne członków klastra",
        "title_en": "Spring integration meeting of the cluster's members",
        "description_pl": "Przegląd wspólnych projektów, nowi członkowie i kolacja "
        "w Zamku w Kędzierzynie-Koźlu.",
        "description_en": "A review of joint projects, new members, and dinner at the castle "
        "in Kędzierzyn-Koźle.",
        "days": -60,
        "hour": 16,
        "hours": 5,
        "venue_name": "Centrum Kultury „Koźle”",
        "venue_address": "ul. Skarbowa 4, 47-200 Kędzierzyn-Koźle",
        "capacity": 40,
        "members": 8,
        "guests": 0,
        "attended": 6,
    },
    {
        "slug": "warsztaty-reach-clp-w-praktyce",
        "kind": Event.Kind.WORKSHOP,
        "audience": Event.Audience.PUBLIC,
        "title_pl": "Warsztaty: REACH i CLP w praktyce małej firmy",
        "title_en": "Workshop: REACH and CLP in a small firm's practice",
        "description_pl": "Rejestracja substancji, karty charakterystyki i etykiety – "
        "na przykładach uczestników.",
        "description_en": "Substance registration, safety data sheets and labels, on the "
        "participants' own examples.",
        "days": -25,
        "hour": 9,
        "hours": 6,
        "venue_name": "Kędzierzyńsko-Kozielski Park Przemysłowy",
        "venue_address": "ul. Mostowa 30, 47-220 Kędzierzyn-Koźle",
        "capacity": 25,
        "members": 5,
        "guests": 3,
        "attended": 7,
    },
    {
        "slug": "dzien-otwarty-dla-przyszlych-czlonkow",
        "kind": Event.Kind.INFO_SESSION,
        "audience": Event.Audience.PUBLIC,
        "title_pl": "Dzień otwarty: jak dołączyć do klastra CHEM-STER",
        "title_en": "Open day: how to join the CHEM-STER cluster",
        "description_pl": "Spotkanie informacyjne dla firm, instytutów i szkół, które myślą "
        "o członkostwie: korzyści, zasady, składki, pytania.",
        "description_en": "An information session for firms, institutes and schools thinking "
        "of joining: benefits, rules, fees, questions.",
        "days": 12,
        "hour": 11,
        "hours": 2,
        "venue_name": "Biuro klastra CHEM-STER",
        "venue_address": "ul. Mostowa 30, 47-220 Kędzierzyn-Koźle",
        "capacity": 30,
        "members": 0,
        "guests": 4,
    },
    {
        "slug": "warsztaty-skalowanie-syntez",
        "kind": Event.Kind.WORKSHOP,
        "audience": Event.Audience.PUBLIC,
        "title_pl": "Warsztaty: skalowanie syntez od laboratorium do pilotażu",
        "title_en": "Workshop: scaling up syntheses from the lab to the pilot plant",
        "description_pl": "Praktyczne zajęcia w hali pilotażowej Instytutu. Liczba miejsc "
        "ograniczona wielkością instalacji.",
        "description_en": "Hands-on sessions in the Institute's pilot hall. Seats are limited "
        "by the size of the plant.",
        "days": 20,
        "hour": 9,
        "hours": 7,
        "venue_name": "Hala pilotażowa ITCS",
        "venue_address": "ul. Energetyków 9, 47-225 Kędzierzyn-Koźle",
        "capacity": 6,
        "members": 7,
        "guests": 2,
    },
    {
        "slug": "spotkanie-integracyjne-jesien",
        "kind": Event.Kind.INTEGRATION,
        "audience": Event.Audience.MEMBERS,
        "title_pl": "Jesienne spotkanie integracyjne członków klastra",
        "title_en": "Autumn integration meeting of the cluster's members",
        "description_pl": "Podsumowanie roku, plany na następny i spotkanie z zarządem "
        "Kędzierzyńsko-Kozielskiego Parku Przemysłowego.",
        "description_en": "The year in review, plans for the next, and a meeting with the "
        "board of the industrial park.",
        "days": 30,
        "hour": 17,
        "hours": 4,
        "venue_name": "Centrum Kultury „Koźle”",
        "venue_address": "ul. Skarbowa 4, 47-200 Kędzierzyn-Koźle",
        "capacity": 60,
        "members": 4,
        "guests": 0,
    },
    {
        "slug": "konferencja-chemia-specjalistyczna-opolszczyzny",
        "kind": Event.Kind.CONFERENCE,
        "audience": Event.Audience.PUBLIC,
        "title_pl": "Konferencja „Chemia specjalistyczna Opolszczyzny”",
        "title_en": "Conference “Specialty chemistry of the Opole region”",
        "description_pl": "Dwa dni referatów o katalizie, surfaktantach i gospodarce obiegu "
        "zamkniętego; sesja posterowa szkół.",
        "description_en": "Two days of talks on catalysis, surfactants and the circular "
        "economy; a poster session of the schools.",
        "days": 55,
        "hour": 9,
        "hours": 32,
        "venue_name": "Uniwersytet Opolski, Collegium Maius",
        "venue_address": "pl. Kopernika 11a, 45-040 Opole",
        "capacity": 200,
        # Closes within the week: on the coordinator's dashboard.
        "closes_in_days": 5,
        "members": 5,
        "guests": 3,
    },
    {
        "slug": "misja-gospodarcza-chemspec-europe",
        "kind": Event.Kind.TRADE_MISSION,
        "audience": Event.Audience.MEMBERS,
        "title_pl": "Misja gospodarcza na targi ChemSpec Europe",
        "title_en": "Trade mission to the ChemSpec Europe fair",
        "description_pl": "Wspólne stoisko klastra i spotkania B2B. Koszty podróży "
        "współfinansowane.",
        "description_en": "A joint stand of the cluster and B2B meetings. Travel costs co-funded.",
        "days": 80,
        "hour": 8,
        "hours": 56,
        "venue_name": "Messe Basel",
        "venue_address": "Messeplatz 10, 4058 Basel, Switzerland",
        "capacity": 8,
        "members": 3,
        "guests": 0,
    },
    {
        "slug": "webinar-finansowanie-br-feng",
        "kind": Event.Kind.WEBINAR,
        "audience": Event.Audience.PUBLIC,
        "title_pl": "Webinar: finansowanie prac B+R z programu FENG",
        "title_en": "Webinar: funding R&D from the FENG programme",
        "description_pl": "Jak przygotować wniosek do Ścieżki SMART – z doradcą Opolskiego "
        "Centrum Rozwoju Gospodarki.",
        "description_en": "How to prepare an application for the SMART Path, with an adviser "
        "of the regional development centre.",
        "days": 8,
        "hour": 10,
        "hours": 2,
        "online_url": "https://spotkania.chemster.pl/feng-2027",
        "capacity": None,
        "members": 4,
        "guests": 2,
    },
    {
        "slug": "szkolenie-substancje-niebezpieczne",
        "kind": Event.Kind.WORKSHOP,
        "audience": Event.Audience.PUBLIC,
        "state": Event.State.DRAFT,
        "title_pl": "Szkolenie: praca z substancjami niebezpiecznymi",
        "title_en": "Training: working with hazardous substances",
        "days": 45,
        "hour": 9,
        "hours": 4,
        "venue_name": "Zespół Szkół Ogólnokształcących i Technicznych",
        "venue_address": "ul. Kozielska 1, 47-224 Kędzierzyn-Koźle",
        "capacity": 20,
        "members": 0,
        "guests": 0,
    },
    {
        "slug": "spotkanie-z-inwestorem-odwolane",
        "kind": Event.Kind.INFO_SESSION,
        "audience": Event.Audience.PUBLIC,
        "state": Event.State.CANCELLED,
        "title_pl": "Spotkanie z inwestorem strefy ekonomicznej (odwołane)",
        "title_en": "Meeting with an economic-zone investor (cancelled)",
        "days": 15,
        "hour": 12,
        "hours": 2,
        "venue_name": "Biuro klastra CHEM-STER",
        "venue_address": "ul. Mostowa 30, 47-220 Kędzierzyn-Koźle",
        "capacity": 30,
        "members": 2,
        "guests": 1,
    },
]


def _at(days: int, hour: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _demo_members() -> list[tuple[User, Firm]]:
    """The demo firms' users with their firm, in a stable order."""
    roles = (
        FirmRole.objects.filter(firm__status=Firm.Status.ACTIVE, user__is_active=True)
        .select_related("user", "firm")
        .order_by("firm__name", "user__id")
    )
    seen, members = set(), []
    for role in roles:
        if role.user_id not in seen:
            seen.add(role.user_id)
            members.append((role.user, role.firm))
    return members


def _registrations(event: Event, row: dict, members, now) -> list[Registration]:
    people = [
        {
            "user": user,
            "firm": firm,
            "name": user.name,
            "email": user.email,
            "organisation": firm.name,
            "language": user.preferred_language,
            "registered_by": user,
        }
        for user, firm in members[: row.get("members", 0)]
    ]
    people += [
        {"name": name, "email": email, "organisation": organisation, "language": "pl"}
        for name, email, organisation in GUESTS[: row.get("guests", 0)]
    ]
    past = event.ends_at <= now
    attended = row.get("attended", 0)
    rows, waiting = [], 0
    for index, person in enumerate(people):
        registered = min(event.starts_at - timedelta(days=3), now) - timedelta(hours=index)
        fields = {"created_at": registered}
        if past:
            if index < attended:
                fields.update(
                    state="attended", confirmed_at=registered, attended_at=event.starts_at
                )
            else:
                fields.update(state="confirmed", confirmed_at=registered)
        elif event.capacity is not None and index >= event.capacity:
            waiting += 1
            fields.update(state="waitlisted", waitlist_position=waiting)
        else:
            fields.update(state="confirmed", confirmed_at=registered)
        rows.append(Registration(event=event, **person, **fields))
    # Past events also show a cancellation (someone who could not come).
    if past and people:
        rows[-1].state = "cancelled"
        rows[-1].attended_at = None
        rows[-1].cancelled_at = event.starts_at - timedelta(days=1)
    return rows


def seed() -> list[Event]:
    """Create the demo events and their registrations once; return the
    events created now (none on a second run)."""
    existing = set(
        Event.objects.filter(slug__in=[row["slug"] for row in EVENTS]).values_list(
            "slug", flat=True
        )
    )
    rows = [row for row in EVENTS if row["slug"] not in existing]
    if not rows:
        return []
    now = timezone.now()
    coordinator = User.objects.filter(groups__name="coordinators").order_by("id").first()
    members = _demo_members()
    created = []
    with transaction.atomic():
        for row in rows:
            starts = _at(row["days"], row["hour"])
            state = row.get("state", Event.State.PUBLISHED)
            event = Event.objects.create(
                slug=row["slug"],
                kind=row["kind"],
                audience=row["audience"],
                state=state,
                title_pl=row["title_pl"],
                title_en=row["title_en"],
                description_pl=row.get("description_pl", ""),
                description_en=row.get("description_en", ""),
                starts_at=starts,
                ends_at=starts + timedelta(hours=row["hours"]),
                venue_name=row.get("venue_name", ""),
                venue_address=row.get("venue_address", ""),
                online_url=row.get("online_url", ""),
                capacity=row["capacity"],
                registration_closes_at=(
                    now + timedelta(days=row["closes_in_days"]) if "closes_in_days" in row else None
                ),
                created_by=coordinator,
                created_at=starts - timedelta(days=45),
                published_at=None if state == Event.State.DRAFT else starts - timedelta(days=40),
                cancelled_at=now - timedelta(days=2) if state == Event.State.CANCELLED else None,
                sequence=2 if state == Event.State.CANCELLED else 1,
            )
            if state != Event.State.DRAFT:
                Registration.objects.bulk_create(_registrations(event, row, members, now))
            created.append(event)
    return created
