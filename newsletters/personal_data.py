"""Personal data held by the newsletters app (chemster.lib.personal_data).

Erasure rules:
- Outbox rows are deleted: their bodies and dedupe keys hold the address
  and whatever the mail said about the person.
- Consents are anonymised: the address and IP address are blanked and a
  live consent is withdrawn, so the record that a consent to a given text
  version existed (and when) stays without saying whose it was.
- Opt-outs are anonymised: the address is blanked and its SHA-256 digest
  kept. The digest is what suppresses mail, so an erased person is never
  written to again by a later import of their address (Art. 17(3)(b) and
  21(3) GDPR: honouring the objection needs the suppression entry).
"""

from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from chemster.lib.personal_data import ConsentRecord, register
from newsletters.models import Consent, OptOut, OutboundMessage, address_digest


def _outbox_rows(email):
    return OutboundMessage.objects.alias(recipient_lower=Lower("recipient")).filter(
        recipient_lower=email.strip().lower()
    )


def _anonymise_consents(consents, email):
    consents.update(
        email="",
        ip=None,
        withdrawn_at=Coalesce("withdrawn_at", timezone.now()),
    )


def _anonymise_opt_outs(opt_outs, email):
    opt_outs.update(email="")


def _consents_of(email):
    return Consent.objects.filter(Q(email=email.strip().lower()) & ~Q(email=""))


def _consent_records(email):
    return [
        ConsentRecord(
            kind="consent",
            subject=consent.get_purpose_display(),
            version=consent.text.version,
            sha256=consent.text.sha256,
            at=consent.given_at,
            language=consent.language,
            method=consent.get_method_display(),
            confirmed_at=consent.confirmed_at,
            withdrawn_at=consent.withdrawn_at,
            text=consent.text.text,
        )
        for consent in _consents_of(email).select_related("text").order_by("given_at", "id")
    ]


def _opt_out_records(email):
    return [
        ConsentRecord(
            kind="opt-out",
            subject=_("All campaign mail"),
            version="",
            sha256="",
            at=row.created_at,
            method=row.get_source_display(),
        )
        for row in OptOut.objects.filter(email_sha256=address_digest(email))
    ]


register(
    OutboundMessage,
    fields=("recipient", "language", "subject", "body_text", "created_at", "sent_at", "state"),
    rows_for=_outbox_rows,
    erasure="delete",
)
register(
    Consent,
    fields=("email", "purpose", "language", "ip", "given_at", "confirmed_at", "withdrawn_at"),
    rows_for=_consents_of,
    erasure="anonymise",
    anonymise=_anonymise_consents,
    records=_consent_records,
)
register(
    OptOut,
    fields=("email", "source", "created_at"),
    rows_for=lambda email: OptOut.objects.filter(email_sha256=address_digest(email)),
    erasure="anonymise",
    anonymise=_anonymise_opt_outs,
    records=_opt_out_records,
)
