import datetime
import math
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.eu import vat
from stdnum.pl import nip, regon

from members import demo_data
from members.demo import create_demo_firms
from members.models import Contact, Firm, FirmRole, User
from members.selectors import search_firms

PLACEHOLDERS = re.compile(
    r"\b(lorem|ipsum|dolor sit|placeholder|todo|fixme|foo|asdf|test123)\b|example\.(com|org|net)",
    re.I,
)


@pytest.mark.django_db
def test_seed_demo_prints_the_logins_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert (
        "koordynator@chemster.pl  (created; TOTP secret CHEMSTERDEMOKEDZIERZYNKOZLE23456)" in first
    )
    assert "koordynator@chemster.pl  (already present; TOTP secret" in second
    assert "chemster-demo-2026" in first
    assert User.objects.filter(email="koordynator@chemster.pl").count() == 1
    coordinator = User.objects.get(email="koordynator@chemster.pl")
    assert coordinator.check_password("chemster-demo-2026")
    assert coordinator.authenticator_set.filter(type="totp").count() == 1
    assert coordinator.authenticator_set.filter(type="recovery_codes").count() == 1


@pytest.mark.django_db
def test_demo_data_has_no_placeholder_text():
    call_command("seed_demo")
    found = []

    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and f.name not in {"password", "session_data", "session_key", "cache_key", "value"}
        ]
        if not text_fields:
            continue
        for row in model.objects.values_list(*text_fields):
            found += [value for value in row if value and PLACEHOLDERS.search(value)]

    assert found == []


# --- The demo firms ---------------------------------------------------------

KEDZIERZYN_KOZLE = (50.3495, 18.2260)
POSTCODE = re.compile(r"^\d{2}-\d{3}$")


def _km(a, b) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def _counts() -> dict:
    return {
        "firms": Firm.objects.count(),
        "competences": Firm.competences.through.objects.count(),
        "contacts": Contact.objects.count(),
        "users": User.objects.count(),
        "roles": FirmRole.objects.count(),
        "addresses": EmailAddress.objects.count(),
    }


@pytest.fixture
def demo(db, capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def _printed_logins(out: str) -> list[tuple[str, str, str]]:
    return re.findall(r"^  (firm admin|firm editor) +(\S+)  \((.+)\)$", out, re.M)


def test_demo_firms_cover_every_kind_size_class_and_status(demo):
    firms = list(Firm.objects.all())

    assert 28 <= len(firms) <= 40
    assert {f.kind for f in firms} == set(Firm.Kind.values)
    assert {f.size_class for f in firms if f.kind == Firm.Kind.ENTERPRISE} == set(
        Firm.SizeClass.values
    )
    assert {f.size_class for f in firms if f.kind != Firm.Kind.ENTERPRISE} == {""}
    former = [f for f in firms if f.status == Firm.Status.FORMER]
    assert len(former) == 2
    assert all(f.left_on and f.left_reason and f.left_on > f.joined_on for f in former)
    assert len([f for f in firms if f.status == Firm.Status.SUSPENDED]) == 1
    assert min(f.joined_on for f in firms) == datetime.date(2013, 8, 27)
    assert max(f.joined_on for f in firms).year == 2026
    assert sorted(f.country for f in firms if f.country != "PL") == ["CZ", "DE", "SK"]


def test_demo_tax_numbers_are_valid_and_unique(demo):
    firms = list(Firm.objects.all())
    polish = [f for f in firms if f.country == "PL"]
    foreign = [f for f in firms if f.country != "PL"]

    assert [f.name for f in polish if not nip.is_valid(f.nip) or f.vat_number] == []
    assert len({f.nip for f in polish}) == len(polish)
    assert [f.name for f in foreign if not vat.is_valid(f.vat_number) or f.nip] == []
    assert all(f.vat_number.startswith(f.country) for f in foreign)
    assert [f.name for f in firms if f.regon and not regon.is_valid(f.regon)] == []
    assert [f.name for f in firms if f.krs and not re.fullmatch(r"\d{10}", f.krs)] == []
    assert len([f for f in firms if f.regon]) >= 20
    assert len([f for f in firms if f.krs]) >= 15


def test_demo_addresses_are_real_towns_with_their_postcodes(demo):
    firms = list(Firm.objects.all())

    for firm in firms:
        town = demo_data.TOWNS[firm.city]
        assert (firm.country, firm.postcode in town.postcodes) == (town.country, True), firm
        if firm.country == "PL":
            assert POSTCODE.match(firm.postcode), firm
            assert firm.phone.startswith(f"+48 {town.area_code} "), firm
    located = [f for f in firms if f.latitude is not None]
    assert all(f.country == "PL" for f in located)
    assert 3 <= len([f for f in firms if f.country == "PL" and f.latitude is None]) <= 5
    # Real-ish: every firm lies within 10 km of its town's centre.
    far_from_town = []
    for firm in located:
        town = demo_data.TOWNS[firm.city]
        if _km((firm.latitude, firm.longitude), (town.latitude, town.longitude)) > 10:
            far_from_town.append(firm.name)
    assert far_from_town == []


def test_most_demo_firms_lie_within_70_km_of_kedzierzyn_kozle(demo):
    firms = list(Firm.objects.all())
    near = [
        f
        for f in firms
        if f.latitude is not None and _km((f.latitude, f.longitude), KEDZIERZYN_KOZLE) <= 70
    ]

    # The cluster reports 65 % of its members within 70 km.
    assert len(near) / len(firms) >= 0.65
    assert len([f for f in near if f.city == "Kędzierzyn-Koźle"]) >= 10


def test_demo_firms_pass_the_model_validation(demo):
    """The rules forms, the admin and imports apply (checksums, postcode
    shape, coordinates in Poland, size class only for enterprises)."""
    for firm in Firm.objects.all():
        firm.full_clean(exclude=["search_vector"])
    for contact in Contact.objects.all():
        contact.full_clean()


def test_demo_firms_have_distinct_bilingual_texts_competences_and_contacts(demo):
    firms = list(Firm.objects.prefetch_related("competences", "contacts"))

    for field in ("description_pl", "description_en", "offer_pl", "offer_en"):
        texts = [getattr(f, field) for f in firms]
        assert all(texts), field
        assert len(set(texts)) == len(firms), field
    for firm in firms:
        assert 2 <= len(firm.competences.all()) <= 8, firm
        assert 1 <= len(firm.contacts.all()) <= 3, firm
        domain = firm.email.split("@")[1]
        assert firm.website == f"https://www.{domain}/"
        assert all(c.email.endswith(f"@{domain}") for c in firm.contacts.all()), firm
        assert set(firm.public_fields) <= set(Firm.VISIBILITY_FIELDS)
        assert set(firm.member_contact_fields) <= set(Firm.CONTACT_FIELDS)
    assert len({tuple(f.public_fields) for f in firms}) >= 3
    assert len({tuple(f.member_contact_fields) for f in firms}) >= 3
    labs = [f for f in firms if "analytical-lab" in {c.code for c in f.competences.all()}]
    # Laboratories name their accreditation (or, for a drug maker, GMP).
    assert len(labs) >= 4
    assert [f.name for f in labs if not re.search(r"17025|GMP", f.certifications)] == []
    assert all(f.equipment_pl and f.equipment_en for f in firms if f.kind == Firm.Kind.RESEARCH)


def test_every_demo_firm_is_findable(demo):
    assert Firm.objects.filter(search_vector__isnull=True).count() == 0
    page = search_firms("zaklady surfaktantow")
    assert [f.slug for f in page.firms] == ["nadodrzanskie-zaklady-surfaktantow"]
    # Competence names are in the vector too.
    page = search_firms("plastyfikatory", page_size=50)
    assert "zaklady-syntez-oksowych-klodnica" in {f.slug for f in page.firms}


def test_seed_demo_prints_the_firm_logins_first_two_firms_first(demo):
    lines = demo.splitlines()

    assert lines[:6] == [
        "Demo logins (password: chemster-demo-2026):",
        "  coordinator  koordynator@chemster.pl  (created; TOTP secret "
        "CHEMSTERDEMOKEDZIERZYNKOZLE23456)",
        "  firm admin   t.grabowski@nzs-surfaktanty.pl  "
        "(Nadodrzańskie Zakłady Surfaktantów Sp. z o.o.)",
        "  firm editor  m.sikora@nzs-surfaktanty.pl  "
        "(Nadodrzańskie Zakłady Surfaktantów Sp. z o.o.)",
        "  firm admin   j.krawczyk@kwadrant-lab.pl  "
        "(Laboratorium Badań Chemicznych Kwadrant Sp. z o.o.)",
        "  firm editor  m.zielinski@kwadrant-lab.pl  "
        "(Laboratorium Badań Chemicznych Kwadrant Sp. z o.o.)",
    ]
    printed = {(email, name, role) for role, email, name in _printed_logins(demo)}
    roles = {
        (r.user.email, r.firm.name, "firm " + r.role)
        for r in FirmRole.objects.select_related("user", "firm")
    }
    assert printed == roles
    assert len(roles) >= 10


def test_seed_demo_twice_creates_nothing_new(demo, capsys):
    before = _counts()
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert _counts() == before
    assert _printed_logins(second) == _printed_logins(demo)


def test_demo_firm_users_log_in_with_the_printed_password(demo, client):
    password = re.search(r"password: (\S+)\)", demo).group(1)
    emails = sorted({email for _role, email, _firm in _printed_logins(demo)})

    for email in emails:
        response = client.post(reverse("account_login"), {"login": email, "password": password})
        assert response.status_code == 302, email
        assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
        client.logout()


@pytest.mark.django_db
def test_seed_demo_needs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # Measured: members 52, projects 93, offers and requests 44, events 24,
    # newsletters 51, strategy 18 (rows in bulk where there are many).
    with django_assert_max_num_queries(300):
        call_command("seed_demo")
    # The second run: the coordinator's checks and each app's look-up of
    # what it made (36 measured).
    with django_assert_max_num_queries(40):
        call_command("seed_demo")


@pytest.mark.django_db
def test_demo_firm_queries_do_not_grow_with_the_number_of_firms():
    with CaptureQueriesContext(connection) as few:
        create_demo_firms(rows=demo_data.FIRMS[:2], password="haslo-demo-1")
    with CaptureQueriesContext(connection) as many:
        create_demo_firms(rows=demo_data.FIRMS[2:], password="haslo-demo-1")

    assert Firm.objects.count() == len(demo_data.FIRMS)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_demo_has_applications_in_each_state_and_none_of_a_current_member():
    from members.models import Firm, MembershipApplication

    call_command("seed_demo")

    states = sorted(MembershipApplication.objects.values_list("state", flat=True))
    nips = set(MembershipApplication.objects.values_list("nip", flat=True))
    accepted = MembershipApplication.objects.get(state="accepted")
    assert states == ["accepted", "rejected", "submitted", "submitted"]
    assert accepted.firm.nip == accepted.nip
    assert not Firm.objects.active().filter(nip__in=nips - {accepted.nip}).exists()
    assert MembershipApplication.objects.get(state="rejected").decision_reason
