"""The public newsletter sign-up: double opt-in, no enumeration, rate limit."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from newsletters.campaigns import audience
from newsletters.forms import NEWSLETTER_CONSENT
from newsletters.models import Consent, OutboundMessage
from tests.newsletters.campaign_data import subscribe

pytestmark = pytest.mark.django_db

SUBSCRIBERS = [{"code": "newsletters.subscribers", "params": {}}]


def _url(language="en"):
    with translation.override(language):
        return reverse("newsletters:signup")


def _sign_up(client, email="Nowa@Example.org", language="en", **extra):
    return client.post(_url(language), {"email": email, "consent": "on"}, **extra)


def _recipients():
    return [address for address, _language in audience(SUBSCRIBERS).recipients]


def test_signup_page_shows_the_consent_text_of_its_language(client):
    english = client.get(_url("en")).content.decode()
    polish = client.get(_url("pl")).content.decode()

    assert NEWSLETTER_CONSENT["en"] in english
    assert NEWSLETTER_CONSENT["pl"] in polish
    assert '<label for="id_email">' in english


def test_signup_sends_one_confirmation_and_counts_only_after_confirming(client):
    response = _sign_up(client)
    before = _recipients()
    mail = OutboundMessage.objects.get()
    token = re.search(r"/newsletter/confirm/([^/\s]+)/", mail.body_text).group(1)
    client.post(f"/en/newsletter/confirm/{token}/")

    assert (response.status_code, response["Location"]) == (302, _url())
    assert (mail.recipient, mail.language, mail.category) == ("nowa@example.org", "en", "service")
    consent = Consent.objects.get()
    assert (consent.text.text, consent.text.version, consent.method) == (
        NEWSLETTER_CONSENT["en"],
        "2026-11-signup-en",
        "form",
    )
    assert before == []
    assert _recipients() == ["nowa@example.org"]


def test_signup_answers_a_known_address_the_same_way_and_mails_nothing(client):
    subscribe("znany@example.org")

    known = _sign_up(client, email="znany@example.org", follow=True)
    unknown = _sign_up(client, email="nieznany@example.org", follow=True)

    def message(response):
        return [str(m) for m in response.context["messages"]]

    assert message(known) == message(unknown)
    assert known.status_code == unknown.status_code == 200
    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == [
        "nieznany@example.org"
    ]


def test_signup_in_polish_keeps_the_polish_text(client):
    _sign_up(client, language="pl")

    consent = Consent.objects.get()
    assert (consent.language, consent.text.text) == ("pl", NEWSLETTER_CONSENT["pl"])


def test_signup_without_the_consent_box_records_nothing(client):
    response = client.post(_url(), {"email": "nowa@example.org"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"consent": ["This field is required."]}
    assert (Consent.objects.count(), OutboundMessage.objects.count()) == (0, 0)


def test_signup_with_a_bad_address_says_so(client):
    response = client.post(_url(), {"email": "not-an-address", "consent": "on"})

    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert Consent.objects.count() == 0


def test_signup_is_rate_limited_per_address(client):
    for index in range(10):
        _sign_up(client, email=f"osoba{index}@example.org", REMOTE_ADDR="192.0.2.50")

    refused = _sign_up(client, email="jedenasta@example.org", REMOTE_ADDR="192.0.2.50")
    elsewhere = _sign_up(client, email="inna@example.org", REMOTE_ADDR="192.0.2.51")

    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.content.decode()
    assert elsewhere.status_code == 302
    assert Consent.objects.filter(email="jedenasta@example.org").count() == 0
    assert Consent.objects.count() == 11


def test_signup_is_open_to_logged_in_users_too(client_as):
    response = _sign_up(client_as("firm_a_admin"), email="admin@firma-a.pl")

    assert response.status_code == 302
    assert Consent.objects.get().email == "admin@firma-a.pl"
