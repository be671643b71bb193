"""Scale data for the benchmarks: a cluster of 1,000, 10,000 or 100,000 firms.

``generate(scale)`` fills the current database (migrated, with the competence
taxonomy, without firms) with ``scale`` member firms and the rest of a
cluster in proportion, as a cluster of that size would look after years of
use: contacts and accounts, roles, joint projects, events with
registrations, newsletter subscribers and the audit log. ``manage.py
seed_demo --scale N`` calls it; ``bench.databases`` keeps the result as
PostgreSQL templates. The proportions are the constants below; the words
come from ``bench.words``.

- Deterministic: everything is drawn from ``random.Random(scale)``, so a
  scale always gives the same firms, names, numbers and texts. Only dates
  (events, subscriptions, the audit log) are relative to today.
- Fast: rows are streamed with ``COPY`` through the raw psycopg cursor, with
  the primary keys given here (the sequences are set afterwards); no model
  is saved one by one and no signal runs. While loading, the tables' indexes
  and foreign keys are set aside and built again at the end, which checks
  every row at once (``_bulk_load``). The search vectors are built by the
  portal's own SQL (``members.services.reindex_firms``), then the tables
  are analysed.
- Two planted search terms, for the directory's benchmarks:
  ``SELECTIVE_TERM`` is in the public description of exactly 50 active
  firms at every scale from 1,000 (of a tenth of the active firms below
  that), ``COMMON_TERM`` in that of 12 % of the active firms. No other
  generated text and no competence name holds a word beginning with either,
  so a search for one finds exactly those firms.
"""

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from psycopg import sql

from bench import words
from bench.words import Town
from chemster.lib.cache import invalidate
from chemster.models import AuditEntry
from events.content import GUEST_CLAUSE_VERSION, clause_sha256, guest_clause
from events.models import Event, Registration
from members.models import Competence, Contact, Firm, FirmRole, User
from members.services import DIRECTORY_CACHE_KEYS, reindex_firms, unidecode_pl
from newsletters.forms import newsletter_consent
from newsletters.models import Consent, ConsentText, OptOut, address_digest
from projects.models import Participation, Project

# Guests register in Polish and are shown the Polish information clause.
GUEST_CLAUSE_SHA256 = clause_sha256(guest_clause("pl"))

# In the public description of exactly 50 active firms at every scale from
# 1,000: a rare chemistry word ("photoinitiators").
SELECTIVE_TERM = "fotoinicjatory"
SELECTIVE_COUNT = 50
# In the public description of 12 % of the active firms at every scale: a
# common word ("distribution"). Not "produkcja": the competence "Produkcja
# kontraktowa" would add every firm that has it.
COMMON_TERM = "dystrybucja"
COMMON_SHARE = 0.12

SELECTIVE_SENTENCE = (
    f"Wytwarzamy również {SELECTIVE_TERM} do lakierów utwardzanych promieniowaniem UV.",
    "We also make photoinitiators for UV-curable lacquers.",
)
COMMON_SENTENCE = (
    f"Własna {COMMON_TERM} w całej Polsce i w krajach Unii Europejskiej.",
    "Our own distribution network covers Poland and the European Union.",
)

# --- Proportions ------------------------------------------------------------------

# Membership: most firms are active members; a few were suspended or left.
STATUS_WEIGHTS = {"active": 95, "suspended": 2, "former": 3}
# Kinds: enterprises are the majority, as in the cluster's register.
KIND_WEIGHTS = {
    "enterprise": 80,
    "research": 5,
    "university": 3,
    "school": 4,
    "support": 5,
    "public": 3,
}
SIZE_WEIGHTS = {"micro": 30, "small": 35, "medium": 25, "large": 10}
# An empty legal form is a sole trader ("PPHU <brand> <owner>").
LEGAL_FORM_WEIGHTS = {"Sp. z o.o.": 60, "S.A.": 10, "Sp. j.": 8, "Sp. k.": 5, "": 17}
# What firms show to visitors, as the demo firms choose (members.demo_data):
# nine in ten show their description, a few show nothing.
PUBLIC_FIELD_WEIGHTS = {
    ("website", "email", "phone", "address", "description", "offer", "certifications",
     "equipment"): 45,
    ("website", "description", "offer", "certifications", "equipment"): 25,
    ("website", "email", "phone", "description", "offer"): 20,
    ("website", "description"): 5,
    (): 5,
}  # fmt: skip
CONTACT_FIELD_WEIGHTS = {
    ("name", "function", "email", "phone"): 50,
    ("name", "function", "email"): 25,
    ("name", "function"): 15,
    (): 10,
}
# Contacts per firm (about 3) and how many of them log in (about 1.5; the
# first is the firm's admin, the others are editors).
CONTACT_WEIGHTS = {1: 10, 2: 25, 3: 30, 4: 20, 5: 15}
USER_WEIGHTS = {0: 10, 1: 40, 2: 35, 3: 15}
COMPETENCES_PER_FIRM = (2, 6)
FIRMS_PER_PROJECT = 20
FIRMS_PER_EVENT = 100
REGISTRATIONS_PER_EVENT = (10, 30)
# Public subscribers per firm: confirmed (more than the firms, so that at
# every scale at least ``scale`` addresses may receive a campaign to
# subscribers), awaiting confirmation, and withdrawn (with an opt-out).
SUBSCRIBER_SHARES = {"confirmed": 1.05, "pending": 0.05, "withdrawn": 0.03}
# Member contacts who unsubscribed from campaigns.
CONTACT_OPT_OUT_SHARE = 0.01
FIRST_JOINED = date(2008, 1, 1)

PROJECT_STATE_WEIGHTS = {
    "draft": 5,
    "idea": 15,
    "recruiting": 20,
    "active": 35,
    "completed": 20,
    "cancelled": 5,
}
PROJECT_KIND_WEIGHTS = {"research": 45, "solution": 25, "offer": 20, "market": 10}
# A partner's participation by the project's state.
PARTNER_STATE_WEIGHTS = {
    "idea": {"invited": 3, "requested": 3, "accepted": 3, "declined": 1},
    "recruiting": {"invited": 3, "requested": 3, "accepted": 5, "declined": 1},
    "active": {"accepted": 9, "withdrawn": 1},
    "completed": {"accepted": 9, "withdrawn": 1},
    "cancelled": {"accepted": 1, "withdrawn": 1},
}
PARTNER_ROLE_WEIGHTS = {"partner": 6, "subcontr": 2, "observer": 2}
EVENT_KIND_WEIGHTS = {
    "integration": 20,
    "info": 10,
    "workshop": 30,
    "conference": 10,
    "mission": 5,
    "webinar": 25,
}
# A registration's state by the event's time and state.
REGISTRATION_STATE_WEIGHTS = {
    "past": {"attended": 65, "confirmed": 15, "cancelled": 20},
    "upcoming": {"confirmed": 75, "pending": 10, "cancelled": 15},
    "cancelled": {"cancelled": 1},
}


# --- The plan kept between tables ---------------------------------------------------


@dataclass(slots=True)
class Person:
    """A contact of a firm; ``user_id`` when the contact also logs in."""

    contact_id: int
    name: str
    email: str
    language: str
    user_id: int | None = None


@dataclass(slots=True)
class PlannedFirm:
    """What later tables need of a firm (its texts go straight to COPY)."""

    id: int
    name: str
    slug: str
    kind: str
    status: str
    town: Town
    domain: str
    joined_on: date
    public_fields: tuple
    planted: tuple = ()  # the planted sentences its description carries
    people: list = field(default_factory=list)
    users: list = field(default_factory=list)  # the people who log in


@dataclass
class Run:
    """One generation: the random source, the raw cursor and what was written."""

    rng: random.Random
    cursor: object  # the raw psycopg cursor
    log: Callable[[str], None]
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)
    firms: list[PlannedFirm] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    _cumulative: dict[int, tuple] = field(default_factory=dict)

    def step(self, message: str) -> None:
        self.log(f"[{time.monotonic() - self.started:6.1f} s] {message}")

    def pick(self, weights: dict):
        """A key of ``weights``, drawn by its weight."""
        cached = self._cumulative.get(id(weights))
        if cached is None:
            cached = (list(weights), list(accumulate(weights.values())))
            self._cumulative[id(weights)] = cached
        keys, cumulative = cached
        return self.rng.choices(keys, cum_weights=cumulative)[0]


# --- Entry point --------------------------------------------------------------------


def generate(scale: int, *, log=print) -> dict[str, int]:
    """Fill the current, empty database with ``scale`` firms and data in
    proportion; return the number of rows written per table.

    Raises ``ValueError`` when the database has firms already, lacks the
    competence taxonomy, or ``scale`` is not positive.
    """
    if scale < 1:
        raise ValueError("The scale is the number of firms: give a positive number.")
    if Firm.objects.exists():
        raise ValueError("The database has firms already; generate into an empty one.")
    competence_ids = list(Competence.objects.order_by("pk").values_list("pk", flat=True))
    if len(competence_ids) < COMPETENCES_PER_FIRM[1]:
        raise ValueError("The competence taxonomy is missing; run the migrations first.")
    consent_texts = _consent_texts()
    content_types = ContentType.objects.get_for_models(Firm, Contact)

    with transaction.atomic(), connection.cursor() as cursor:
        run = Run(rng=random.Random(scale), cursor=cursor.cursor, log=log, now=timezone.now())
        _tune_session(run)
        run.step(f"generating {scale:,} firms")
        _plan_firms(run, scale)
        _plant_terms(run)
        _plan_people(run)
        with _bulk_load(run, [Firm]):
            with _bulk_load(run, _LOADED_BESIDE_FIRMS):
                _write_firms(run)
                _write_firm_competences(run, competence_ids)
                _write_users(run)
                _write_contacts(run)
                _write_roles(run)
                _write_projects(run, competence_ids)
                _write_events(run)
                _write_subscribers(run, consent_texts)
                _write_audit_entries(run, content_types)
            # Reads the firms' competences through their rebuilt index; the
            # firms' own indexes come after it, in one go.
            _build_search_vectors(run)
        _reset_sequences(run)
        _analyze(run)
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return run.counts


# Every table written besides the firms' (their constraints and indexes are
# set aside while loading).
_LOADED_BESIDE_FIRMS = [
    Firm.competences.through,
    User,
    Contact,
    FirmRole,
    Project,
    Project.needed_competences.through,
    Participation,
    Event,
    Registration,
    Consent,
    OptOut,
    AuditEntry,
]


# --- Loading ------------------------------------------------------------------------


@contextmanager
def _bulk_load(run: Run, models):
    """Set aside the secondary indexes, unique constraints and foreign keys
    of the tables of ``models`` while they are loaded, and build them again
    from their own definitions in the catalogue when the block ends.

    One index build is much faster than updating the index row by row, and
    adding a foreign key checks all rows in one query instead of one per
    row; every row is still checked (a duplicate or a dangling key fails
    the rebuild, and the transaction with it). Primary keys and check
    constraints stay: they are checked as rows arrive.
    """
    tables = [model._meta.db_table for model in models]
    # Pending deferred checks would block ALTER TABLE; run them now.
    run.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    run.cursor.execute(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
        ORDER BY c.contype, t.relname, c.conname
        """,
        [tables],
    )
    constraints = run.cursor.fetchall()  # foreign keys first, then unique
    run.cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary
          AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c
            WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid
          )
        ORDER BY t.relname, i.relname
        """,
        [tables],
    )
    indexes = run.cursor.fetchall()
    for table, name, _definition in constraints:
        run.cursor.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                sql.Identifier(table), sql.Identifier(name)
            )
        )
    for name, _definition in indexes:
        run.cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    for _name, definition in indexes:
        run.cursor.execute(definition)
    for table, name, definition in reversed(constraints):
        run.cursor.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)
            )
        )
    # Back to each constraint's own timing (Django's foreign keys: deferred).
    run.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    run.step(f"indexes and constraints rebuilt: {', '.join(tables)}")


def _tune_session(run: Run) -> None:
    """Settings for this transaction only: memory for building indexes and
    checking foreign keys in bulk, and no JIT compilation (it costs seconds
    per statement and saves nothing on these one-off statements)."""
    for setting, value in (("maintenance_work_mem", "256MB"), ("work_mem", "64MB"), ("jit", "off")):
        run.cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])


def _copy(run: Run, model, columns: Iterable[str], rows: Iterable[tuple]) -> int:
    """Stream ``rows`` into the table of ``model`` with COPY."""
    table = model._meta.db_table
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with run.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    run.counts[table] = run.counts.get(table, 0) + count
    run.step(f"{table}: {count:,} rows")
    return count


def _next_id(run: Run, model) -> int:
    """The first free primary key of ``model`` (the ids are given here)."""
    run.cursor.execute(
        sql.SQL("SELECT coalesce(max(id), 0) + 1 FROM {}").format(
            sql.Identifier(model._meta.db_table)
        )
    )
    return run.cursor.fetchone()[0]


def _reset_sequences(run: Run) -> None:
    """Move the id sequences past the ids given here."""
    models = [Firm, User, Contact, Project, Event]
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        run.cursor.execute(statement)


def _build_search_vectors(run: Run, chunk: int = 25_000) -> None:
    """The firms' search vectors, by the portal's own SQL, in chunks."""
    ids = [firm.id for firm in run.firms]
    for start in range(0, len(ids), chunk):
        reindex_firms(ids[start : start + chunk])
        run.step(f"search vectors: {min(start + chunk, len(ids)):,} firms")


def _analyze(run: Run) -> None:
    """Fresh planner statistics of every table written."""
    for model in [Firm, *_LOADED_BESIDE_FIRMS]:
        run.cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
    run.step("analysed")


# --- Small parts ----------------------------------------------------------------------


def _at(day: date, rng: random.Random) -> datetime:
    """A moment during the working hours of ``day`` (UTC)."""
    return datetime(day.year, day.month, day.day, 7, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(600)
    )


def _json(value) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _person_name(rng: random.Random) -> str:
    surname = rng.choice(words.SURNAMES)
    if rng.random() < 0.5:
        return f"{rng.choice(words.MEN)} {surname[0]}"
    return f"{rng.choice(words.WOMEN)} {surname[1]}"


def _mailbox(name: str) -> str:
    """The mailbox of a name: Anna Król -> a.krol."""
    first, surname = unidecode_pl(name).lower().split(" ", 1)
    return f"{first[0]}.{surname}"


def _nips():
    """A function giving valid, distinct NIPs of a tax office: its three
    digits, a running number, the check digit (a number whose check digit
    would be 10 is skipped)."""
    running: dict[str, int] = {}
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)

    def next_nip(tax_office: str) -> str:
        while True:
            running[tax_office] = running.get(tax_office, 100_000) + 1
            digits = f"{tax_office}{running[tax_office]:06d}"
            check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
            if check < 10:
                return f"{digits}{check}"

    return next_nip


def _regon(rng: random.Random) -> str:
    """A nine-digit REGON with its check digit."""
    digits = f"{rng.randrange(1, 99):02d}{rng.randrange(1_000_000):06d}"
    check = sum(int(d) * w for d, w in zip(digits, (8, 9, 2, 3, 4, 5, 6, 7), strict=True))
    return f"{digits}{check % 11 % 10}"


def _postcode(town: Town, rng: random.Random) -> str:
    prefix = rng.choice(town.postcodes)
    return prefix + "".join(str(rng.randrange(10)) for _ in range(6 - len(prefix)))


def _phone(town: Town, rng: random.Random) -> str:
    return (
        f"+48 {town.area_code} {rng.randrange(200, 999)} "
        f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}"
    )


# --- Firms --------------------------------------------------------------------------


def _firm_name(run: Run, kind: str, town: Town) -> tuple[str, str]:
    """(the name, the part of it that the slug and the domain come from)."""
    rng = run.rng
    if kind == "enterprise":
        form = run.pick(LEGAL_FORM_WEIGHTS)
        brand = f"{rng.choice(words.BRAND_HEADS)}{rng.choice(words.BRAND_TAILS)}"
        pattern = rng.random()
        if pattern < 0.35:
            core = f"{rng.choice(words.REGION_ADJECTIVES)} Zakłady "
            core += rng.choice(words.PRODUCT_GENITIVES)
        elif pattern < 0.75:
            core = f"{brand} {rng.choice(words.BRAND_DESCRIPTIONS)}"
        else:
            core = f"{brand} {town.name}"
        if not form:
            return f"PPHU {brand} {_person_name(rng)}", brand
        return f"{core} {form}", core
    if kind == "research":
        core = f"Instytut {rng.choice(words.RESEARCH_FIELDS)}"
        name = f"Sieć Badawcza Łukasiewicz – {core}" if rng.random() < 0.5 else core
        return name, core
    if kind == "university":
        core = f"Politechnika {rng.choice(words.UNIVERSITY_ADJECTIVES)}"
        name = f"Wydział Chemiczny, {core}" if rng.random() < 0.5 else core
        return name, core
    if kind == "school":
        core = rng.choice(words.SCHOOL_NAMES).format(n=rng.randrange(1, 12))
    else:
        core = rng.choice(words.SUPPORT_NAMES if kind == "support" else words.PUBLIC_NAMES)
    return f"{core} {town.locative}", f"{core} {town.name}"


def _plan_firms(run: Run, scale: int) -> None:
    """``scale`` firms: statuses, kinds and towns by their weights, joined
    between 2008 and today, with unique slugs and domains."""
    rng = run.rng
    span = (run.now.date() - FIRST_JOINED).days
    town_weights = {town: town.weight for town in words.TOWNS}
    taken: dict[str, int] = {}  # slugs, and how many firms share each base
    first_id = _next_id(run, Firm)
    for index in range(scale):
        kind = run.pick(KIND_WEIGHTS)
        town = run.pick(town_weights)
        name, core = _firm_name(run, kind, town)
        base = slugify(unidecode_pl(core))[:50].strip("-")
        slug = base
        while slug in taken:
            taken[base] += 1
            slug = f"{base}-{taken[base]}"
        taken[slug] = 1
        top_level = ".edu.pl" if kind in ("university", "school") else rng.choice(
            [".pl", ".com.pl", ".eu"]
        )  # fmt: skip
        run.firms.append(
            PlannedFirm(
                id=first_id + index,
                name=name,
                slug=slug,
                kind=kind,
                status=run.pick(STATUS_WEIGHTS),
                town=town,
                domain=slug + top_level,
                joined_on=FIRST_JOINED + timedelta(days=rng.randrange(span + 1)),
                public_fields=run.pick(PUBLIC_FIELD_WEIGHTS),
            )
        )
    run.step(f"planned {scale:,} firms")


def _plant_terms(run: Run) -> None:
    """Choose the active firms with a public description that carry the
    planted terms: ``SELECTIVE_COUNT`` of them (at most a tenth of the
    active firms) and, others, ``COMMON_SHARE`` of the active firms."""
    active = [firm for firm in run.firms if firm.status == "active"]
    candidates = [firm for firm in active if "description" in firm.public_fields]
    selective = min(SELECTIVE_COUNT, len(active) // 10)
    common = min(round(COMMON_SHARE * len(active)), len(candidates) - selective)
    chosen = run.rng.sample(candidates, selective + common)
    for firm in chosen[:selective]:
        firm.planted = (SELECTIVE_SENTENCE,)
    for firm in chosen[selective:]:
        firm.planted = (COMMON_SENTENCE,)
    run.step(f"planted {SELECTIVE_TERM!r} in {selective} firms, {COMMON_TERM!r} in {common}")


def _texts(firm: PlannedFirm, rng: random.Random) -> tuple[tuple[str, str], ...]:
    """(description, offer, equipment), each as (Polish, English)."""
    p1, p2 = rng.sample(words.PRODUCTS, 2)
    service = rng.choice(words.SERVICES)
    if firm.kind == "enterprise":
        (i1, i2), (r1, r2) = rng.sample(words.INDUSTRIES, 2), rng.sample(words.PROCESSES, 2)
        extra = rng.choice(words.EXTRA_SENTENCES)
        tonnes = rng.choice([50, 200, 500, 1_000, 5_000, 20_000])
        packaging = rng.choice(words.PACKAGING)
        description = (
            f"Produkujemy {p1[0]} i {p2[0]} dla branży {i1[0]} i {i2[0]}. W zakładzie "
            f"prowadzimy {r1[0]} oraz {r2[0]}, do {tonnes} ton rocznie. {extra[0]}",
            f"We make {p1[1]} and {p2[1]} for the {i1[1]} and {i2[1]} industries. The plant "
            f"runs {r1[1]} and {r2[1]}, up to {tonnes} tonnes a year. {extra[1]}",
        )
        offer = (
            f"Oferujemy {p1[0]}, {p2[0]} oraz {service[0]}. Dostawy w {packaging[0]}.",
            f"We offer {p1[1]}, {p2[1]} and {service[1]}. Delivered in {packaging[1]}.",
        )
    else:
        polish, english = words.DESCRIPTIONS_BY_KIND[firm.kind]
        description = (polish.format(p1=p1[0], p2=p2[0]), english.format(p1=p1[1], p2=p2[1]))
        offer = (f"Oferujemy {service[0]}.", f"We offer {service[1]}.")
    for sentence in firm.planted:
        description = (f"{description[0]} {sentence[0]}", f"{description[1]} {sentence[1]}")
    equipment = ("", "")
    if firm.kind in ("research", "university") or rng.random() < 0.3:
        items = rng.sample(words.EQUIPMENT, rng.randrange(1, 4))
        equipment = tuple(
            ", ".join(item[language] for item in items).capitalize() + "." for language in (0, 1)
        )
    return description, offer, equipment


FIRM_COLUMNS = (
    "id", "name", "slug", "kind", "size_class", "country", "nip", "vat_number", "regon", "krs",
    "street", "postcode", "city", "latitude", "longitude", "website", "email", "phone",
    "description_pl", "description_en", "offer_pl", "offer_en", "certifications",
    "equipment_pl", "equipment_en", "logo", "status", "joined_on", "left_on", "left_reason",
    "public_fields", "member_contact_fields", "updated_at",
)  # fmt: skip


def _firm_rows(run: Run):
    """Each firm's row: numbers valid by their check digits (NIP for all,
    REGON for nine in ten, KRS for companies), an address in its town (with
    coordinates for nine in ten), texts in Polish and in English for four
    in five."""
    rng = run.rng
    next_nip = _nips()
    krs = 100_000
    recent = run.now.date() - timedelta(days=400)
    for firm in run.firms:
        town = firm.town
        description, offer, equipment = _texts(firm, rng)
        english = rng.random() < 0.8 or bool(firm.planted)
        krs += rng.randrange(1, 50)
        has_krs = firm.kind == "enterprise" and firm.name.endswith(("o.o.", "S.A.", "Sp. k."))
        located = rng.random() < 0.9
        left_on = None
        if firm.status == "former":
            left_on = min(firm.joined_on + timedelta(days=rng.randrange(30, 2_000)), run.now.date())
        yield (
            firm.id,
            firm.name,
            firm.slug,
            firm.kind,
            run.pick(SIZE_WEIGHTS) if firm.kind == "enterprise" else "",
            "PL",
            next_nip(town.tax_office),
            "",
            _regon(rng) if rng.random() < 0.9 else "",
            f"{krs:010d}" if has_krs else "",
            f"ul. {rng.choice(words.STREETS)} {rng.randrange(1, 120)}"
            if rng.random() < 0.95
            else "",
            _postcode(town, rng),
            town.name,
            f"{town.latitude + rng.uniform(-0.04, 0.04):.5f}" if located else None,
            f"{town.longitude + rng.uniform(-0.06, 0.06):.5f}" if located else None,
            f"https://www.{firm.domain}/" if rng.random() < 0.85 else "",
            f"{rng.choice(words.MAILBOXES)}@{firm.domain}" if rng.random() < 0.9 else "",
            _phone(town, rng) if rng.random() < 0.85 else "",
            description[0],
            description[1] if english else "",
            offer[0] if rng.random() < 0.85 else "",
            offer[1] if english else "",
            ", ".join(rng.sample(words.CERTIFICATES, rng.randrange(0, 4))),
            equipment[0],
            equipment[1] if english else "",
            "",
            firm.status,
            firm.joined_on,
            left_on,
            "Rezygnacja z członkostwa (zmiana profilu działalności)." if left_on else "",
            _json(firm.public_fields),
            _json(run.pick(CONTACT_FIELD_WEIGHTS)),
            _at(max(firm.joined_on, recent), rng),
        )


def _write_firms(run: Run) -> None:
    _copy(run, Firm, FIRM_COLUMNS, _firm_rows(run))


def _write_firm_competences(run: Run, competence_ids: list[int]) -> None:
    """Each firm has 2 to 6 competences of the taxonomy (4 on average)."""
    rng = run.rng
    low, high = COMPETENCES_PER_FIRM
    rows = (
        (firm.id, competence_id)
        for firm in run.firms
        for competence_id in rng.sample(competence_ids, rng.randint(low, high))
    )
    _copy(run, Firm.competences.through, ("firm_id", "competence_id"), rows)


# --- People: contacts, accounts, roles ------------------------------------------------


def _plan_people(run: Run) -> None:
    """About 3 contacts per firm (1 to 5) with addresses at the firm's own
    domain, so unique; about 1.5 of them per firm also log in."""
    rng = run.rng
    contact_id = _next_id(run, Contact)
    user_id = _next_id(run, User)
    for firm in run.firms:
        contacts = run.pick(CONTACT_WEIGHTS)
        users = min(contacts, run.pick(USER_WEIGHTS))
        mailboxes: set[str] = set()
        for position in range(contacts):
            name = _person_name(rng)
            mailbox = _mailbox(name)
            while mailbox in mailboxes:
                mailbox += str(rng.randrange(10))
            mailboxes.add(mailbox)
            person = Person(
                contact_id=contact_id,
                name=name,
                email=f"{mailbox}@{firm.domain}",
                language="en" if rng.random() < 0.1 else "pl",
            )
            contact_id += 1
            firm.people.append(person)
            if position < users:
                person.user_id = user_id
                user_id += 1
                firm.users.append(person)


def _write_users(run: Run) -> None:
    """Accounts of the contacts who log in, with unusable passwords ("!" and
    40 random characters, as ``set_unusable_password`` writes): nothing is
    hashed, and benchmarks log in with ``force_login``."""
    rng = run.rng
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    columns = ("id", "password", "last_login", "is_superuser", "email", "name",
               "preferred_language", "is_active", "is_staff", "date_joined")  # fmt: skip
    rows = (
        (
            person.user_id,
            "!" + "".join(rng.choices(alphabet, k=40)),
            None,
            False,
            person.email,
            person.name,
            person.language,
            True,
            False,
            _at(firm.joined_on, rng),
        )
        for firm in run.firms
        for person in firm.users
    )
    _copy(run, User, columns, rows)


def _write_contacts(run: Run) -> None:
    rng = run.rng
    columns = ("id", "firm_id", "name", "function", "email", "phone", "language", "user_id",
               "source", "created_at")  # fmt: skip
    rows = (
        (
            person.contact_id,
            firm.id,
            person.name,
            rng.choice(words.FUNCTIONS),
            person.email,
            _phone(firm.town, rng) if rng.random() < 0.7 else "",
            person.language,
            person.user_id,
            "firm" if rng.random() < 0.7 else "coordinator",
            _at(firm.joined_on, rng),
        )
        for firm in run.firms
        for person in firm.people
    )
    _copy(run, Contact, columns, rows)


def _write_roles(run: Run) -> None:
    """One admin in every firm that has accounts (the first), editors after."""
    rng = run.rng
    rows = (
        (
            person.user_id,
            firm.id,
            FirmRole.Role.EDITOR if position else FirmRole.Role.ADMIN,
            _at(firm.joined_on, rng),
        )
        for firm in run.firms
        for position, person in enumerate(firm.users)
    )
    _copy(run, FirmRole, ("user_id", "firm_id", "role", "created_at"), rows)


# --- Projects -------------------------------------------------------------------------


def _write_projects(run: Run, competence_ids: list[int]) -> None:
    """One project per 20 firms, led by active firms with accounts, each
    needing 1 to 3 competences; a submitted project has its leader and 1 to
    4 partners (2 to 5 firms), a draft has none yet."""
    rng = run.rng
    leaders = [firm for firm in run.firms if firm.status == "active" and firm.users]
    active = [firm for firm in run.firms if firm.status == "active"]
    count = round(len(run.firms) / FIRMS_PER_PROJECT) if leaders else 0
    first_id = _next_id(run, Project)
    projects, needed, participations = [], [], []
    for project_id in range(first_id, first_id + count):
        state = run.pick(PROJECT_STATE_WEIGHTS)
        leader = rng.choice(leaders)
        projects.append(_project_row(run, project_id, state, leader))
        needed += [(project_id, c) for c in rng.sample(competence_ids, rng.randint(1, 3))]
        if state != "draft":
            participations += _participation_rows(run, project_id, state, leader, active)
    columns = (
        "id", "slug", "kind", "state", "visibility", "firm_id", "title_pl", "title_en",
        "summary_pl", "summary_en", "description_pl", "description_en", "offer_pl", "offer_en",
        "funding_call", "funding_deadline", "budget", "starts_on", "ends_on", "created_by_id",
        "created_at", "submitted_at", "updated_at",
    )  # fmt: skip
    _copy(run, Project, columns, projects)
    _copy(run, Project.needed_competences.through, ("project_id", "competence_id"), needed)
    columns = ("project_id", "firm_id", "role", "state", "message", "contribution_pl",
               "contribution_en", "decision_reason", "created_by_id", "created_at",
               "decided_by_id", "decided_at")  # fmt: skip
    _copy(run, Participation, columns, participations)


def _project_row(run: Run, project_id: int, state: str, leader: PlannedFirm) -> tuple:
    rng = run.rng
    topic = rng.choice(words.PROJECT_TOPICS)
    product, industry = rng.choice(words.PRODUCTS), rng.choice(words.INDUSTRIES)
    title_pl = f"{topic[0]}: {product[0]} dla branży {industry[0]}"
    created = run.now - timedelta(days=rng.randrange(30, 1_500))
    submitted = None if state == "draft" else created + timedelta(days=rng.randrange(1, 20))
    starts_on = ends_on = None
    if state in ("active", "completed"):
        starts_on = (submitted + timedelta(days=rng.randrange(10, 90))).date()
        ends_on = starts_on + timedelta(days=rng.randrange(180, 1_100))
    funded = rng.random() < 0.4
    return (
        project_id,
        f"{slugify(unidecode_pl(title_pl))[:60].strip('-')}-{project_id}",
        run.pick(PROJECT_KIND_WEIGHTS),
        state,
        "public" if rng.random() < 0.4 else "members",
        leader.id,
        title_pl,
        f"{topic[1]}: {product[1]} for the {industry[1]} industry",
        f"Projekt firm klastra: {product[0]}.",
        f"A project of cluster firms: {product[1]}.",
        f"Partnerzy łączą kompetencje, aby opracować {product[0]} dla branży {industry[0]}.",
        f"The partners pool their skills to develop {product[1]} for the {industry[1]} industry.",
        "",
        "",
        "FENG 1.1 Ścieżka SMART" if funded else "",
        (run.now + timedelta(days=rng.randrange(-200, 200))).date() if funded else None,
        f"{rng.randrange(50, 5_000) * 1_000}.00" if funded else None,
        starts_on,
        ends_on,
        leader.users[0].user_id,
        created,
        submitted,
        submitted or created,
    )


def _participation_rows(run: Run, project_id: int, state: str, leader, active) -> list[tuple]:
    """The leader (accepted) and 1 to 4 other active firms."""
    rng = run.rng
    by = leader.users[0].user_id
    joined = run.now - timedelta(days=rng.randrange(20, 600))
    rows = [(project_id, leader.id, "leader", "accepted", "", "", "", "", by, joined, None, None)]
    partners = [firm for firm in rng.sample(active, min(5, len(active))) if firm is not leader]
    for firm in partners[: rng.randint(1, 4)]:
        partner_state = run.pick(PARTNER_STATE_WEIGHTS[state])
        decided = partner_state in ("accepted", "declined", "withdrawn")
        rows.append(
            (
                project_id,
                firm.id,
                run.pick(PARTNER_ROLE_WEIGHTS),
                partner_state,
                "Chętnie dołączymy do projektu." if partner_state == "requested" else "",
                "Badania laboratoryjne i próby aplikacyjne." if decided else "",
                "Laboratory research and application trials." if decided else "",
                "Brak mocy przerobowych w tym roku." if partner_state == "declined" else "",
                by,
                joined,
                by if decided else None,
                joined + timedelta(days=rng.randrange(1, 15)) if decided else None,
            )
        )
    return rows


# --- Events ---------------------------------------------------------------------------


def _write_events(run: Run) -> None:
    """One event per 100 firms, from two years ago to a year ahead: mostly
    published, one in twelve cancelled, one in ten of those ahead a draft.
    Published and cancelled events have 10 to 30 registrations, three in
    five from members' accounts, the rest from guests."""
    members = [(firm, person) for firm in run.firms if firm.status == "active"
               for person in firm.users]  # fmt: skip
    count = max(1, round(len(run.firms) / FIRMS_PER_EVENT))
    first_id = _next_id(run, Event)
    events, registrations = [], []
    for event_id in range(first_id, first_id + count):
        event, seats = _event_row(run, event_id)
        events.append(event)
        if event[4] != "draft":
            registrations += _registration_rows(run, event, seats, members)
    columns = (
        "id", "slug", "kind", "audience", "state", "title_pl", "title_en", "description_pl",
        "description_en", "starts_at", "ends_at", "venue_name", "venue_address", "online_url",
        "capacity", "registration_opens_at", "registration_closes_at", "reminder_lead",
        "sequence", "created_by_id", "created_at", "updated_at", "published_at", "cancelled_at",
    )  # fmt: skip
    _copy(run, Event, columns, events)
    columns = ("event_id", "user_id", "firm_id", "name", "email", "organisation", "language",
               "state", "waitlist_position", "registered_by_id", "created_at", "confirmed_at",
               "cancelled_at", "attended_at", "clause_version", "clause_sha256")  # fmt: skip
    _copy(run, Registration, columns, registrations)


def _event_row(run: Run, event_id: int) -> tuple[tuple, int | None]:
    """The event's row and its number of seats (None: unlimited)."""
    rng = run.rng
    kind = run.pick(EVENT_KIND_WEIGHTS)
    day = run.now.date() + timedelta(days=rng.randrange(-730, 365))
    starts = datetime(day.year, day.month, day.day, 8 + rng.randrange(8), tzinfo=UTC)
    state = "published"
    if rng.random() < 0.08:
        state = "cancelled"
    elif starts > run.now and rng.random() < 0.1:
        state = "draft"
    published = None
    if state != "draft":
        published = min(starts - timedelta(days=rng.randrange(20, 60)), run.now - timedelta(1))
    created = (published or run.now) - timedelta(days=rng.randrange(1, 20))
    product = rng.choice(words.PRODUCTS)
    titles = words.EVENT_TITLES[kind]
    title_pl, title_en = titles[0].format(p=product[0]), titles[1].format(p=product[1])
    venue = ("", "") if kind == "webinar" else rng.choice(words.VENUES)
    slug = f"{slugify(unidecode_pl(title_pl))[:60].strip('-')}-{event_id}"
    seats = rng.choice([None, None, 20, 40, 80, 150])
    row = (
        event_id,
        slug,
        kind,
        "members" if kind in ("integration", "mission") else "public",
        state,
        title_pl,
        title_en,
        f"Zapraszamy członków klastra i gości. Temat przewodni: {product[0]}.",
        f"Members of the cluster and guests are welcome. Theme: {product[1]}.",
        starts,
        starts + timedelta(hours=rng.choice([2, 3, 6, 8])),
        venue[0],
        venue[1],
        f"https://spotkania.chemster-demo.pl/{slug}" if kind == "webinar" else "",
        seats,
        published,
        starts - timedelta(days=1) if published else None,
        timedelta(hours=24),
        rng.randrange(0, 3),
        None,
        created,
        published or created,
        published,
        published + timedelta(days=rng.randrange(1, 10)) if state == "cancelled" else None,
    )
    return row, seats


def _registration_rows(run: Run, event: tuple, seats: int | None, members) -> list[tuple]:
    """Past events: attended, some no-shows and cancellations; upcoming ones:
    confirmed, some awaiting confirmation, some cancelled and, once the seats
    are taken, a waitlist; every registration of a cancelled event is
    cancelled."""
    rng = run.rng
    event_id, state, starts, published = event[0], event[4], event[9], event[15]
    if state == "cancelled":
        weights = REGISTRATION_STATE_WEIGHTS["cancelled"]
    else:
        weights = REGISTRATION_STATE_WEIGHTS["past" if starts <= run.now else "upcoming"]
    count = rng.randint(*REGISTRATIONS_PER_EVENT)
    people = rng.sample(members, min(len(members), round(count * 0.6)))
    rows, seated, waiting = [], 0, 0
    for index in range(count):
        if index < len(people):
            firm, person = people[index]
            who = (person.user_id, firm.id, person.name, person.email, firm.name)
            language, by = person.language, person.user_id
        else:
            name = _person_name(rng)
            email = f"{_mailbox(name)}.{event_id}.{index}@{rng.choice(words.SUBSCRIBER_DOMAINS)}"
            who, language, by = (None, None, name, email, ""), "pl", None
        # Guests are shown the information clause, and the row records it.
        clause = (GUEST_CLAUSE_VERSION, GUEST_CLAUSE_SHA256) if by is None else ("", "")
        registered = published + timedelta(hours=rng.randrange(1, 400))
        registered = min(registered, starts - timedelta(hours=1), run.now)
        registration_state, position = run.pick(weights), None
        if registration_state in ("confirmed", "pending") and seats is not None:
            if seated < seats:
                seated += 1
            else:
                waiting += 1
                registration_state, position = "waitlisted", waiting
        confirmed = registered + timedelta(minutes=rng.randrange(2, 90))
        rows.append(
            (
                event_id,
                *who,
                language,
                registration_state,
                position,
                by,
                registered,
                confirmed if registration_state in ("confirmed", "attended") else None,
                registered + timedelta(days=1) if registration_state == "cancelled" else None,
                starts if registration_state == "attended" else None,
                *clause,
            )
        )
    return rows


# --- Newsletter subscribers -----------------------------------------------------------


def _consent_texts() -> dict[str, int]:
    """The ids of the sign-up consent's wording per language (the portal's own text)."""
    ids = {}
    for language in ("pl", "en"):
        text, version = newsletter_consent(language)
        wording, _created = ConsentText.objects.get_or_create(
            purpose=Consent.Purpose.NEWSLETTER,
            version=version,
            defaults={"text": text, "sha256": hashlib.sha256(text.encode()).hexdigest()},
        )
        ids[language] = wording.pk
    return ids


def _write_subscribers(run: Run, consent_texts: dict[str, int]) -> None:
    """Public subscribers in ``SUBSCRIBER_SHARES`` of the firm count, each
    at their own address; the withdrawn ones opted out too, and so did
    ``CONTACT_OPT_OUT_SHARE`` of the member contacts."""
    rng = run.rng
    consents, opt_outs, number = [], [], 0
    for kind, share in SUBSCRIBER_SHARES.items():
        for _ in range(round(len(run.firms) * share)):
            number += 1
            email = f"{_mailbox(_person_name(rng))}.{number}@"
            email += rng.choice(words.SUBSCRIBER_DOMAINS)
            language = "en" if rng.random() < 0.15 else "pl"
            given = run.now - timedelta(days=rng.randrange(2, 1_100), minutes=rng.randrange(600))
            confirmed = given + timedelta(minutes=rng.randrange(1, 300))
            withdrawn = confirmed + timedelta(days=1) if kind == "withdrawn" else None
            ip = f"{rng.choice(words.IP_PREFIXES)}{rng.randrange(1, 255)}"
            consents.append(
                (
                    email,
                    Consent.Purpose.NEWSLETTER,
                    language,
                    consent_texts[language],
                    "form" if rng.random() < 0.9 else "import",
                    ip if rng.random() < 0.9 else None,
                    given,
                    None if kind == "pending" else confirmed,
                    withdrawn,
                )
            )
            if withdrawn:
                opt_outs.append((email, address_digest(email), "link", withdrawn))
    contacts = [person for firm in run.firms for person in firm.people]
    for person in rng.sample(contacts, round(len(contacts) * CONTACT_OPT_OUT_SHARE)):
        created = run.now - timedelta(days=rng.randrange(1, 700))
        opt_outs.append((person.email, address_digest(person.email), "one-click", created))
    columns = ("email", "purpose", "language", "text_id", "method", "ip", "given_at",
               "confirmed_at", "withdrawn_at")  # fmt: skip
    _copy(run, Consent, columns, consents)
    _copy(run, OptOut, ("email", "email_sha256", "source", "created_at"), opt_outs)


# --- Audit log ------------------------------------------------------------------------


def _write_audit_entries(run: Run, content_types: dict) -> None:
    """About 5 entries per firm: its creation, one per contact added (3 on
    average) and 0 to 2 profile updates, by the firm's admin where it has
    one."""
    rng = run.rng
    firm_type, contact_type = content_types[Firm].pk, content_types[Contact].pk
    today = run.now.date()

    def rows():
        for firm in run.firms:
            admin = firm.users[0] if firm.users else None
            actor = (admin.user_id, admin.email) if admin else (None, "")
            name = firm.name[:200]
            yield (_at(firm.joined_on, rng), None, "", firm_type, str(firm.id), name,
                   "members.firm.created", "{}")  # fmt: skip
            for person in firm.people:
                contact = f"{person.name} ({firm.name})"[:200]
                yield (_at(firm.joined_on, rng), *actor, contact_type, str(person.contact_id),
                       contact, "members.contact.added", "{}")  # fmt: skip
            span = max(1, (today - firm.joined_on).days)
            for _ in range(rng.randrange(3)):
                day = firm.joined_on + timedelta(days=rng.randrange(span))
                changes = json.dumps({"phone": [_phone(firm.town, rng), _phone(firm.town, rng)]})
                yield (_at(day, rng), *actor, firm_type, str(firm.id), name,
                       "members.firm.updated", changes)  # fmt: skip

    columns = ("created_at", "actor_id", "actor_email", "content_type_id", "object_id",
               "object_repr", "code", "changes")  # fmt: skip
    _copy(run, AuditEntry, columns, rows())
