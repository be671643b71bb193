"""Registering through the pages: members, colleagues, guests, cancelling."""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Event, Registration
from events.services import GUEST_SALT, confirm_guest, guest_token, register_guest
from newsletters.models import OutboundMessage
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def _guest(event, email="gosc@example.pl", language="en"):
    return register_guest(
        event=event, name="Gustaw Gość", email=email, organisation="Lab", language=language
    )


def _expired_token(registration, action="confirm"):
    """A token signed 49 hours ago (confirmation links last 48)."""

    class Signed49HoursAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 49 * 3600)

    return Signed49HoursAgo(salt=GUEST_SALT).sign_object(
        {"r": registration.pk, "a": action, "e": registration.email.lower()}
    )


# --- Members -------------------------------------------------------------------


def test_member_registers_on_the_page(client_as, firm_a_editor):
    event = EventFactory()

    response = client_as("firm_a_editor").post(_url("events:register", slug=event.slug))

    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.registrations.get().user == firm_a_editor
    assert _messages(response) == ["You are registered. See you there!"]


def test_member_on_a_full_event_is_told_the_position(client_as):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    response = client_as("firm_a_editor").post(_url("events:register", slug=event.slug))

    assert _messages(response) == ["The event is full: you are on the waitlist, in place 1."]


def test_registering_twice_shows_a_clear_error(client_as, firm_a_editor):
    event = EventFactory()
    client = client_as("firm_a_editor")
    client.post(_url("events:register", slug=event.slug))

    response = client.post(_url("events:register", slug=event.slug))

    assert _messages(response)[-1] == f"{firm_a_editor.email} is already registered for this event."
    assert event.registrations.count() == 1


def test_registering_for_a_cancelled_event_is_refused(client_as):
    event = EventFactory(state=Event.State.CANCELLED)

    response = client_as("firm_a_editor").post(_url("events:register", slug=event.slug))

    assert _messages(response) == ["The event is cancelled."]
    assert not event.registrations.exists()


def test_outsider_cannot_register_for_a_members_only_event(client_as):
    event = EventFactory(audience=Event.Audience.MEMBERS)

    response = client_as("outsider").post(_url("events:register", slug=event.slug))

    assert response.status_code == 404


def test_member_cancels_and_the_waitlist_moves_up(client_as, firm_a_editor, firm_b_editor):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(event=event, user=firm_a_editor, email=firm_a_editor.email)
    waiting = RegistrationFactory(
        event=event,
        user=firm_b_editor,
        email=firm_b_editor.email,
        state=Registration.State.WAITLISTED,
        waitlist_position=1,
    )

    response = client_as("firm_a_editor").post(
        _url("events:registration-cancel", slug=event.slug, pk=mine.pk)
    )

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == Registration.State.CONFIRMED
    mail = OutboundMessage.objects.get(dedupe_key__startswith="registration-promoted:")
    assert mail.recipient == firm_b_editor.email


def test_someone_elses_registration_is_not_found(client_as, firm_a_editor):
    registration = RegistrationFactory(user=firm_a_editor, email=firm_a_editor.email)
    url = _url("events:registration-cancel", slug=registration.event.slug, pk=registration.pk)

    statuses = {m: client_as(m).post(url).status_code for m in ("firm_b_admin", "outsider")}

    assert statuses == {"firm_b_admin": 404, "outsider": 404}
    registration.refresh_from_db()
    assert registration.state == Registration.State.CONFIRMED


def test_coordinator_cancels_anyones_registration(client_as):
    registration = RegistrationFactory()

    response = client_as("coordinator").post(
        _url("events:registration-cancel", slug=registration.event.slug, pk=registration.pk)
    )

    assert response["Location"] == _url("events:registrations", slug=registration.event.slug)
    registration.refresh_from_db()
    assert registration.state == Registration.State.CANCELLED


# --- Colleagues -------------------------------------------------------------------


def test_firm_admin_registers_colleagues(client_as, firm_a_admin, firm_a_editor):
    event = EventFactory()
    url = _url("events:register-colleagues", slug=event.slug)
    client = client_as("firm_a_admin")

    page = client.get(url)
    response = client.post(url, {"users": [firm_a_editor.pk]})

    assert firm_a_editor.email in page.content.decode()
    assert response.status_code == 302
    registration = event.registrations.get()
    assert (registration.user, registration.registered_by) == (firm_a_editor, firm_a_admin)


def test_firm_admin_cannot_pick_another_firms_user(client_as, firm_a_admin, firm_b_editor):
    event = EventFactory()
    url = _url("events:register-colleagues", slug=event.slug)

    page = client_as("firm_a_admin").get(url)
    response = client_as("firm_a_admin").post(url, {"users": [firm_b_editor.pk]})

    assert firm_b_editor.email not in page.content.decode()
    assert response.status_code == 200
    assert not event.registrations.exists()


def test_firm_admin_cancels_a_colleagues_registration(
    client_as, firm_a_admin, firm_a_editor, firm_a
):
    registration = RegistrationFactory(user=firm_a_editor, email=firm_a_editor.email, firm=firm_a)

    client_as("firm_a_admin").post(
        _url("events:registration-cancel", slug=registration.event.slug, pk=registration.pk)
    )

    registration.refresh_from_db()
    assert registration.state == Registration.State.CANCELLED


# --- Guests ----------------------------------------------------------------------


def test_guest_registers_confirms_by_link_and_gets_a_seat():
    event = EventFactory(title_en="Open day")
    client = Client()

    response = client.post(
        _url("events:register-guest", slug=event.slug),
        {"name": "Gustaw Gość", "email": "gosc@example.pl", "organisation": "", "language": "en"},
    )
    assert "Check your e-mail" in response.content.decode()
    registration = event.registrations.get()
    assert registration.state == Registration.State.PENDING
    mail = OutboundMessage.objects.get(dedupe_key__startswith="registration-guest-confirm:")
    assert mail.language == "en"
    assert "Open day" in mail.subject
    link = re.search(r"https?://\S+/events/guest/confirm/\S+?/", mail.body_text).group(0)
    assert re.search(r"/events/guest/cancel/\S+?/", mail.body_text)
    path = link[link.index("/en/") :]

    page = client.get(path)
    confirmed = client.post(path, follow=True)

    assert "Confirm my registration" in page.content.decode()
    registration.refresh_from_db()
    assert registration.state == Registration.State.CONFIRMED
    assert "Thank you: your registration is confirmed." in confirmed.content.decode()
    assert OutboundMessage.objects.filter(
        dedupe_key__startswith="registration-confirmed:", recipient="gosc@example.pl"
    ).exists()


def test_guest_confirming_a_full_event_joins_the_waitlist():
    event = EventFactory(capacity=1)
    registration = _guest(event)
    RegistrationFactory(event=event)

    confirmed = confirm_guest(token=guest_token(registration=registration, action="confirm"))

    assert (confirmed.state, confirmed.waitlist_position) == (Registration.State.WAITLISTED, 1)


def test_confirming_twice_changes_nothing():
    registration = _guest(EventFactory())
    token = guest_token(registration=registration, action="confirm")
    confirm_guest(token=token)

    again = confirm_guest(token=token)

    assert again.state == Registration.State.CONFIRMED
    assert (
        OutboundMessage.objects.filter(dedupe_key__startswith="registration-confirmed:").count()
        == 1
    )


def test_expired_confirmation_link_is_a_404_saying_so():
    registration = _guest(EventFactory())

    response = Client().get(_url("events:guest-confirm", token=_expired_token(registration)))

    assert response.status_code == 404
    assert "This confirmation link has expired." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == Registration.State.PENDING


@pytest.mark.parametrize("name", ["events:guest-confirm", "events:guest-cancel"])
def test_bad_links_are_a_404_saying_so(name):
    registration = _guest(EventFactory())
    tampered = guest_token(registration=registration, action="confirm")[:-2] + "xx"
    wrong_action = guest_token(
        registration=registration, action="cancel" if name.endswith("confirm") else "confirm"
    )

    for token in ("garbage", tampered, wrong_action):
        response = Client().post(_url(name, token=token))

        assert response.status_code == 404
        assert "This link is not valid." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == Registration.State.PENDING


def test_guest_cancels_by_link_and_the_waitlist_moves_up():
    event = EventFactory(capacity=1)
    guest = _guest(event)
    confirm_guest(token=guest_token(registration=guest, action="confirm"))
    waiting = RegistrationFactory(
        event=event, state=Registration.State.WAITLISTED, waitlist_position=1
    )
    url = _url("events:guest-cancel", token=guest_token(registration=guest, action="cancel"))
    client = Client()

    page = client.get(url)
    client.post(url)

    assert "Cancel my registration" in page.content.decode()
    guest.refresh_from_db()
    waiting.refresh_from_db()
    assert guest.state == Registration.State.CANCELLED
    assert waiting.state == Registration.State.CONFIRMED


def test_guest_confirmation_link_after_cancelling_says_so():
    registration = _guest(EventFactory())
    Client().post(
        _url("events:guest-cancel", token=guest_token(registration=registration, action="cancel"))
    )

    response = Client().post(
        _url(
            "events:guest-confirm", token=guest_token(registration=registration, action="confirm")
        ),
        follow=True,
    )

    assert "This registration was cancelled." in response.content.decode()


def test_guest_form_errors_are_shown():
    event = EventFactory()

    response = Client().post(
        _url("events:register-guest", slug=event.slug), {"name": "", "email": "nie-adres"}
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not event.registrations.exists()


def test_guest_form_duplicate_is_a_form_error():
    event = EventFactory()
    _guest(event, email="gosc@example.pl")

    response = Client().post(
        _url("events:register-guest", slug=event.slug),
        {"name": "Gość", "email": "GOSC@example.pl", "organisation": "", "language": "pl"},
    )

    assert "is already registered for this event." in response.content.decode()


def test_guest_page_of_a_members_only_event(client_as):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    url = _url("events:register-guest", slug=event.slug)

    assert Client().get(url).status_code == 302
    assert client_as("firm_a_editor").get(url).status_code == 404
