"""Reads of the newsletters app: who may get which mail, what is due."""

from django.utils import timezone
from django.utils.translation import gettext as _

from newsletters import tokens
from newsletters.models import Consent, OptOut, OutboundMessage, address_digest


class ConsentLinkError(Exception):
    """A confirmation link that cannot confirm anything (``message`` says why)."""

    def __init__(self, *, expired: bool):
        self.expired = expired
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.expired:
            return _("This confirmation link has expired. Please sign up for the newsletter again.")
        return _("This confirmation link is not valid.")


def may_receive(*, email: str, category: str, is_member_contact: bool) -> bool:
    """Whether ``email`` may be sent mail of ``category`` (DOMAIN.md).

    Service and notification mail (invitations, decisions, registrations,
    reminders) always. Campaign mail only to an address that has not opted
    out, and then to a member firm's contact without more, to anyone else
    only with a confirmed, not withdrawn newsletter consent (double opt-in).
    At most two queries.
    """
    if category in (OutboundMessage.Category.SERVICE, OutboundMessage.Category.NOTIFICATION):
        return True
    if category != OutboundMessage.Category.CAMPAIGN:
        raise ValueError(f"Unknown mail category: {category!r}")
    if OptOut.objects.filter(email_sha256=address_digest(email)).exists():
        return False
    if is_member_contact:
        return True
    return (
        Consent.objects.active()
        .filter(email=email.strip().lower(), purpose=Consent.Purpose.NEWSLETTER)
        .exists()
    )


def is_opted_out(*, email: str) -> bool:
    return OptOut.objects.filter(email_sha256=address_digest(email)).exists()


def consent_for_token(*, token: str) -> Consent:
    """The live consent a confirmation link names.

    Raises ``ConsentLinkError`` when the link expired, was tampered with, or
    names a consent that was withdrawn, expired or replaced.
    """
    try:
        pk = tokens.consent_pk_from_token(token)
    except tokens.LinkExpired:
        raise ConsentLinkError(expired=True) from None
    except tokens.LinkInvalid:
        raise ConsentLinkError(expired=False) from None
    consent = Consent.objects.live().filter(pk=pk).first()
    if consent is None:
        raise ConsentLinkError(expired=False)
    return consent


def mail_is_due() -> bool:
    """Whether any pending mail waits for its time to be sent."""
    return OutboundMessage.objects.filter(
        state=OutboundMessage.State.PENDING, next_attempt_at__lte=timezone.now()
    ).exists()
