"""Download my data: everything the registry holds about the person, as JSON."""

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from chemster.lib.personal_data import registered
from members.privacy import PersonalDataEncoder
from tests.members.personal_rows import rows_everywhere

PERSON = "zofia.prywatna@firma-a.pl"
OTHER = "inny.czlowiek@firma-b.pl"


def _download(client):
    response = client.get(reverse("account_my_data"))
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_download_holds_every_registered_model_and_none_of_another_persons_rows(
    client, firm_a, firm_b
):
    person = rows_everywhere(PERSON, firm=firm_a)
    other = rows_everywhere(OTHER, firm=firm_b)
    others_pks = {
        label: {row["pk"] for row in rows}
        for label, rows in _download(_logged_in(client, other))[1]["data"].items()
    }
    client.logout()

    response, document = _download(_logged_in(client, person))

    labels = {model._meta.label_lower for model in registered()}
    assert set(document["data"]) == labels
    assert sorted(label for label, rows in document["data"].items() if not rows) == []
    assert {
        label: {row["pk"] for row in rows} & others_pks[label]
        for label, rows in document["data"].items()
    } == dict.fromkeys(labels, set())
    assert OTHER not in response.content.decode()
    assert document["data"]["members.user"][0]["email"] == PERSON
    assert document["data"]["mfa.authenticator"] == [
        {
            "pk": person.authenticator_set.get().pk,
            "type": "totp",
            "created_at": document["data"]["mfa.authenticator"][0]["created_at"],
            "last_used_at": None,
        }
    ]


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_download_is_an_attachment_with_metadata_in_warsaw_time(client_as, outsider):
    response = client_as("outsider").get(reverse("account_my_data"))

    document = json.loads(response.content)
    today = timezone.localdate().isoformat()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chemster-my-data-{today}.json"'
    )
    assert "no-cache" in response["Cache-Control"]
    generated = datetime.fromisoformat(document["generated_at"])
    assert generated.utcoffset() == timezone.localtime(generated).utcoffset()
    assert generated.tzinfo is not None
    assert document["email"] == "outsider@example-firm.pl"
    assert document["data"]["members.user"][0]["name"] == "Olga Obca"
    # Times inside the rows are in Warsaw time too.
    joined = datetime.fromisoformat(document["data"]["members.user"][0]["date_joined"])
    assert joined.utcoffset() == timezone.localtime(joined).utcoffset()


def test_encoder_writes_dates_decimals_uuids_bytes_and_anything_else():
    value = {
        "when": datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("UTC")),
        "day": date(2026, 7, 1),
        "amount": Decimal("12.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "raw": b"\x00\x01",
        "tags": {"b", "a"},
        "other": ZoneInfo("Europe/Warsaw"),
    }

    assert json.loads(json.dumps(value, cls=PersonalDataEncoder)) == {
        "when": "2026-07-01T12:00:00+02:00",
        "day": "2026-07-01",
        "amount": "12.50",
        "id": "12345678-1234-5678-1234-567812345678",
        "raw": "AAE=",
        "tags": ["a", "b"],
        "other": "Europe/Warsaw",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_download_query_count_stays_constant(client, firm_a, django_assert_num_queries, count):
    person = rows_everywhere(PERSON, firm=firm_a, count=count)
    client.force_login(person)

    # 1 session, 2 user, then one query per registered model (15 models):
    # 3 e-mail addresses, 4 audit entries, 5 calendar feeds,
    # 6 registrations, 7 API tokens, 8 contacts, 9 firms, 10 firm roles,
    # 11 invitations, 12 applications, 13 users, 14 authenticators,
    # 15 consents, 16 opt-outs, 17 outbox.
    with django_assert_num_queries(17):
        response = client.get(reverse("account_my_data"))

    rows = json.loads(response.content)["data"]
    assert len(rows["events.registration"]) == 2 * count
    assert len(rows["members.contact"]) == count


@pytest.mark.django_db
def test_account_page_links_to_the_download_and_the_deletion(client_as, outsider):
    html = client_as("outsider").get(reverse("account_overview")).content.decode()

    assert f'href="{reverse("account_my_data")}" download' in html
    assert f'href="{reverse("account_delete")}"' in html


@pytest.mark.django_db
def test_nobody_can_ask_for_another_persons_data(client, firm_a, firm_b):
    person = rows_everywhere(PERSON, firm=firm_a)
    rows_everywhere(OTHER, firm=firm_b)
    client.force_login(person)

    response = client.get(reverse("account_my_data"), {"email": OTHER, "user": "2", "pk": "1"})

    assert json.loads(response.content)["email"] == PERSON
    assert OTHER not in response.content.decode()
