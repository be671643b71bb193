"""Demo data of the members app, for ``manage.py seed_demo``."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from chemster.lib.cache import invalidate
from members import demo_data
from members.content import INFORMATION_CLAUSE, INFORMATION_CLAUSE_VERSION
from members.models import Competence, Contact, Firm, FirmRole, MembershipApplication, User
from members.services import DIRECTORY_CACHE_KEYS, create_coordinator, reindex_firms

COORDINATOR = {
    "email": "koordynator@chemster.pl",
    "name": "Katarzyna Wójcik",
}
# A fixed secret, so that the demo can be entered with any authenticator app
# (or `oathtool --totp -b <secret>`); never used outside the demo.
DEMO_TOTP_SECRET = "CHEMSTERDEMOKEDZIERZYNKOZLE23456"  # noqa: S105 - printed

ROLE_LABELS = {FirmRole.Role.ADMIN: "firm admin", FirmRole.Role.EDITOR: "firm editor"}

# Keys of a demo row that are not Firm fields.
_ROW_ONLY = {"coordinates", "domain", "mailbox", "contacts", "competences"}


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Create the demo accounts and firms once; return (role, e-mail, note) per
    login, the coordinator first, then the firm users in the firms' order."""
    exists = User.objects.filter(email__iexact=COORDINATOR["email"]).exists()
    coordinator = create_coordinator(password=password, **COORDINATOR)
    if not Authenticator.objects.filter(user=coordinator).exists():
        TOTP.activate(coordinator, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(coordinator)
    note = "already present" if exists else "created"
    logins = [
        ("coordinator", COORDINATOR["email"], f"{note}; TOTP secret {DEMO_TOTP_SECRET}"),
    ]
    logins += create_demo_firms(
        rows=demo_data.FIRMS, extra_roles=demo_data.EXTRA_ROLES, password=password
    )
    create_demo_applications(coordinator=coordinator)
    return logins


# Applications in each state: two waiting, one rejected (with its reason).
DEMO_APPLICATIONS = [
    {
        "name": "Kozielskie Żywice Epoksydowe Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": "7490000004",
        "street": "ul. Portowa 12",
        "postcode": "47-200",
        "city": "Kędzierzyn-Koźle",
        "description": "Żywice epoksydowe i utwardzacze do kompozytów.",
        "motivation": "Chcemy wspólnie z instytutem rozwinąć żywice o niskiej emisji.",
        "contact_name": "Dariusz Pawlak",
        "contact_function": "Prezes zarządu",
        "contact_email": "d.pawlak@zywice-kozle.pl",
        "state": "submitted",
        "competences": ["polymers", "coatings"],
    },
    {
        "name": "Technikum Chemiczne w Brzegu",
        "kind": "school",
        "size_class": "",
        "nip": "7471001244",
        "street": "ul. Szkolna 3",
        "postcode": "49-300",
        "city": "Brzeg",
        "description": "Kształcimy techników analityków i technologów chemicznych.",
        "motivation": "Szukamy praktyk zawodowych dla uczniów w firmach klastra.",
        "contact_name": "Ewa Marciniak",
        "contact_function": "Dyrektor szkoły",
        "contact_email": "e.marciniak@tech-brzeg.edu.pl",
        "state": "submitted",
        "competences": ["training"],
    },
    {
        "name": "Hurtownia Kosmetyków Prudnik",
        "kind": "enterprise",
        "size_class": "micro",
        "nip": "7550000003",
        "street": "ul. Kościuszki 40",
        "postcode": "48-200",
        "city": "Prudnik",
        "description": "Sprzedaż hurtowa kosmetyków.",
        "motivation": "Chcemy poznać producentów surowców kosmetycznych.",
        "contact_name": "Robert Sowa",
        "contact_function": "Właściciel",
        "contact_email": "r.sowa@kosmetyki-prudnik.pl",
        "state": "rejected",
        "decision_reason": "Działalność handlowa bez produkcji ani badań w chemii.",
        "competences": ["cosmetics-ingredients"],
    },
]


def create_demo_applications(*, coordinator: User) -> None:
    """The demo's applications, once (by the applicants' addresses)."""
    emails = [row["contact_email"] for row in DEMO_APPLICATIONS]
    if MembershipApplication.objects.filter(contact_email__in=emails).exists():
        return
    codes = dict(Competence.objects.values_list("code", "pk"))
    now = timezone.now()
    for row in DEMO_APPLICATIONS:
        row = dict(row)
        competences = [codes[code] for code in row.pop("competences")]
        decided = row["state"] != "submitted"
        application = MembershipApplication.objects.create(
            **row,
            clause_version=INFORMATION_CLAUSE_VERSION,
            clause_sha256=hashlib.sha256(INFORMATION_CLAUSE["pl"].encode()).hexdigest(),
            decided_at=now if decided else None,
            decided_by=coordinator if decided else None,
        )
        application.competences.set(competences)
    # The newest member came in through an accepted application.
    firm = Firm.objects.active().exclude(nip="").order_by("-joined_on", "-id").first()
    if firm is not None:
        contact = firm.contacts.order_by("id").first()
        application = MembershipApplication.objects.create(
            name=firm.name,
            kind=firm.kind,
            size_class=firm.size_class,
            nip=firm.nip,
            street=firm.street,
            postcode=firm.postcode,
            city=firm.city,
            description=firm.description_pl,
            motivation="Chcemy realizować wspólne projekty badawcze z firmami klastra.",
            contact_name=contact.name if contact else firm.name,
            contact_email=contact.email if contact else firm.email or "biuro@chemster.pl",
            state=MembershipApplication.State.ACCEPTED,
            clause_version=INFORMATION_CLAUSE_VERSION,
            clause_sha256=hashlib.sha256(INFORMATION_CLAUSE["pl"].encode()).hexdigest(),
            submitted_at=now - timedelta(days=30),
            decided_at=now - timedelta(days=25),
            decided_by=coordinator,
            firm=firm,
        )
        application.competences.set(firm.competences.all())


def create_demo_firms(*, rows, extra_roles=(), password: str) -> list[tuple[str, str, str]]:
    """Bulk-create the firms of ``rows`` (shaped as ``demo_data.FIRMS``) whose
    slugs do not exist yet, with their competences, contacts and users.

    The number of queries does not depend on the number of rows: each table
    gets one bulk insert and the search vectors one UPDATE. Users get the
    hash of ``password`` computed once, and a verified address so that they
    can log in. A firm that exists already is left as it is, so a second run
    creates nothing. Returns (role, e-mail, firm name) for every demo login.
    """
    existing = set(
        Firm.objects.filter(slug__in=[row["slug"] for row in rows]).values_list("slug", flat=True)
    )
    new_rows = [row for row in rows if row["slug"] not in existing]
    if new_rows:
        with transaction.atomic():
            _create_firms(new_rows, extra_roles, password)
    return _logins(rows, extra_roles)


def _create_firms(rows, extra_roles, password: str) -> None:
    firms = Firm.objects.bulk_create([_firm(row) for row in rows])
    firm_by_slug = {firm.slug: firm for firm in firms}

    codes = {code for row in rows for code in row["competences"]}
    competences = Competence.objects.in_bulk(codes, field_name="code")
    through = Firm.competences.through
    through.objects.bulk_create(
        through(firm_id=firm.pk, competence_id=competences[code].pk)
        for firm, row in zip(firms, rows, strict=True)
        for code in row["competences"]
    )

    people = [
        (firm, person, _email(person, row))
        for firm, row in zip(firms, rows, strict=True)
        for person in row["contacts"]
    ]
    roles = [(firm, person.role, email) for firm, person, email in people if person.role]
    roles += [
        (firm_by_slug[slug], role, email)
        for slug, role, email in extra_roles
        if slug in firm_by_slug
    ]
    users = _users_for(people, {email for _firm, _role, email in roles}, password)

    FirmRole.objects.bulk_create(
        FirmRole(firm=firm, user=users[email], role=role)
        for firm, role, email in roles
        if email in users
    )
    Contact.objects.bulk_create(
        Contact(
            firm=firm,
            name=person.name,
            function=person.function,
            email=email,
            phone=person.phone,
            language=person.language,
            user=users.get(email),
            source=Contact.Source.FIRM,
        )
        for firm, person, email in people
    )
    reindex_firms(firm.pk for firm in firms)
    transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)


def _users_for(people, emails: set[str], password: str) -> dict[str, User]:
    """The users of ``emails`` by address, created (verified) where missing."""
    users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    # One hash for every demo user: hashing is slow on purpose, and they all
    # share the printed password anyway.
    password_hash = make_password(password)
    new_users = [
        User(
            email=email,
            name=person.name,
            preferred_language=person.language,
            password=password_hash,
        )
        for _firm, person, email in people
        if email in emails and email not in users
    ]
    User.objects.bulk_create(new_users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in new_users
    )
    return users | {user.email: user for user in new_users}


def _firm(row) -> Firm:
    fields = {key: value for key, value in row.items() if key not in _ROW_ONLY}
    coordinates = row.get("coordinates")
    if coordinates:
        fields["latitude"], fields["longitude"] = (Decimal(str(c)) for c in coordinates)
    domain = row["domain"]
    return Firm(
        website=f"https://www.{domain}/",
        email=f"{row.get('mailbox', 'biuro')}@{domain}",
        **fields,
    )


def _email(person: demo_data.Person, row) -> str:
    return f"{person.mailbox}@{row['domain']}"


def _logins(rows, extra_roles) -> list[tuple[str, str, str]]:
    logins = []
    for row in rows:
        logins += [
            (ROLE_LABELS[person.role], _email(person, row), row["name"])
            for person in row["contacts"]
            if person.role
        ]
        logins += [
            (ROLE_LABELS[role], email, row["name"])
            for slug, role, email in extra_roles
            if slug == row["slug"]
        ]
    return logins
