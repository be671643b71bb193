"""The scale data generator (``bench.generate``) at 1,000 firms: the counts and
proportions it promises, the planted search terms, rows that pass the
models' own validation, and a database whose constraints all hold.

Generating takes a few seconds, so the module does it once, inside a
transaction that is rolled back when the module ends; each test runs in a
savepoint within it.
"""

import importlib
import inspect
import re

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Avg, Count, Max, Min

from bench import generate as generator
from bench import words
from chemster.models import AuditEntry
from events.models import Event, Registration
from members.models import Contact, Firm, FirmRole, User
from members.selectors import search_firms
from newsletters.campaigns import audience
from newsletters.models import Consent, OptOut
from projects.models import Participation, Project
from tests.factories import ContactFactory, FirmFactory, UserFactory

pytestmark = pytest.mark.django_db

SCALE = 1000

_CATALOGUE_SQL = """
SELECT c.relname, i.relname, x.indisvalid
FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT t.relname, c.conname, c.convalidated
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE c.connamespace = 'public'::regnamespace
"""


def _catalogue() -> set[tuple]:
    """(table, index or constraint name, valid) of every index and constraint."""
    with connection.cursor() as cursor:
        cursor.execute(_CATALOGUE_SQL)
        return set(cursor.fetchall())


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """``generate(1000)`` once for the module, rolled back at its end; with
    the indexes and constraints before and after."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test before this module may have emptied the
        # taxonomy that a migration ships (tests/conftest.py does the same).
        migration = importlib.import_module("members.migrations.0006_competence_taxonomy")
        migration.create_taxonomy(django_apps, None)
        before = _catalogue()
        counts = generator.generate(SCALE, log=lambda message: None)
        yield {"counts": counts, "before": before, "after": _catalogue()}
        transaction.set_rollback(True)


def test_generate_writes_the_firms_with_their_statuses_and_kinds(generated):
    firms = Firm.objects.all()

    assert firms.count() == SCALE
    assert 0.92 * SCALE <= firms.filter(status=Firm.Status.ACTIVE).count() <= 0.98 * SCALE
    assert set(firms.values_list("status", flat=True)) == set(Firm.Status)
    kinds = dict(firms.values_list("kind").annotate(n=Count("id")))
    assert set(kinds) == set(Firm.Kind)
    assert kinds[Firm.Kind.ENTERPRISE] > SCALE / 2
    assert not firms.exclude(kind=Firm.Kind.ENTERPRISE).exclude(size_class="").exists()
    assert not firms.filter(kind=Firm.Kind.ENTERPRISE, size_class="").exists()
    years = firms.aggregate(first=Min("joined_on"), last=Max("joined_on"))
    assert years["first"].year == 2008
    assert years["last"].year == 2026


def test_generate_gives_each_firm_two_to_six_competences(generated):
    per_firm = Firm.objects.annotate(n=Count("competences")).aggregate(low=Min("n"), high=Max("n"))

    assert per_firm == {"low": 2, "high": 6}


def test_generate_gives_about_three_contacts_and_one_and_a_half_users_per_firm(generated):
    contacts = Contact.objects.count()
    users = User.objects.count()

    assert 2.8 * SCALE <= contacts <= 3.2 * SCALE
    assert 1.3 * SCALE <= users <= 1.7 * SCALE
    assert Contact.objects.filter(user__isnull=False).count() == users


def test_generate_gives_every_firm_with_users_exactly_one_admin(generated):
    firms_with_users = Firm.objects.filter(roles__isnull=False).distinct().count()
    admins = FirmRole.objects.filter(role=FirmRole.Role.ADMIN)

    assert admins.count() == firms_with_users
    assert admins.values("firm").distinct().count() == firms_with_users
    assert FirmRole.objects.filter(role=FirmRole.Role.EDITOR).exists()
    assert FirmRole.objects.count() == User.objects.count()


def test_generated_users_have_unusable_passwords(generated):
    passwords = list(User.objects.values_list("password", flat=True))

    assert all(re.fullmatch(r"![A-Za-z0-9]{40}", password) for password in passwords)
    assert not User.objects.first().has_usable_password()
    assert len(set(passwords)) == len(passwords)


def test_generate_writes_projects_events_subscribers_and_audit_entries(generated):
    assert Project.objects.count() == SCALE / 20
    assert Participation.objects.filter(role="leader").count() == (
        Project.objects.exclude(state=Project.State.DRAFT).count()
    )
    assert Event.objects.count() == SCALE / 100
    assert Registration.objects.values("event").distinct().count() >= 8
    per_event = Registration.objects.values("event").annotate(n=Count("id"))
    assert 10 <= per_event.aggregate(avg=Avg("n"))["avg"] <= 30
    assert set(Registration.objects.values_list("state", flat=True)) >= {
        "attended",
        "confirmed",
        "cancelled",
    }
    assert Consent.objects.active().count() == round(1.05 * SCALE)
    assert OptOut.objects.exists()
    assert 4 * SCALE <= AuditEntry.objects.count() <= 6 * SCALE


def test_generate_returns_the_rows_written_per_table(generated):
    counts = generated["counts"]

    assert counts[Firm._meta.db_table] == Firm.objects.count()
    assert counts[Contact._meta.db_table] == Contact.objects.count()
    assert counts[User._meta.db_table] == User.objects.count()
    assert counts[Registration._meta.db_table] == Registration.objects.count()
    assert counts[AuditEntry._meta.db_table] == AuditEntry.objects.count()


def test_generate_moves_the_id_sequences_past_its_rows(generated):
    firm = FirmFactory()
    contact = ContactFactory(firm=firm)
    user = UserFactory()

    assert firm.pk > Firm.objects.exclude(pk=firm.pk).aggregate(top=Max("pk"))["top"]
    assert contact.pk > Contact.objects.exclude(pk=contact.pk).aggregate(top=Max("pk"))["top"]
    assert user.pk > User.objects.exclude(pk=user.pk).aggregate(top=Max("pk"))["top"]


def test_search_for_the_selective_term_finds_exactly_fifty_firms(generated):
    page = search_firms(generator.SELECTIVE_TERM)

    assert page.mode == "fulltext"
    assert page.count == 50


def test_search_for_the_common_term_finds_a_tenth_of_the_active_firms_or_more(generated):
    active = Firm.objects.active().count()

    page = search_firms(generator.COMMON_TERM)

    assert page.mode == "fulltext"
    assert 0.10 * active <= page.count <= 0.13 * active


def test_planted_terms_are_in_no_other_generated_text(generated):
    term = f"({generator.SELECTIVE_TERM}|{generator.COMMON_TERM})"

    planted = Firm.objects.filter(description_pl__iregex=term).count()

    assert planted == (
        search_firms(generator.SELECTIVE_TERM).count + search_firms(generator.COMMON_TERM).count
    )
    for model, fields in (
        (Firm, ["name", "offer_pl", "offer_en", "description_en", "equipment_pl"]),
        (Contact, ["name", "function", "email"]),
        (Project, ["title_pl", "description_pl"]),
        (Event, ["title_pl", "description_pl"]),
        (Registration, ["name", "email"]),
    ):
        for name in fields:
            assert not model.objects.filter(**{f"{name}__iregex": term}).exists(), (model, name)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.items():
            yield from _strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def test_word_lists_hold_no_word_beginning_with_a_planted_term():
    texts = [
        text
        for name, value in inspect.getmembers(words)
        if name.isupper()
        for text in _strings(value)
    ]
    found = {word.lower() for text in texts for word in re.findall(r"\w+", text)}

    assert len(found) > 300
    assert not [
        word for word in found if word.startswith((generator.SELECTIVE_TERM, generator.COMMON_TERM))
    ]


def test_generated_rows_pass_the_models_validation(generated):
    samples = [
        *Firm.objects.order_by("?")[:40],
        *Contact.objects.order_by("?")[:40],
        *User.objects.order_by("?")[:40],
        *FirmRole.objects.order_by("?")[:20],
        *Project.objects.order_by("?")[:20],
        *Participation.objects.order_by("?")[:20],
        *Event.objects.all(),
        *Registration.objects.order_by("?")[:40],
        *Consent.objects.order_by("?")[:20],
    ]

    for obj in samples:
        obj.full_clean(exclude=["search_vector"])


def test_generated_database_keeps_every_index_and_constraint_valid(generated):
    connection.check_constraints()

    assert generated["after"] == generated["before"]
    assert all(valid for _table, _name, valid in generated["after"])


def test_generated_subscribers_may_receive_a_campaign_to_subscribers(generated):
    result = audience([{"code": "newsletters.subscribers", "params": {}}])

    assert len(result.recipients) >= SCALE


def test_generate_refuses_a_database_with_firms(generated):
    with pytest.raises(ValueError, match="has firms already"):
        generator.generate(10)
