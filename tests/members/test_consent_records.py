"""The coordinator's consent records of an address, and the information
clause recorded with a guest's event registration."""

import csv
import hashlib
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from events.content import GUEST_CLAUSE, GUEST_CLAUSE_VERSION
from events.models import Registration
from members.content import INFORMATION_CLAUSE_VERSION
from tests.events.factories import EventFactory
from tests.members.personal_rows import rows_everywhere

PERSON = "zofia.prywatna@firma-a.pl"
OTHER = "inny.czlowiek@firma-b.pl"
URL = "members:consent-records"


def _sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def two_people(firm_a, firm_b):
    rows_everywhere(PERSON, firm=firm_a)
    rows_everywhere(OTHER, firm=firm_b, count=2)


@pytest.mark.django_db
def test_coordinator_sees_consents_opt_outs_and_clauses_of_one_address(
    client_as, coordinator, two_people
):
    response = client_as("coordinator").get(reverse(URL), {"email": " Zofia.Prywatna@Firma-A.pl "})

    records = response.context["records"]
    assert response.status_code == 200
    assert [(r.kind, r.version) for r in records] == [
        ("clause", INFORMATION_CLAUSE_VERSION),
        ("clause", GUEST_CLAUSE_VERSION),
        ("consent", "1"),
        ("opt-out", ""),
    ]
    consent = records[2]
    assert (consent.sha256, consent.text) == (_sha("Zgoda na newsletter"), "Zgoda na newsletter")
    assert consent.withdrawn_at is not None  # by the opt-out
    # The guest saw the clause in English (the page's language).
    assert (records[1].sha256, records[1].text) == (_sha(GUEST_CLAUSE["en"]), GUEST_CLAUSE["en"])
    html = response.content.decode()
    assert _sha(GUEST_CLAUSE["en"]) in html
    assert OTHER not in html
    assert "?email=zofia.prywatna%40firma-a.pl&amp;format=csv" in html


@pytest.mark.django_db
def test_consent_records_download_as_csv_and_json(client_as, coordinator, two_people):
    client = client_as("coordinator")

    as_csv = client.get(reverse(URL), {"email": PERSON, "format": "csv"})
    as_json = client.get(reverse(URL), {"email": PERSON, "format": "json"})

    assert as_csv["Content-Disposition"].startswith('attachment; filename="consents-')
    text = as_csv.content.decode("utf-8")
    assert text.startswith("\ufeffkind;subject;version;sha256;at;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["clause", "clause", "consent", "opt-out"]
    document = json.loads(as_json.content)
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert document["email"] == PERSON
    assert [record["kind"] for record in document["records"]] == [row[0] for row in rows[1:]]
    assert OTHER not in text + as_json.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "a" * 300 + "@example.pl"}, "email"),
        ({"email": PERSON, "format": "xlsx"}, "format"),
    ],
)
def test_a_bad_lookup_is_a_form_error(client_as, coordinator, query, field):
    response = client_as("coordinator").get(reverse(URL), query)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert response.context["records"] is None


@pytest.mark.django_db
def test_no_records_says_so(client_as, coordinator):
    response = client_as("coordinator").get(reverse(URL), {"email": "nikt@example.pl"})

    assert response.context["records"] == []
    assert (
        "Portal nie ma żadnych wpisów o zgodach ani klauzulach informacyjnych dla tego adresu."
        in response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_consent_records_query_count_stays_constant(
    client_as, coordinator, firm_a, django_assert_num_queries, count
):
    rows_everywhere(PERSON, firm=firm_a, count=count)
    client = client_as("coordinator")

    # 1 session, 2 user, 3 coordinator group check, 4 TOTP authenticator,
    # 5 registrations' clauses with their events, 6 applications' clauses,
    # 7 consents with their texts, 8 opt-outs, 9 site texts for the footer.
    with django_assert_num_queries(9):
        response = client.get(reverse(URL), {"email": PERSON})

    assert len(response.context["records"]) == 2 * count + 2


@pytest.mark.django_db
def test_guest_registration_records_the_clause_shown_in_the_pages_language(client):
    event = EventFactory()
    with translation.override("en"):
        url = reverse("events:register-guest", kwargs={"slug": event.slug})

    page = client.get(url)
    client.post(
        url,
        {"name": "Anna Gość", "email": "anna@example.pl", "organisation": "", "language": "pl"},
    )

    registration = Registration.objects.get()
    assert GUEST_CLAUSE["en"] in page.content.decode()
    assert (registration.clause_version, registration.clause_sha256) == (
        GUEST_CLAUSE_VERSION,
        _sha(GUEST_CLAUSE["en"]),
    )
    assert registration.language == "pl"
