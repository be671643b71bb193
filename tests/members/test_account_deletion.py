"""Delete my account: re-authentication, erasure through the registry, the
last admin and coordinator kept, the strategy's indicators unchanged."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chemster.lib.personal_data import export_all
from chemster.models import AuditEntry
from events.models import Event
from members.models import FirmRole, User
from members.permissions import COORDINATORS_GROUP, is_coordinator
from members.privacy import delete_account
from members.services import create_coordinator
from newsletters.models import Consent
from strategy.sources import SOURCES, live_value
from tests.conftest import PASSWORD
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.personal_rows import rows_everywhere
from tests.strategy.sources_data import TODAY, at, build_world

PERSON = "zofia.prywatna@firma-a.pl"
OTHER = "inny.czlowiek@firma-b.pl"


def _delete(client, data=None, password=PASSWORD):
    """POST the deletion; allauth asks for the password and, once it is
    given, resumes the POST."""
    asked = client.post(reverse("account_delete"), {"confirm": "on"} if data is None else data)
    return asked, client.post(asked["Location"], {"password": password})


def _only_suppression_left(email):
    return {label: rows for label, rows in export_all(email).items() if rows}


@pytest.mark.django_db
def test_delete_page_says_what_happens_to_each_kind_of_data(client_as, outsider):
    response = client_as("outsider").get(reverse("account_delete"))

    assert response.status_code == 200
    assert [
        (item["label"], item["count"], item["deleted"]) for item in response.context["summary"]
    ] == [("account.emailaddress", 1, True), ("members.user", 1, False)]
    assert response.context["blockers"] == []
    assert 'name="confirm"' in response.content.decode()


@pytest.mark.django_db
def test_deleting_asks_for_the_password_then_erases_everything_and_logs_out(
    client, settings, firm_a, firm_a_admin, firm_b
):
    # The person's places at two coming events are cancelled one by one,
    # each under its event's lock (the seats service): not an N+1.
    settings.ZEAL_ALLOWLIST = [
        *settings.ZEAL_ALLOWLIST,
        {"model": "events.Event"},
        {"model": "events.Registration"},
    ]
    person = rows_everywhere(PERSON, firm=firm_a)
    rows_everywhere(OTHER, firm=firm_b)
    others_before = export_all(OTHER)
    client.force_login(person)
    elsewhere = Client()
    elsewhere.force_login(person)

    asked, done = _delete(client)

    person.refresh_from_db()
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_reauthenticate") + "?next=")
    assert (done.status_code, done["Location"]) == (302, reverse("account_deleted"))
    assert (person.email, person.name, person.is_active) == (
        f"erased-{person.pk}@invalid",
        "",
        False,
    )
    assert not person.has_usable_password()
    # Only the opt-out's suppression entry (its digest, the address blanked)
    # is still found by the address.
    left = _only_suppression_left(PERSON)
    assert list(left) == ["newsletters.optout"]
    assert [row["email"] for row in left["newsletters.optout"]] == [""]
    assert export_all(OTHER) == others_before
    assert "_auth_user_id" not in client.session
    assert elsewhere.get(reverse("account_overview")).status_code == 302
    page = client.get(reverse("account_deleted"))
    assert page.status_code == 200
    assert "Twoje konto i Twoje dane osobowe zostały usunięte." in page.content.decode()
    entry = AuditEntry.objects.get(code="members.account.deleted")
    assert (entry.actor_id, entry.actor_email, entry.object_repr) == (
        None,
        "",
        f"erased-{person.pk}@invalid",
    )
    assert entry.changes["rows"]["members.user"] == 1
    assert PERSON not in json.dumps([entry.object_repr, entry.changes])


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(client_as, outsider):
    client = client_as("outsider")

    asked, refused = _delete(client, password="not-the-password")

    outsider.refresh_from_db()
    assert refused.status_code == 200
    assert outsider.is_active
    assert outsider.email == "outsider@example-firm.pl"
    assert not AuditEntry.objects.filter(code="members.account.deleted").exists()


@pytest.mark.django_db
def test_deleting_without_ticking_the_box_shows_the_field_error(client_as, outsider):
    client = client_as("outsider")

    _asked, response = _delete(client, data={})

    outsider.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "confirm": ["Zaznacz to pole, aby potwierdzić, że tego chcesz."]
    }
    assert outsider.is_active


@pytest.mark.django_db
def test_a_firms_last_admin_is_refused_with_a_clear_message(client_as, firm_a, firm_a_admin):
    client = client_as("firm_a_admin")

    page = client.get(reverse("account_delete"))
    _asked, refused = _delete(client)

    firm_a_admin.refresh_from_db()
    assert page.context["blockers"] == [
        f"Jesteś ostatnim administratorem firmy {firm_a.name}. Najpierw nadaj uprawnienia "
        "administratora innemu użytkownikowi firmy (na stronie użytkowników firmy), a potem "
        "usuń swoje konto."
    ]
    assert 'name="confirm"' not in page.content.decode()
    assert refused.status_code == 200
    assert firm_a.name in refused.content.decode()
    assert firm_a_admin.is_active
    assert FirmRole.objects.filter(user=firm_a_admin, firm=firm_a).exists()


@pytest.mark.django_db
def test_an_admin_may_go_once_the_firm_has_another(firm_a, firm_a_admin, firm_a_editor):
    FirmRole.objects.filter(user=firm_a_editor).update(role=FirmRole.Role.ADMIN)

    delete_account(user=firm_a_admin)

    assert list(firm_a.roles.values_list("user__email", flat=True)) == ["redaktor@firma-a.pl"]


@pytest.mark.django_db
def test_the_last_coordinator_is_refused_until_another_is_appointed(coordinator):
    with pytest.raises(ValidationError) as refused:
        delete_account(user=coordinator)
    create_coordinator(email="druga@chemster.pl", name="Druga", password=PASSWORD)

    delete_account(user=coordinator)

    coordinator.refresh_from_db()
    assert refused.value.messages == [
        "Jesteś ostatnim koordynatorem klastra. Najpierw wyznacz innego koordynatora, "
        "a potem usuń swoje konto."
    ]
    assert not coordinator.is_staff
    assert not coordinator.groups.filter(name=COORDINATORS_GROUP).exists()
    assert not is_coordinator(User.objects.get(pk=coordinator.pk))


def _all_values(day):
    return {code: live_value(code, day) for code in SOURCES}


@pytest.mark.django_db
def test_strategy_indicators_keep_their_values_after_a_deletion():
    """A person who is a firm contact and editor, whose firm is in projects,
    who attended an event and subscribed: every live source gives the same
    value before and after their account is deleted. Registrations are
    anonymised, not deleted, for this."""
    firms = build_world()
    f1 = firms["f1"]  # leads an active project, took part in event e1
    person = rows_everywhere(PERSON, firm=f1, opted_out=False)
    RegistrationFactory(
        event=Event.objects.get(slug="e1"),
        email=PERSON,
        user=person,
        firm=f1,
        state="attended",
        attended_at=at(2025, 2, 10, 12),
    )
    Consent.objects.filter(email=PERSON).update(
        given_at=at(2025, 1, 2), confirmed_at=at(2025, 1, 2)
    )
    today = timezone.localdate()
    before = {"then": _all_values(TODAY), "now": _all_values(today)}

    delete_account(user=person)

    after = {"then": _all_values(TODAY), "now": _all_values(today)}
    assert after["then"] == before["then"]
    # Today, the person is no longer a subscriber (erasure withdraws the
    # consent, as unsubscribing would); every other figure is unchanged.
    assert after["now"] == {
        **before["now"],
        "newsletter_subscribers": before["now"]["newsletter_subscribers"] - 1,
    }
    # The world's four participants and the person; s1, s4 and the person.
    assert before["then"]["participants_this_year"] == 5
    assert before["now"]["newsletter_subscribers"] == 3
    assert Consent.objects.get(email="").withdrawn_at is not None


@pytest.mark.django_db
def test_a_seat_at_a_coming_event_goes_to_the_waitlist(outsider):
    event = EventFactory(capacity=1)
    seat = RegistrationFactory(event=event, email=outsider.email, user=outsider)
    waiting = RegistrationFactory(event=event, state="waitlisted", waitlist_position=1)

    delete_account(user=outsider)

    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.state, seat.email) == ("cancelled", f"erased-{seat.pk}@invalid")
    assert waiting.state == "confirmed"
    about_seat = AuditEntry.objects.filter(object_id=str(seat.pk), code__startswith="events.")
    assert list(about_seat.values_list("code", "changes")) == [
        ("events.registration.cancelled", {"email": "[redacted]"})
    ]
