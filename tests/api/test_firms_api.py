"""The members API: /api/v1/competences/, /api/v1/firms/ and a firm's contacts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from chemster.models import AuditEntry
from members.models import Competence, CompetenceGroup, Firm
from members.services import reindex_firms
from tests.conftest import CAST
from tests.factories import ContactFactory, FirmFactory, valid_nip

MEMBERS_ONLY = {
    "website": "https://azoty-kk.pl",
    "email": "biuro@azoty-kk.pl",
    "phone": "+48 77 481 20 00",
    "certifications": "ISO 9001",
    "equipment_pl": "Reaktory ciśnieniowe",
    "equipment_en": "Pressure reactors",
}


@pytest.fixture
def firm_a_profile(firm_a):
    """Firm A with members-only contact details and texts (its description
    and offer are public, as the factory makes them)."""
    Firm.objects.filter(pk=firm_a.pk).update(
        **MEMBERS_ONLY, latitude=Decimal("50.34921"), longitude=Decimal("18.22380")
    )
    firm_a.refresh_from_db()
    return firm_a


def _firm_row(client, slug):
    rows = client.get(reverse("api:firms"), {"page_size": 100}).json()["results"]
    return next(row for row in rows if row["slug"] == slug)


def _snapshot(firm):
    """Everything stored about the firm: its row, competences and audit entries."""
    return (
        Firm.objects.filter(pk=firm.pk).values().get(),
        sorted(firm.competences.values_list("pk", flat=True)),
        AuditEntry.objects.count(),
    )


# --- /api/v1/competences/ ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_competences_are_public_in_both_languages(api_client_as, member):
    response = api_client_as(member).get(reverse("api:competences"))

    assert response.status_code == 200
    body = response.json()
    assert [group["code"] for group in body] == list(
        CompetenceGroup.objects.values_list("code", flat=True)
    )
    coatings = Competence.objects.get(code="coatings")
    group = next(group for group in body if group["code"] == coatings.group.code)
    assert {
        "id": coatings.pk,
        "code": "coatings",
        "name_pl": coatings.name_pl,
        "name_en": coatings.name_en,
    } in group["competences"]
    assert sum(len(group["competences"]) for group in body) == Competence.objects.count()


@pytest.mark.django_db
def test_competences_query_count(api_client_as, django_assert_num_queries):
    client = api_client_as("visitor")

    # 1 the groups, 2 their competences.
    with django_assert_num_queries(2):
        response = client.get(reverse("api:competences"))

    assert response.status_code == 200


# --- /api/v1/firms/ ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_firm_list_is_public_and_lists_active_members_only(api_client_as, firm_a, firm_b, member):
    FirmFactory(name="Cicha Chemia", slug="zawieszona", status=Firm.Status.SUSPENDED)
    FirmFactory(
        name="Dawna Chemia",
        slug="dawna",
        status=Firm.Status.FORMER,
        left_on=timezone.localdate(),
    )

    response = api_client_as(member).get(reverse("api:firms"))

    assert response.status_code == 200
    body = response.json()
    assert [row["slug"] for row in body["results"]] == ["firma-a", "firma-b"]
    assert (body["count"], body["count_capped"], body["next"]) == (2, False, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "sees_members_only"),
    [
        ("visitor", False),
        ("outsider", False),
        ("firm_a_admin", True),
        ("firm_b_editor", True),
        ("coordinator", True),
    ],
)
def test_firm_list_shows_members_only_fields_to_members_only(
    api_client_as, firm_a_profile, member, sees_members_only
):
    row = _firm_row(api_client_as(member), "firma-a")

    # Always public, and public by the firm's choice.
    assert row["name"] == "Azoty Kędzierzyn Sp. z o.o."
    assert (row["kind"], row["size_class"], row["city"], row["country"]) == (
        "enterprise",
        "small",
        "Kędzierzyn-Koźle",
        "PL",
    )
    assert row["description_pl"] == "Produkcja chemikaliów specjalistycznych."
    assert row["offer_pl"] == ""
    members_only = {name: row[name] for name in MEMBERS_ONLY}
    address = [row["street"], row["postcode"], row["latitude"], row["longitude"]]
    if sees_members_only:
        assert members_only == MEMBERS_ONLY
        assert address == ["ul. Mostowa 30", "47-220", 50.34921, 18.2238]
    else:
        assert members_only == dict.fromkeys(MEMBERS_ONLY)
        assert address == [None, None, None, None]


@pytest.mark.django_db
def test_firm_list_shows_what_the_firm_made_public_to_visitors(api_client_as, firm_a_profile):
    Firm.objects.filter(pk=firm_a_profile.pk).update(public_fields=["website", "address"])

    row = _firm_row(api_client_as("visitor"), "firma-a")

    assert (row["website"], row["street"], row["latitude"]) == (
        "https://azoty-kk.pl",
        "ul. Mostowa 30",
        50.34921,
    )
    assert (row["email"], row["description_pl"], row["description_en"]) == (None, None, None)


@pytest.mark.django_db
def test_firm_list_filters_by_kind_size_city_and_competences(api_client_as, firm_a, firm_b):
    coatings = Competence.objects.get(code="coatings")
    others = list(Competence.objects.exclude(pk=coatings.pk)[:2])
    firm_a.competences.set([coatings])
    firm_b.competences.set(others)
    school = FirmFactory(
        name="Zespół Szkół Chemicznych", slug="szkola", kind=Firm.Kind.SCHOOL, size_class=""
    )
    client = api_client_as("visitor")

    def slugs(**query):
        response = client.get(reverse("api:firms"), query)
        assert response.status_code == 200, response.json()
        return [row["slug"] for row in response.json()["results"]]

    assert slugs(kind="school") == [school.slug]
    assert slugs(size_class="small") == ["firma-a", "firma-b"]
    assert slugs(city="Opole") == ["firma-b"]
    assert slugs(competence=coatings.pk) == ["firma-a"]
    assert slugs(competence=[coatings.pk, others[0].pk]) == ["firma-a", "firma-b"]
    assert slugs(competence=f"{coatings.pk},{others[1].pk}") == ["firma-a", "firma-b"]
    assert slugs(competence=others[0].pk, city="Kędzierzyn-Koźle") == []
    assert _firm_row(client, "firma-a")["competences"] == [coatings.pk]


@pytest.mark.django_db
def test_firm_list_searches_words(api_client_as, firm_a, firm_b):
    response = api_client_as("visitor").get(reverse("api:firms"), {"q": "borowe"})

    assert [row["slug"] for row in response.json()["results"]] == ["firma-b"]


@pytest.mark.django_db
def test_firm_list_pages_follow_the_next_cursor(api_client_as, firm_a, firm_b):
    FirmFactory(name="Chemia Cieszyńska", slug="firma-c")
    client = api_client_as("visitor")

    first = client.get(reverse("api:firms"), {"page_size": 2, "kind": "enterprise"}).json()
    second = client.get(first["next"]).json()

    assert [row["slug"] for row in first["results"]] == ["firma-a", "firma-b"]
    assert "kind=enterprise" in first["next"]
    assert [row["slug"] for row in second["results"]] == ["firma-c"]
    assert (second["count"], second["next"]) == (3, None)


@pytest.mark.django_db
def test_firm_list_caps_page_size_at_100(api_client_as, firm_a, firm_b):
    response = api_client_as("visitor").get(reverse("api:firms"), {"page_size": 1000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"kind": "factory"}, {"kind": ['"factory" is not a valid choice.']}),
        ({"size_class": "huge"}, {"size_class": ['"huge" is not a valid choice.']}),
        ({"sort": "price"}, {"sort": ['"price" is not a valid choice.']}),
        ({"competence": "abc"}, {"competence": ["Give ids as whole numbers of 1 or more."]}),
        ({"competence": "0"}, {"competence": ["Give ids as whole numbers of 1 or more."]}),
        ({"competence": "999999"}, {"competence": ["No competence has the id 999999."]}),
        ({"page_size": "0"}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"page_size": "x"}, {"page_size": ["A valid integer is required."]}),
        (
            {"cursor": "garbage"},
            {"cursor": ["This cursor is not valid for this query. Start without it."]},
        ),
        ({"q": "x" * 101}, {"q": ["Ensure this field has no more than 100 characters."]}),
        ({"city": "Opole\x00"}, {"city": ["Null characters are not allowed."]}),
    ],
)
def test_firm_list_refuses_bad_parameters_with_400_by_field(api_client_as, firm_a, query, errors):
    response = api_client_as("visitor").get(reverse("api:firms"), query)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request was not accepted; see the messages by field.",
        "errors": errors,
    }


@pytest.mark.django_db
def test_firm_list_refuses_a_cursor_of_another_order(api_client_as, firm_a, firm_b):
    client = api_client_as("visitor")
    cursor = client.get(reverse("api:firms"), {"page_size": 1}).json()["next"].split("cursor=")[1]

    response = client.get(reverse("api:firms"), {"sort": "newest", "cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def _firms_with_competences(count):
    competences = list(Competence.objects.all()[:3])
    firms = [FirmFactory(nip=valid_nip(5000 + n)) for n in range(count)]
    for firm in firms:
        firm.competences.set(competences)
    reindex_firms([firm.pk for firm in firms])


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_firm_list_query_count_for_a_visitor(api_client_as, django_assert_num_queries, count):
    _firms_with_competences(count)
    client = api_client_as("visitor")

    # 1 the page of firms with their competences and the capped count.
    with django_assert_num_queries(1):
        response = client.get(reverse("api:firms"), {"page_size": 100})

    assert len(response.json()["results"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_firm_list_query_count_for_a_member(
    api_client_as, firm_b_editor, django_assert_num_queries, count
):
    _firms_with_competences(count)
    client = api_client_as("firm_b_editor")

    # 1 the token and its user, 2 UPDATE last_used_at, 3 the page of firms
    # with their competences and the capped count, 4 whether the user is a
    # member.
    with django_assert_num_queries(4):
        response = client.get(reverse("api:firms"), {"page_size": 100})

    assert len(response.json()["results"]) == count + 1
    assert all(row["website"] is not None for row in response.json()["results"])


# --- /api/v1/firms/<slug>/ -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", CAST)
def test_firm_detail_of_an_active_firm_is_public(api_client_as, firm_a_profile, firm_b, member):
    response = api_client_as(member).get(reverse("api:firm", kwargs={"slug": "firma-a"}))

    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["status"]) == ("firma-a", "active")
    insider = member not in ("visitor", "outsider")
    assert (body["phone"] is not None) is insider
    editor = member in ("firm_a_admin", "firm_a_editor", "coordinator")
    assert body["can_edit"] is editor
    assert body["nip"] == (firm_a_profile.nip if editor else None)
    assert body["public_fields"] == (["description", "offer"] if editor else None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"), [(member, 200 if member == "coordinator" else 404) for member in CAST]
)
def test_firm_detail_of_a_suspended_firm_is_the_coordinators_only(
    api_client_as, firm_a, firm_a_admin, member, status
):
    Firm.objects.filter(pk=firm_a.pk).update(status=Firm.Status.SUSPENDED)

    response = api_client_as(member).get(reverse("api:firm", kwargs={"slug": "firma-a"}))

    assert response.status_code == status
    if status == 200:
        assert response.json()["status"] == "suspended"


@pytest.mark.django_db
def test_firm_detail_of_an_unknown_slug_is_404(api_client_as):
    response = api_client_as("visitor").get(reverse("api:firm", kwargs={"slug": "nie-ma"}))

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_firm_detail_query_count(api_client_as, firm_a_profile, django_assert_num_queries):
    firm_a_profile.competences.set(Competence.objects.all()[:5])
    client = api_client_as("visitor")

    # 1 the firm, 2 its roles (can_edit), 3 its competences.
    with django_assert_num_queries(3):
        response = client.get(reverse("api:firm", kwargs={"slug": "firma-a"}))

    assert len(response.json()["competences"]) == 5


# --- PATCH /api/v1/firms/<slug>/ ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("firm_b_admin", 403),
        ("firm_b_editor", 403),
        ("coordinator", 200),
    ],
)
def test_firm_patch_is_for_the_firms_editors_and_the_coordinator(
    api_client_as, firm_a, firm_a_admin, firm_a_editor, firm_b_admin, firm_b_editor, member, status
):
    client = api_client_as(member)
    before = _snapshot(firm_a)

    response = client.patch(
        reverse("api:firm", kwargs={"slug": "firma-a"}), {"phone": "+48 77 000 00 00"}
    )

    assert response.status_code == status
    if status == 200:
        firm_a.refresh_from_db()
        assert firm_a.phone == response.json()["phone"] == "+48 77 000 00 00"
    else:
        assert _snapshot(firm_a) == before


@pytest.mark.django_db
def test_firm_patch_by_another_firms_admin_changes_nothing(api_client_as, firm_a, firm_b_admin):
    client = api_client_as("firm_b_admin")
    before = _snapshot(firm_a)

    response = client.patch(
        reverse("api:firm", kwargs={"slug": "firma-a"}),
        {"name": "Przejęta", "competences": [], "public_fields": ["email"]},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert _snapshot(firm_a) == before


@pytest.mark.django_db
def test_firm_patch_of_a_suspended_firm_by_its_editor_is_404(api_client_as, firm_a, firm_a_editor):
    client = api_client_as("firm_a_editor")
    Firm.objects.filter(pk=firm_a.pk).update(status=Firm.Status.SUSPENDED)

    response = client.patch(reverse("api:firm", kwargs={"slug": "firma-a"}), {"phone": "1"})

    assert response.status_code == 404


@pytest.mark.django_db
def test_firm_patch_changes_the_given_fields_through_the_audited_service(
    api_client_as, firm_a, firm_a_editor
):
    coatings = Competence.objects.get(code="coatings")
    client = api_client_as("firm_a_editor")

    response = client.patch(
        reverse("api:firm", kwargs={"slug": "firma-a"}),
        {
            "website": "https://azoty-kk.pl",
            "latitude": "50.349214",
            "longitude": 18.2238,
            "competences": [coatings.pk],
            "public_fields": ["website", "description"],
            "member_contact_fields": ["email", "name"],
        },
    )

    assert response.status_code == 200
    firm_a.refresh_from_db()
    assert (firm_a.website, firm_a.latitude, firm_a.longitude) == (
        "https://azoty-kk.pl",
        Decimal("50.34921"),
        Decimal("18.22380"),
    )
    assert firm_a.public_fields == ["website", "description"]
    assert firm_a.member_contact_fields == ["name", "email"]
    assert list(firm_a.competences.all()) == [coatings]
    assert firm_a.name == "Azoty Kędzierzyn Sp. z o.o."
    entry = AuditEntry.objects.get(code="members.firm.updated")
    assert (entry.actor, entry.target) == (firm_a_editor, firm_a)
    assert entry.changes["website"] == ["", "https://azoty-kk.pl"]
    assert entry.changes["competences"] == [[], [coatings.pk]]
    body = response.json()
    assert (body["website"], body["competences"], body["latitude"]) == (
        "https://azoty-kk.pl",
        [coatings.pk],
        50.34921,
    )


@pytest.mark.django_db
def test_firm_patch_moves_a_firm_abroad_with_a_vat_number(api_client_as, firm_a, coordinator):
    response = api_client_as("coordinator").patch(
        reverse("api:firm", kwargs={"slug": "firma-a"}),
        {"country": "DE", "nip": "", "vat_number": "DE 136 695 976", "postcode": "10115"},
    )

    assert response.status_code == 200, response.json()
    firm_a.refresh_from_db()
    assert (firm_a.country, firm_a.nip, firm_a.vat_number) == ("DE", "", "DE136695976")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"nip": "1234567890"},
            {"nip": ["This is not a valid NIP: it needs ten digits with a correct check digit."]},
        ),
        ({"nip": ""}, {"nip": ["Give the firm's NIP."]}),
        ({"postcode": "47220"}, {"postcode": ["A Polish postcode looks like 47-220."]}),
        (
            {"latitude": 52.52, "longitude": 13.4},
            {
                "latitude": [
                    "These coordinates are outside Poland. Check them, or leave them empty."
                ]
            },
        ),
        (
            {"latitude": 50.3},
            {"latitude": ["Give both latitude and longitude, or leave both empty."]},
        ),
        ({"latitude": 91}, {"latitude": ["Ensure this value is less than or equal to 90."]}),
        ({"kind": "school"}, {"size_class": ["Only enterprises have a size class."]}),
        ({"size_class": ""}, {"size_class": ["Choose the size class of the enterprise."]}),
        (
            {"country": "DE", "nip": "", "vat_number": "FR40303265045"},
            {"vat_number": ["The VAT number's prefix does not match the country."]},
        ),
        (
            {"country": "DE", "nip": "", "vat_number": "DE123"},
            {"vat_number": ["This is not a valid EU VAT number (for example DE136695976)."]},
        ),
        (
            {"vat_number": "DE136695976"},
            {"vat_number": ["Polish firms give their NIP instead."]},
        ),
        ({"competences": [999_999]}, {"competences": ["No competence has the id 999999."]}),
        ({"public_fields": ["nip"]}, {"public_fields": ['"nip" is not a valid choice.']}),
        ({"name": ""}, {"name": ["This field may not be blank."]}),
        ({"website": "not a url"}, {"website": ["Enter a valid URL."]}),
        (
            {"description_pl": "x" * 5001},
            {"description_pl": ["Ensure this field has no more than 5000 characters."]},
        ),
    ],
)
def test_firm_patch_refuses_bad_input_with_400_by_field(
    api_client_as, firm_a, firm_a_admin, data, errors
):
    client = api_client_as("firm_a_admin")
    before = _snapshot(firm_a)

    response = client.patch(reverse("api:firm", kwargs={"slug": "firma-a"}), data)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request was not accepted; see the messages by field.",
        "errors": errors,
    }
    assert _snapshot(firm_a) == before


@pytest.mark.django_db
def test_firm_patch_refuses_another_firms_nip(api_client_as, firm_a, firm_b, firm_a_admin):
    response = api_client_as("firm_a_admin").patch(
        reverse("api:firm", kwargs={"slug": "firma-a"}), {"nip": firm_b.nip}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"nip": ["Another member firm has this NIP."]}


# --- /api/v1/firms/<slug>/contacts/ -----------------------------------------------------


@pytest.fixture
def contacts(firm_a, firm_b):
    """Firm B shows members its contacts' names and e-mails; firm A shows
    members nothing."""
    Firm.objects.filter(pk=firm_b.pk).update(member_contact_fields=["name", "email"])
    ContactFactory(
        firm=firm_a, name="Anna Azotowa", email="anna@firma-a.pl", function="Prezes", phone="1"
    )
    return ContactFactory(
        firm=firm_b,
        name="Bogdan Borowy",
        email="bogdan@firma-b.pl",
        function="Kierownik laboratorium",
        phone="+48 77 400 00 01",
    )


ALL_FIELDS = {
    "name": "Bogdan Borowy",
    "function": "Kierownik laboratorium",
    "email": "bogdan@firma-b.pl",
    "phone": "+48 77 400 00 01",
}
MEMBER_FIELDS = {**ALL_FIELDS, "function": None, "phone": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "status", "body"),
    [
        ("visitor", 401, None),
        ("outsider", 403, None),
        ("firm_a_admin", 200, {"visible_fields": ["name", "email"], "contacts": [MEMBER_FIELDS]}),
        ("firm_a_editor", 200, {"visible_fields": ["name", "email"], "contacts": [MEMBER_FIELDS]}),
        (
            "firm_b_admin",
            200,
            {"visible_fields": list(Firm.CONTACT_FIELDS), "contacts": [ALL_FIELDS]},
        ),
        (
            "firm_b_editor",
            200,
            {"visible_fields": list(Firm.CONTACT_FIELDS), "contacts": [ALL_FIELDS]},
        ),
        (
            "coordinator",
            200,
            {"visible_fields": list(Firm.CONTACT_FIELDS), "contacts": [ALL_FIELDS]},
        ),
    ],
)
def test_contacts_show_the_fields_the_firm_chose_to_members_only(
    api_client_as,
    contacts,
    firm_a_admin,
    firm_a_editor,
    firm_b_admin,
    firm_b_editor,
    member,
    status,
    body,
):
    response = api_client_as(member).get(reverse("api:firm-contacts", kwargs={"slug": "firma-b"}))

    assert response.status_code == status
    if body is not None:
        assert response.json() == body


@pytest.mark.django_db
def test_contacts_of_a_firm_that_shows_members_none_are_empty(
    api_client_as, contacts, firm_b_admin
):
    response = api_client_as("firm_b_admin").get(
        reverse("api:firm-contacts", kwargs={"slug": "firma-a"})
    )

    assert response.status_code == 200
    assert response.json() == {"visible_fields": [], "contacts": []}


@pytest.mark.django_db
def test_contacts_of_a_suspended_firm_are_404_for_members(api_client_as, contacts, firm_a_admin):
    Firm.objects.filter(slug="firma-b").update(status=Firm.Status.SUSPENDED)

    response = api_client_as("firm_a_admin").get(
        reverse("api:firm-contacts", kwargs={"slug": "firma-b"})
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_contacts_query_count(api_client_as, contacts, firm_a_admin, django_assert_num_queries):
    for n in range(10):
        ContactFactory(firm=contacts.firm, email=f"k{n}@firma-b.pl")
    client = api_client_as("firm_a_admin")

    # 1 the token and its user, 2 UPDATE last_used_at, 3 whether the user
    # is a member (permission), 4 whether the user is a coordinator (which
    # firms they may see), 5 the firm, 6 its roles, 7 the contacts.
    with django_assert_num_queries(7):
        response = client.get(reverse("api:firm-contacts", kwargs={"slug": "firma-b"}))

    assert len(response.json()["contacts"]) == 11


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["visitor", "outsider", "firm_b_editor", "coordinator"])
def test_firm_list_items_equal_what_the_serializer_documents(viewer, request):
    from django.contrib.auth.models import AnonymousUser

    from members.api import FirmSerializer, firm_list_items
    from members.selectors import search_firms

    group = CompetenceGroup.objects.order_by("position").first()
    public = FirmFactory(
        latitude=Decimal("50.34512"),
        longitude=Decimal("18.21234"),
        public_fields=list(Firm.VISIBILITY_FIELDS),
    )
    public.competences.set(Competence.objects.filter(group=group)[:3])
    FirmFactory(public_fields=[], size_class="", kind=Firm.Kind.UNIVERSITY)
    user = AnonymousUser() if viewer == "visitor" else request.getfixturevalue(viewer)
    firms = search_firms(full_profile=True).firms

    assert (
        firm_list_items(firms, user)
        == FirmSerializer(firms, many=True, context={"user": user}).data
    )
