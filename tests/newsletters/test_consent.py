"""Consent with double opt-in, opt-out, and who may receive which mail."""

import hashlib
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from chemster.models import AuditEntry
from newsletters.models import Consent, ConsentText, OptOut, OutboundMessage
from newsletters.selectors import ConsentLinkError, may_receive
from newsletters.services import (
    confirm_consent,
    expire_unconfirmed_consents,
    opt_out,
    request_consent,
    withdraw_consent,
)

TEXT = "Zgadzam się na otrzymywanie newslettera klastra CHEM-STER."


def _request(email="Nowy@Example.org", **extra):
    return request_consent(
        email=email,
        purpose=extra.pop("purpose", Consent.Purpose.NEWSLETTER),
        text=extra.pop("text", TEXT),
        version=extra.pop("version", "2026-01"),
        method=extra.pop("method", Consent.Method.FORM),
        language=extra.pop("language", "pl"),
        **extra,
    )


def _token_from_mail(message):
    return re.search(r"/newsletter/confirm/([^/\s]+)/", message.body_text).group(1)


def _codes():
    return list(AuditEntry.objects.order_by("pk").values_list("code", flat=True))


@pytest.mark.django_db
def test_request_consent_stores_it_unconfirmed_and_queues_a_confirmation_mail():
    consent = _request(ip="192.0.2.7", language="en")

    mail = OutboundMessage.objects.get()
    assert (consent.email, consent.ip, consent.confirmed_at, consent.withdrawn_at) == (
        "nowy@example.org",
        "192.0.2.7",
        None,
        None,
    )
    assert (consent.text.version, consent.text.text, consent.text.sha256) == (
        "2026-01",
        TEXT,
        hashlib.sha256(TEXT.encode()).hexdigest(),
    )
    assert (mail.recipient, mail.category, mail.language, mail.dedupe_key) == (
        "nowy@example.org",
        "service",
        "en",
        f"consent:{consent.pk}:confirm",
    )
    assert f"/en/newsletter/confirm/{_token_from_mail(mail)}/" in mail.body_html
    assert _codes() == ["newsletters.consent.requested"]


@pytest.mark.django_db
def test_a_consent_version_cannot_change_its_text():
    _request()

    with pytest.raises(ValueError, match="another text"):
        _request(email="inny@example.org", text=TEXT + " Zmienione.")

    assert ConsentText.objects.count() == 1
    assert Consent.objects.count() == 1


@pytest.mark.django_db
def test_confirm_consent_confirms_and_the_address_may_then_get_campaigns():
    consent = _request()
    before = may_receive(email="nowy@example.org", category="campaign", is_member_contact=False)

    confirmed = confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))
    again = confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))

    assert confirmed.pk == consent.pk
    assert confirmed.confirmed_at is not None
    assert again.confirmed_at == confirmed.confirmed_at
    assert before is False
    assert may_receive(email="NOWY@example.org", category="campaign", is_member_contact=False)
    assert _codes().count("newsletters.consent.confirmed") == 1


@pytest.mark.django_db
def test_confirm_consent_refuses_a_tampered_link():
    _request()
    token = _token_from_mail(OutboundMessage.objects.get())

    with pytest.raises(ConsentLinkError) as error:
        confirm_consent(token=token[:-2] + "xx")

    assert error.value.expired is False
    assert error.value.message == "Ten link potwierdzający jest nieprawidłowy."
    assert Consent.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_confirm_consent_refuses_an_expired_link(monkeypatch, settings):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    eight_days_ago = time.time() - 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
    _request()
    monkeypatch.undo()

    with pytest.raises(ConsentLinkError) as error:
        confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))

    assert error.value.expired is True
    assert "wygasł" in error.value.message
    assert Consent.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_a_second_request_replaces_an_unconfirmed_one_and_its_link():
    first = _request()
    old_token = _token_from_mail(OutboundMessage.objects.get())
    Consent.objects.filter(pk=first.pk).update(given_at=timezone.now() - timedelta(minutes=2))

    second = _request(email="nowy@example.org")

    assert second.pk != first.pk
    assert list(Consent.objects.values_list("pk", flat=True)) == [second.pk]
    assert OutboundMessage.objects.count() == 2
    with pytest.raises(ConsentLinkError):
        confirm_consent(token=old_token)


@pytest.mark.django_db
def test_a_second_request_within_a_minute_is_a_double_submit_and_mails_nothing():
    first = _request()

    again = _request(email="nowy@example.org")

    assert again.pk == first.pk
    assert list(Consent.objects.values_list("pk", flat=True)) == [first.pk]
    assert OutboundMessage.objects.count() == 1
    assert _codes() == ["newsletters.consent.requested"]


@pytest.mark.django_db
def test_a_request_for_a_confirmed_address_keeps_the_consent_and_sends_nothing():
    _request()
    confirmed = confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))

    again = _request()

    assert again.pk == confirmed.pk
    assert OutboundMessage.objects.count() == 1


@pytest.mark.django_db
def test_unconfirmed_consents_expire_and_confirmed_ones_stay(settings):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    old = _request(email="stary@example.org")
    fresh = _request(email="swiezy@example.org")
    kept = _request(email="potwierdzony@example.org")
    Consent.objects.filter(pk__in=[old.pk, kept.pk]).update(
        given_at=timezone.now() - timedelta(days=8)
    )
    Consent.objects.filter(pk=kept.pk).update(confirmed_at=timezone.now())

    count = expire_unconfirmed_consents()

    assert count == 1
    assert sorted(Consent.objects.values_list("pk", flat=True)) == sorted([fresh.pk, kept.pk])
    assert "newsletters.consent.expired" in _codes()


@pytest.mark.django_db
def test_opt_out_is_lower_cased_idempotent_and_withdraws_consents():
    _request()
    confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))

    first = opt_out(email=" Nowy@Example.ORG ", source=OptOut.Source.LINK)
    second = opt_out(email="nowy@example.org", source=OptOut.Source.ONE_CLICK)

    assert second.pk == first.pk
    assert (first.email, first.source) == ("nowy@example.org", "link")
    assert Consent.objects.get().withdrawn_at is not None
    assert not may_receive(email="nowy@example.org", category="campaign", is_member_contact=True)
    assert _codes().count("newsletters.optout.created") == 1
    assert _codes().count("newsletters.consent.withdrawn") == 1


@pytest.mark.django_db
def test_confirming_a_new_subscription_lifts_an_earlier_opt_out():
    opt_out(email="nowy@example.org", source=OptOut.Source.LINK)
    _request()

    confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))

    assert OptOut.objects.count() == 0
    assert may_receive(email="nowy@example.org", category="campaign", is_member_contact=False)
    assert "newsletters.optout.lifted" in _codes()


@pytest.mark.django_db
def test_withdraw_consent_stops_campaigns_to_non_members():
    _request()
    confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))

    withdrawn = withdraw_consent(email="NOWY@example.org", purpose=Consent.Purpose.NEWSLETTER)
    nothing = withdraw_consent(email="NOWY@example.org", purpose=Consent.Purpose.NEWSLETTER)

    assert withdrawn.withdrawn_at is not None
    assert nothing is None
    assert not may_receive(email="nowy@example.org", category="campaign", is_member_contact=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "category", "member", "expected"),
    [
        # Service and notification mail always goes out.
        ("nothing", "service", False, True),
        ("opted_out", "service", False, True),
        ("opted_out", "notification", True, True),
        # Campaigns to member contacts unless they opted out.
        ("nothing", "campaign", True, True),
        ("opted_out", "campaign", True, False),
        # Campaigns to anyone else only with a confirmed, live consent.
        ("nothing", "campaign", False, False),
        ("unconfirmed", "campaign", False, False),
        ("confirmed", "campaign", False, True),
        ("withdrawn", "campaign", False, False),
        ("confirmed_then_opted_out", "campaign", False, False),
    ],
)
def test_may_receive_follows_the_consent_rules(state, category, member, expected):
    address = "adresat@example.org"
    if state != "nothing" and state != "opted_out":
        _request(email=address)
    if state in ("confirmed", "withdrawn", "confirmed_then_opted_out"):
        confirm_consent(token=_token_from_mail(OutboundMessage.objects.get()))
    if state == "withdrawn":
        withdraw_consent(email=address, purpose=Consent.Purpose.NEWSLETTER)
    if state in ("opted_out", "confirmed_then_opted_out"):
        opt_out(email=address, source=OptOut.Source.COORDINATOR)

    result = may_receive(email="Adresat@Example.org", category=category, is_member_contact=member)

    assert result is expected


@pytest.mark.django_db
def test_may_receive_takes_at_most_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        # 1. the opt-out by digest, 2. a confirmed live consent
        may_receive(email="x@example.org", category="campaign", is_member_contact=False)
