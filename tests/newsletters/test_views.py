"""The public pages behind the links in mail: confirming and unsubscribing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from newsletters.models import Consent, OptOut, OutboundMessage
from newsletters.services import request_consent
from newsletters.tokens import unsubscribe_token


@pytest.fixture
def consent(db):
    return request_consent(
        email="nowy@example.org",
        purpose="newsletter",
        text="Zgoda.",
        version="1",
        method="form",
        language="pl",
    )


def _confirm_url(language="pl"):
    token = re.search(r"/confirm/([^/\s]+)/", OutboundMessage.objects.get().body_text).group(1)
    return f"/{language}/newsletter/confirm/{token}/"


def _unsubscribe_url(email="ewa@firma-a.pl", language="pl"):
    return reverse(
        "unsubscribe", kwargs={"token": unsubscribe_token(email=email, language=language)}
    )


def test_confirmation_page_shows_a_button_and_changes_nothing_on_get(client, consent):
    response = client.get(_confirm_url())

    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert b"nowy@example.org" in response.content
    consent.refresh_from_db()
    assert consent.confirmed_at is None


@pytest.mark.parametrize("member", ["visitor", "firm_a_admin"])
def test_confirmation_page_confirms_on_post_for_anyone(client_as, consent, member):
    client = client_as(member)

    response = client.post(_confirm_url())
    page = client.get(_confirm_url())

    assert (response.status_code, response["Location"]) == (302, _confirm_url())
    consent.refresh_from_db()
    assert consent.confirmed_at is not None
    assert "Twoja subskrypcja newslettera została potwierdzona." in page.content.decode()
    assert b'<form method="post" class="form">' not in page.content


def test_confirmation_page_with_a_bad_token_says_so(client, db):
    response = client.post("/en/newsletter/confirm/1:abc:def/")

    assert response.status_code == 404
    assert b"This confirmation link is not valid." in response.content
    assert Consent.objects.count() == 0


def test_unsubscribe_page_shows_a_button_and_changes_nothing_on_get(client, db):
    response = client.get(_unsubscribe_url())

    assert response.status_code == 200
    assert b'<form method="post" class="form">' in response.content
    assert b"ewa@firma-a.pl" in response.content
    assert OptOut.objects.count() == 0


def test_unsubscribe_page_speaks_the_language_of_the_mail(client, db):
    response = client.get(_unsubscribe_url(language="en"))

    assert b'<html lang="en">' in response.content


def test_unsubscribe_button_opts_out_and_the_page_then_says_so(client, db):
    url = _unsubscribe_url()

    response = client.post(url)
    page = client.get(url)

    assert (response.status_code, response["Location"]) == (302, url)
    assert list(OptOut.objects.values_list("email", "source")) == [("ewa@firma-a.pl", "link")]
    assert "nie będą już wysyłane newslettery" in page.content.decode()


def test_one_click_unsubscribe_works_without_csrf_token_or_cookies(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        _unsubscribe_url(),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert list(OptOut.objects.values_list("email", "source")) == [("ewa@firma-a.pl", "one-click")]


def test_unsubscribe_with_a_forged_token_opts_nobody_out(client, db):
    token = unsubscribe_token(email="ewa@firma-a.pl", language="pl")
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = client.post(reverse("unsubscribe", kwargs={"token": forged}))

    assert response.status_code == 404
    assert "Ten link do wypisania się jest nieprawidłowy." in response.content.decode()
    assert OptOut.objects.count() == 0
