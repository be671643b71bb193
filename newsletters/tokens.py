"""Signed links in mail: newsletter confirmation and unsubscribing.

Both are signed with ``SECRET_KEY`` (django.core.signing), so nothing is
stored for them. A confirmation link expires after
``NEWSLETTER_CONFIRM_DAYS``; an unsubscribe link never does (RFC 8058 asks
that it keeps working as long as the mail may be read).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

CONSENT_SALT = "newsletters.consent.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def consent_token(consent_pk: int) -> str:
    return signing.TimestampSigner(salt=CONSENT_SALT).sign(str(consent_pk))


def consent_pk_from_token(token: str) -> int:
    """The consent's primary key; raises ``LinkExpired`` or ``LinkInvalid``."""
    signer = signing.TimestampSigner(salt=CONSENT_SALT)
    try:
        value = signer.unsign(token, max_age=timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS))
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    return int(value)


def consent_confirm_url(*, consent_pk: int, language: str) -> str:
    with translation.override(language):
        path = reverse("newsletters:consent-confirm", kwargs={"token": consent_token(consent_pk)})
    return absolute(path)


def unsubscribe_token(*, email: str, language: str) -> str:
    return signing.dumps([email.strip().lower(), language], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, email: str, language: str) -> str:
    return absolute(
        reverse("unsubscribe", kwargs={"token": unsubscribe_token(email=email, language=language)})
    )


def unsubscribe_target(token: str) -> tuple[str, str]:
    """``(address, language)`` named by an unsubscribe token; raises ``LinkInvalid``."""
    try:
        email, language = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkInvalid from None
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return email, language
