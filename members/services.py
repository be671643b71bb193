"""Writes of the members app."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chemster.services import log_action
from members.models import ApiToken, Invitation, User
from members.permissions import COORDINATORS_GROUP
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail

# What the coordinator may change through the Django admin, as
# (app_label, codename).
COORDINATOR_PERMISSIONS = [
    ("chemster", "view_sitetext"),
    ("chemster", "change_sitetext"),
    ("members", "view_invitation"),
    ("newsletters", "view_outboundmessage"),
    ("newsletters", "view_consent"),
    ("newsletters", "view_consenttext"),
    ("newsletters", "view_optout"),
]


def ensure_coordinator_group() -> Group:
    """Create the coordinators' group, or bring its permissions up to date."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label__in={app for app, _code in COORDINATOR_PERMISSIONS},
        codename__in={code for _app, code in COORDINATOR_PERMISSIONS},
    )
    group.permissions.set(wanted)
    return group


def _create_user(*, email: str, name: str, password: str | None, language: str) -> User:
    """A user whose address is already verified (it came from an invitation
    link or from the coordinator)."""
    user = User.objects.create_user(
        email=email, name=name, password=password, preferred_language=language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def create_coordinator(
    *, email: str, name: str, password: str | None, actor: User | None = None
) -> User:
    """Create a coordinator: a staff user in the coordinators' group.

    An existing user with that address is promoted instead of duplicated.
    The coordinator must set up two-factor login before any coordinator page
    or the Django admin opens.
    """
    with transaction.atomic():
        group = ensure_coordinator_group()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = _create_user(email=email, name=name, password=password, language="pl")
        # Appointed by the office, so the address counts as verified.
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            log_action(actor, user, "members.coordinator.appointed", {"email": user.email})
    return user


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(*, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("members:invitation-accept", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def invite_user(
    *, email: str, name: str = "", language: str = "pl", invited_by: User | None
) -> Invitation:
    """Invite someone to create an account; mail them a single-use link.

    Side effects: an invitation row, an audit entry and an outbox mail in one
    transaction. Raises ``ValidationError`` when an account with that address
    exists already. An earlier open invitation to the same address is revoked,
    so only the newest link works.
    """
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("An account with the address %(email)s exists already.") % {"email": email},
            code="exists",
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.open().filter(email__iexact=email).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            name=name,
            language=language,
            token_digest=_token_digest(token),
            invited_by=invited_by,
            expires_at=now + timedelta(days=settings.INVITATION_DAYS),
        )
        log_action(invited_by, invitation, "members.invitation.sent", {"email": email})
        queue_mail(
            to=email,
            language=language,
            template="members/invitation",
            context={
                "name": name,
                "link": invitation_link(token=token, language=language),
                "inviter": invited_by.name if invited_by else "",
                "expires_at": invitation.expires_at,
            },
            category=OutboundMessage.Category.SERVICE,
            dedupe_key=f"invitation:{invitation.pk}",
        )
    return invitation


def get_open_invitation(token: str) -> Invitation | None:
    return Invitation.objects.open().filter(token_digest=_token_digest(token)).first()


def accept_invitation(*, token: str, name: str, password: str) -> User:
    """Create the invited person's account from a valid invitation link.

    The invitation is locked while it is used, so two submissions of the same
    link create one account; a used, revoked or expired link raises
    ``ValidationError``.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(token_digest=_token_digest(token))
            .first()
        )
        if invitation is None or not invitation.is_open():
            raise ValidationError(
                _("This invitation link is no longer valid. Ask for a new invitation."),
                code="invalid",
            )
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this address exists already. Log in instead."),
                code="exists",
            )
        user = _create_user(
            email=invitation.email, name=name, password=password, language=invitation.language
        )
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        log_action(user, invitation, "members.invitation.accepted", {"email": user.email})
    return user


def revoke_invitation(*, invitation: Invitation, actor: User) -> Invitation:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log_action(actor, invitation, "members.invitation.revoked", {"email": invitation.email})
    return invitation


def update_profile(
    *, user: User, name: str | None = None, preferred_language: str | None = None
) -> User:
    """Change a user's name and preferred language; audited with old and new values."""
    changes = {}
    for field, value in (("name", name), ("preferred_language", preferred_language)):
        if value is not None and getattr(user, field) != value:
            changes[field] = [getattr(user, field), value]
            setattr(user, field, value)
    if changes:
        with transaction.atomic():
            user.save(update_fields=list(changes))
            log_action(user, user, "members.profile.updated", changes)
    return user


API_TOKEN_PREFIX = "chm"  # noqa: S105 - a label, not a secret
# last_used_at is refreshed at most this often, so that an API client does
# not write to the database on every request.
API_TOKEN_USE_PRECISION = timedelta(minutes=1)


def api_token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a named API token for ``user``; return it with its secret.

    The secret (``chm_<prefix>_<random>``) exists only in this return value;
    the database keeps its SHA-256 digest. Raises ``ValidationError`` on
    ``name`` when the user has a live token of that name, in any case.
    Audited as ``members.api_token.created``.
    """
    name = name.strip()
    duplicate = ValidationError(
        {
            "name": ValidationError(
                _('You already have a token named "%(name)s".'),
                code="duplicate",
                params={"name": name},
            )
        }
    )
    if user.api_tokens.live().filter(name__iexact=name).exists():
        raise duplicate
    prefix = secrets.token_hex(4)
    secret = f"{API_TOKEN_PREFIX}_{prefix}_{secrets.token_hex(24)}"
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=user, name=name, prefix=prefix, digest=api_token_digest(secret)
            )
            log_action(user, token, "members.api_token.created", {"name": name, "prefix": prefix})
    except IntegrityError:
        # A concurrent request created a token of that name after the check.
        raise duplicate from None
    return token, secret


def revoke_api_token(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke ``token`` for good; revoking a revoked token changes nothing.

    Audited as ``members.api_token.revoked``.
    """
    now = timezone.now()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if revoked:
            token.revoked_at = now
            changes = {"name": token.name, "prefix": token.prefix}
            log_action(actor, token, "members.api_token.revoked", changes)
    return token


def mark_api_token_used(*, token: ApiToken) -> ApiToken:
    """Record that ``token`` authenticated a request, at most once a minute.

    The conditional UPDATE lets one of several concurrent requests write.
    Not audited: it is bookkeeping, not a change anyone made.
    """
    now = timezone.now()
    stale = now - API_TOKEN_USE_PRECISION
    if token.last_used_at is not None and token.last_used_at > stale:
        return token
    updated = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale))
        .update(last_used_at=now)
    )
    if updated:
        token.last_used_at = now
    return token
