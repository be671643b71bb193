"""The newsletters app's models in the personal-data registry."""

import pytest

from chemster.lib.personal_data import registered
from newsletters.models import Consent, OptOut, OutboundMessage
from newsletters.selectors import may_receive
from newsletters.services import opt_out, queue_mail, request_consent


def _data():
    queue_mail(
        to="Ewa@Firma-A.pl",
        language="pl",
        template="notice",
        context={"subject": "S", "body": "B"},
        category="service",
        dedupe_key="a",
    )
    queue_mail(
        to="inny@firma-a.pl",
        language="pl",
        template="notice",
        context={"subject": "S", "body": "B"},
        category="service",
        dedupe_key="b",
    )
    request_consent(
        email="ewa@firma-a.pl",
        purpose="newsletter",
        text="T",
        version="1",
        method="form",
        language="pl",
        ip="192.0.2.1",
    )
    opt_out(email="EWA@firma-a.pl", source=OptOut.Source.LINK)


def test_outbox_consents_and_opt_outs_are_registered():
    entries = registered()

    assert {model: entries[model].erasure for model in (OutboundMessage, Consent, OptOut)} == {
        OutboundMessage: "delete",
        Consent: "anonymise",
        OptOut: "anonymise",
    }


@pytest.mark.django_db
def test_rows_for_an_address_are_found_regardless_of_case():
    _data()
    entries = registered()

    found = {
        model.__name__: sorted(
            row.get("recipient") or row.get("email")
            for row in entries[model].export("EWA@FIRMA-A.PL")
        )
        for model in (OutboundMessage, Consent, OptOut)
    }

    assert found == {
        # The mail queued for her and her confirmation mail.
        "OutboundMessage": ["Ewa@Firma-A.pl", "ewa@firma-a.pl"],
        "Consent": ["ewa@firma-a.pl"],
        "OptOut": ["ewa@firma-a.pl"],
    }


@pytest.mark.django_db
def test_erasure_deletes_mail_anonymises_consent_and_keeps_the_suppression():
    _data()
    entries = registered()

    for model in (OutboundMessage, Consent, OptOut):
        entries[model].erase("ewa@firma-a.pl")

    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == ["inny@firma-a.pl"]
    consent = Consent.objects.get()
    assert (consent.email, consent.ip) == ("", None)
    assert consent.withdrawn_at is not None
    assert list(OptOut.objects.values_list("email", flat=True)) == [""]
    assert not may_receive(email="ewa@firma-a.pl", category="campaign", is_member_contact=True)
