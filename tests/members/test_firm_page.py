"""The public firm page: what each member of the cast sees, edit links,
escaping, languages and its query budget."""

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from members.models import Competence, Firm
from members.services import reindex_firms
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

URL_A = "/pl/firms/firma-a/"

MEMBERS_ONLY_TEXTS = {
    "website": "https://tajna-strona.example.pl",
    "email": "biuro@tajna-firma.pl",
    "phone": "+48 77 111 22 33",
    "street": "ul. Ukryta 7",
    "description_pl": "Opis tylko dla członków.",
    "offer_pl": "Oferta tylko dla członków.",
    "certifications": "ISO 9001 tylko dla członków",
    "equipment_pl": "Reaktor tylko dla członków.",
}


@pytest.fixture
def private_firm_a(firm_a):
    """Firm A with every optional field filled and every one members-only."""
    for field, value in MEMBERS_ONLY_TEXTS.items():
        setattr(firm_a, field, value)
    firm_a.public_fields = []
    firm_a.member_contact_fields = ["name", "function"]
    firm_a.save()
    ContactFactory(
        firm=firm_a,
        name="Jan Kontaktowy",
        function="Dyrektor",
        email="jan@firma-a.pl",
        phone="+48 600 100 200",
    )
    return firm_a


@pytest.fixture
def private_firm_b(firm_b):
    firm_b.description_pl = "Sekret firmy B."
    firm_b.public_fields = []
    firm_b.member_contact_fields = ["name", "email"]
    firm_b.save()
    ContactFactory(firm=firm_b, name="Beata Tajna", email="beata@firma-b.pl")
    return firm_b


def _body(client_as, member, url=URL_A):
    response = client_as(member).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _shown(html):
    return {text for text in MEMBERS_ONLY_TEXTS.values() if text in html}


@pytest.mark.parametrize("member", ["visitor", "outsider"])
def test_members_only_fields_and_contacts_are_hidden_from_non_members(
    client_as, private_firm_a, member
):
    html = _body(client_as, member)

    assert "<h1>Azoty Kędzierzyn Sp. z o.o.</h1>" in html
    assert "Kędzierzyn-Koźle" in html
    assert _shown(html) == set()
    assert "Jan Kontaktowy" not in html
    assert 'id="contacts-title"' not in html


@pytest.mark.parametrize("member", ["firm_b_editor", "firm_b_admin"])
def test_other_members_see_members_only_fields_and_chosen_contact_fields(
    client_as, private_firm_a, private_firm_b, member
):
    html = _body(client_as, member)

    assert _shown(html) == set(MEMBERS_ONLY_TEXTS.values())
    assert "<strong>Jan Kontaktowy</strong>" in html
    assert "Dyrektor" in html
    assert "jan@firma-a.pl" not in html
    assert "+48 600 100 200" not in html
    # Nothing of firm B leaks into firm A's page.
    assert "Sekret firmy B." not in html
    assert "Beata Tajna" not in html
    assert "beata@firma-b.pl" not in html


@pytest.mark.parametrize("member", ["firm_a_editor", "firm_a_admin", "coordinator"])
def test_firm_users_and_coordinator_see_every_contact_field(client_as, private_firm_a, member):
    html = _body(client_as, member)

    assert _shown(html) == set(MEMBERS_ONLY_TEXTS.values())
    assert '<a href="mailto:jan@firma-a.pl">jan@firma-a.pl</a>' in html
    assert "+48 600 100 200" in html


def test_public_fields_are_shown_to_visitors(client, firm_a):
    firm_a.website = "https://azoty.example.pl"
    firm_a.email = "biuro@azoty.example.pl"
    firm_a.offer_pl = "Nawozy azotowe."
    firm_a.public_fields = ["website", "email", "offer", "address"]
    firm_a.save()

    html = client.get(URL_A).content.decode()

    assert (
        '<a href="https://azoty.example.pl" rel="nofollow noopener">https://azoty.example.pl</a>'
        in html
    )
    assert '<a href="mailto:biuro@azoty.example.pl">biuro@azoty.example.pl</a>' in html
    assert '<div lang="pl"><p>Nawozy azotowe.</p></div>' in html
    assert "ul. Mostowa 30<br>47-220 Kędzierzyn-Koźle" in html
    # The description stays members-only.
    assert "Produkcja chemikaliów specjalistycznych." not in html


EDIT_LINKS = {
    "edit": '/pl/firms/firma-a/edit/"',
    "contacts": '/pl/firms/firma-a/contacts/"',
    "users": '/pl/firms/firma-a/users/"',
}


@pytest.mark.parametrize(
    ("member", "links"),
    [
        ("visitor", set()),
        ("outsider", set()),
        ("firm_b_admin", set()),
        ("firm_b_editor", set()),
        ("firm_a_editor", {"edit", "contacts"}),
        ("firm_a_admin", {"edit", "contacts", "users"}),
        ("coordinator", {"edit", "contacts", "users"}),
    ],
)
def test_edit_links_only_for_those_who_may_edit(client_as, firm_a, firm_b, member, links):
    html = _body(client_as, member)

    assert {name for name, href in EDIT_LINKS.items() if href in html} == links
    assert "/pl/firms/firma-b/" not in html


@pytest.mark.parametrize("status", [Firm.Status.SUSPENDED, Firm.Status.FORMER])
@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("firm_a_admin", 404),
        ("firm_b_editor", 404),
        ("coordinator", 200),
    ],
)
def test_suspended_and_former_firms_are_seen_by_the_coordinator_only(
    client_as, firm_a, status, member, expected
):
    firm_a.status = status
    firm_a.save(update_fields=["status"])

    response = client_as(member).get(URL_A)

    assert response.status_code == expected


def test_coordinator_is_told_the_firm_is_not_active(client_as, firm_a):
    firm_a.status = Firm.Status.FORMER
    firm_a.save(update_fields=["status"])

    html = _body(client_as, "coordinator", "/en/firms/firma-a/")

    assert "Membership: Former member. Only the coordinator sees this page." in html
    # A former member is no longer the firm's to edit.
    assert EDIT_LINKS["edit"].replace("/pl/", "/en/") in html


def test_unknown_firm_is_404(client):
    assert client.get("/pl/firms/nie-ma-takiej/").status_code == 404


def test_competences_are_grouped_in_the_taxonomy_order(client, firm_a):
    firm_a.competences.set(
        Competence.objects.filter(code__in=["solvents", "catalysts", "hydrogenation"])
    )

    html = client.get("/en/firms/firma-a/").content.decode()
    section = html[html.index('id="competences-title"') :]

    assert re.findall(r"<h3 lang=\"en\">([^<]+)</h3>", section)[:2] == [
        "Product areas",
        "Processes",
    ]
    assert re.findall(r'<li lang="en">([^<]+)</li>', section)[:3] == [
        "Catalysts",
        "Solvents",
        "Hydrogenation",
    ]


def test_english_page_falls_back_to_polish_marked_as_polish(client, firm_a):
    firm_a.description_pl = "Opis po polsku."
    firm_a.description_en = ""
    firm_a.offer_pl = "Oferta po polsku."
    firm_a.offer_en = "Offer in English."
    firm_a.public_fields = ["description", "offer"]
    firm_a.save()

    html = client.get("/en/firms/firma-a/").content.decode()

    assert '<div lang="pl"><p>Opis po polsku.</p></div>' in html
    assert '<div lang="en"><p>Offer in English.</p></div>' in html


def test_last_updated_date_is_in_the_pages_language(client, firm_a):
    with translation.override("pl"):
        polish_date = date_format(localtime(firm_a.updated_at), "DATE_FORMAT")
    with translation.override("en"):
        english_date = date_format(localtime(firm_a.updated_at), "DATE_FORMAT")

    polish = client.get(URL_A).content.decode()
    english = client.get("/en/firms/firma-a/").content.decode()

    assert f">{polish_date}</time>" in polish
    assert (
        f'Last updated: <time datetime="{localtime(firm_a.updated_at).isoformat()}">{english_date}</time>'
        in english
    )
    assert polish_date != english_date


def test_logo_has_alt_text(client, firm_a):
    firm_a.logo = "logos/azoty.png"
    firm_a.save(update_fields=["logo"])

    html = client.get("/en/firms/firma-a/").content.decode()

    assert (
        '<img class="firm-logo" src="/media/logos/azoty.png" alt="Logo of Azoty Kędzierzyn Sp. z o.o."'
        in html
    )


def test_page_without_logo_has_no_image(client, firm_a):
    assert "<img" not in client.get(URL_A).content.decode()


def test_script_and_markup_in_every_text_field_are_shown_escaped(client_as, firm_a):
    payload = '<script>alert("x")</script><b onmouseover="alert(1)">b</b>'
    long_fields = (
        "name",
        "city",
        "street",
        "description_pl",
        "offer_pl",
        "certifications",
        "equipment_pl",
    )
    for field in long_fields:
        setattr(firm_a, field, f"{field} {payload}")
    # Short fields get a short payload.
    firm_a.postcode = "<b>47</b>"
    firm_a.phone = '<i onclick="x()">7</i>'
    firm_a.website = 'javascript:alert("w")'
    firm_a.public_fields = list(Firm.VISIBILITY_FIELDS)
    firm_a.member_contact_fields = list(Firm.CONTACT_FIELDS)
    firm_a.save()
    ContactFactory(firm=firm_a, name=f"contact {payload}", function=f"function {payload}")
    reindex_firms([firm_a.pk])

    visitor = client_as("visitor").get(URL_A).content.decode()
    member = client_as("firm_b_editor").get(URL_A).content.decode()
    listing = client_as("visitor").get("/pl/firms/").content.decode()

    for html in (visitor, member, listing):
        assert "<script>alert" not in html
        assert "<b onmouseover" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b onmouseover=&quot;alert(1)&quot;&gt;b&lt;/b&gt;"
    for field in long_fields:
        assert f"{field} {escaped}" in member
    assert "&lt;b&gt;47&lt;/b&gt;" in member
    assert "&lt;i onclick=&quot;x()&quot;&gt;7&lt;/i&gt;" in member
    assert "<b>47" not in member
    assert "<i onclick" not in member
    assert f"contact {escaped}" in member
    assert f"function {escaped}" in member
    # A website that is not http(s) is shown as text, never as a link.
    assert 'href="javascript:' not in visitor
    assert "javascript:alert(&quot;w&quot;)" in visitor


@pytest.mark.parametrize("competences", [1, 20])
def test_firm_page_query_count_for_a_visitor(django_assert_num_queries, firm_a, competences):
    firm_a.competences.set(Competence.objects.all()[:competences])
    ContactFactory.create_batch(3, firm=firm_a)
    client = Client()
    client.get(URL_A)  # fills the footer's fragment

    with django_assert_num_queries(3):
        # 1. the firm, 2. its roles (who may edit), 3. its competences with
        # their groups
        response = client.get(URL_A)

    assert response.content.decode().count('<li lang="pl">') == competences


@pytest.mark.parametrize("competences", [1, 20])
def test_firm_page_query_count_for_another_member(
    client_as, django_assert_num_queries, private_firm_a, competences
):
    private_firm_a.competences.set(Competence.objects.all()[:competences])
    ContactFactory.create_batch(3, firm=private_firm_a)
    client = client_as("firm_b_editor")
    client.get(URL_A)

    with django_assert_num_queries(8):
        # 1. the session, 2. its user
        # 3. whether the user is the coordinator (which firms they may see)
        # 4. the firm, 5. its roles
        # 6. whether the user is a member (members-only fields and contacts)
        # 7. the firm's contacts
        # 8. its competences with their groups
        response = client.get(URL_A)

    assert response.content.decode().count('<li lang="pl">') == competences
    assert response.content.decode().count("<strong>") == 4
