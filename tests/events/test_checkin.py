"""The coordinator's registrations list, check-in and exports."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def event(db):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event, name="Anna Nowak", email="anna@example.pl")
    RegistrationFactory(event=event, name="Bogdan Kowal", email="bogdan@example.pl")
    RegistrationFactory(
        event=event,
        name="Cezary Czekający",
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
    )
    return event


def test_registration_list_shows_states_and_waitlist(client_as, event):
    response = client_as("coordinator").get(_url("events:registrations", slug=event.slug))

    content = response.content.decode()
    assert "Anna Nowak" in content
    assert "Waitlist, place 1" in content


def test_check_in_searches_by_name(client_as, event):
    response = client_as("coordinator").get(_url("events:check-in", slug=event.slug), {"q": "anna"})

    content = response.content.decode()
    assert "Anna Nowak" in content
    assert "Bogdan Kowal" not in content
    # The waitlisted cannot be checked in.
    assert "Cezary" not in content


def test_check_in_live_filter_answers_htmx_with_the_results_only(client_as, event):
    response = client_as("coordinator").get(
        _url("events:check-in", slug=event.slug), {"q": "bog"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert "Bogdan Kowal" in content
    assert "<html" not in content


def test_mark_attended_and_undo(client_as, event):
    registration = event.registrations.get(name="Anna Nowak")
    url = _url("events:mark-attended", slug=event.slug, pk=registration.pk)
    client = client_as("coordinator")

    response = client.post(url + "?q=anna", {"attended": "1"})
    registration.refresh_from_db()
    assert registration.state == Registration.State.ATTENDED
    assert response["Location"] == (
        _url("events:check-in", slug=event.slug) + f"?q=anna#registration-{registration.pk}"
    )
    client.post(url, {"attended": "0"})

    registration.refresh_from_db()
    assert registration.state == Registration.State.CONFIRMED


def test_mark_attended_garbage_is_refused(client_as, event):
    registration = event.registrations.get(name="Anna Nowak")

    response = client_as("coordinator").post(
        _url("events:mark-attended", slug=event.slug, pk=registration.pk), {"attended": "maybe"}
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == Registration.State.CONFIRMED


def test_registration_of_another_event_is_not_found(client_as, event):
    other = RegistrationFactory()

    response = client_as("coordinator").post(
        _url("events:mark-attended", slug=event.slug, pk=other.pk), {"attended": "1"}
    )

    assert response.status_code == 404


# --- Exports ---------------------------------------------------------------------


def test_csv_export_has_bom_semicolons_and_guards_formulas(client_as, event):
    RegistrationFactory(event=event, name='=HYPERLINK("http://zlo")', email="zlo@example.pl")

    response = client_as("coordinator").get(
        _url("events:export", slug=event.slug, file_format="csv")
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Name", "E-mail", "Organisation"]
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == sorted(
        ["Anna Nowak", "Bogdan Kowal", "Cezary Czekający", '\'=HYPERLINK("http://zlo")']
    )


def test_xlsx_export_opens_with_openpyxl(client_as, event):
    response = client_as("coordinator").get(
        _url("events:export", slug=event.slug, file_format="xlsx")
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert sorted(row[0] for row in rows[1:]) == ["Anna Nowak", "Bogdan Kowal", "Cezary Czekający"]


@pytest.mark.parametrize("file_format", ["pdf", "xls", "csv.exe"])
def test_other_export_formats_are_not_found(client_as, event, file_format):
    response = client_as("coordinator").get(
        _url("events:export", slug=event.slug, file_format=file_format)
    )

    assert response.status_code == 404


# --- Query counts ----------------------------------------------------------------


def _event_with(count):
    event = EventFactory(capacity=None)
    for n in range(count):
        RegistrationFactory(event=event, name=f"Osoba {n:03d}")
    return event


@pytest.mark.parametrize("count", [1, 60])
def test_check_in_query_count(client_as, django_assert_num_queries, count):
    event = _event_with(count)
    client = client_as("coordinator")
    url = _url("events:check-in", slug=event.slug)
    client.get(url)

    with django_assert_num_queries(6):
        # 1. the session, 2. its user, 3. whether the coordinator
        # 4. two-factor, 5. the event with its counts
        # 6. the people with a seat, with their firms
        response = client.get(url)

    assert response.content.decode().count('class="check-in-row') == count


@pytest.mark.parametrize("count", [1, 60])
def test_registration_list_query_count(client_as, django_assert_num_queries, count):
    event = _event_with(count)
    client = client_as("coordinator")
    url = _url("events:registrations", slug=event.slug)
    client.get(url)

    with django_assert_num_queries(6):
        # 1. the session, 2. its user, 3. whether the coordinator
        # 4. two-factor, 5. the event with its counts
        # 6. the registrations with their firms and users
        response = client.get(url)

    assert response.content.decode().count("<td>Osoba ") == count


@pytest.mark.parametrize("count", [1, 60])
def test_export_query_count(client_as, django_assert_num_queries, count):
    event = _event_with(count)
    client = client_as("coordinator")
    url = _url("events:export", slug=event.slug, file_format="csv")

    with django_assert_num_queries(6):
        # 1. the session, 2. its user, 3. whether the coordinator
        # 4. two-factor, 5. the event, 6. the registrations with their firms
        response = client.get(url)

    assert response.content.decode("utf-8-sig").count("Osoba ") == count
