"""Writes of the members app."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chemster.lib.cache import invalidate
from chemster.services import log_action
from members.images import normalise_logo
from members.models import ApiToken, Competence, Contact, Firm, FirmRole, Invitation, User
from members.permissions import COORDINATORS_GROUP
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail

# What the coordinator may change through the Django admin, as
# (app_label, codename).
COORDINATOR_PERMISSIONS = [
    ("chemster", "view_sitetext"),
    ("chemster", "change_sitetext"),
    ("members", "view_invitation"),
    ("members", "view_firm"),
    ("members", "add_firm"),
    ("members", "change_firm"),
    ("newsletters", "view_outboundmessage"),
    ("newsletters", "view_consent"),
    ("newsletters", "view_consenttext"),
    ("newsletters", "view_optout"),
    ("newsletters", "view_campaign"),
    ("projects", "view_project"),
    ("projects", "view_opportunity"),
    ("events", "view_event"),
    ("events", "view_registration"),
    ("strategy", "view_strategy"),
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
    *,
    email: str,
    name: str = "",
    language: str = "pl",
    invited_by: User | None,
    firm: Firm | None = None,
    role: str = "",
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
            firm=firm,
            role=role,
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
                "firm": firm.name if firm else "",
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
            Invitation.objects.select_for_update().filter(token_digest=_token_digest(token)).first()
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
        if invitation.firm_id:
            FirmRole.objects.create(firm=invitation.firm, user=user, role=invitation.role)
            log_action(
                user,
                invitation.firm,
                "members.role.added",
                {"user": user.email, "role": invitation.role},
            )
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


# --- Firms ----------------------------------------------------------------

# Fragments that show firms: dropped after every change of a firm.
DIRECTORY_CACHE_KEYS = ("members:directory-facets", "home:figures")

# One statement for any number of firms: the vector joins the name
# (weight A), competence names in both languages (B), descriptions (C) and
# offers, certifications, equipment and the city (D), all through the
# unaccenting configuration, so "zaklady" finds "Zakłady". Texts the firm
# shows to members only stay out: the directory is public, and a search
# must not reveal what the page hides from visitors.
_REINDEX_SQL = """
UPDATE members_firm AS f SET search_vector =
    setweight(to_tsvector('chemster_unaccent', f.name), 'A')
    || setweight(to_tsvector('chemster_unaccent', coalesce((
        SELECT string_agg(c.name_pl || ' ' || c.name_en, ' ')
        FROM members_firm_competences fc
        JOIN members_competence c ON c.id = fc.competence_id
        WHERE fc.firm_id = f.id), '')), 'B')
    || setweight(to_tsvector('chemster_unaccent', CASE WHEN f.public_fields ? 'description'
        THEN f.description_pl || ' ' || f.description_en ELSE '' END), 'C')
    || setweight(to_tsvector('chemster_unaccent',
        CASE WHEN f.public_fields ? 'offer' THEN f.offer_pl || ' ' || f.offer_en ELSE '' END
        || ' ' || CASE WHEN f.public_fields ? 'certifications' THEN f.certifications ELSE '' END
        || ' ' || CASE WHEN f.public_fields ? 'equipment'
            THEN f.equipment_pl || ' ' || f.equipment_en ELSE '' END
        || ' ' || f.city), 'D')
WHERE f.id = ANY(%s)
"""


def reindex_firms(ids) -> None:
    """Rebuild the search vectors of the firms ``ids`` (any iterable of pks).

    Called by every service that changes a firm's texts or competences, by
    ``rename_competence`` for the firms that have it, and by bulk loaders.
    """
    ids = list(ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(_REINDEX_SQL, [ids])


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(unidecode_pl(name))[:70] or "firma"
    slug, n = base, 2
    others = Firm.objects.exclude(pk=exclude_pk) if exclude_pk else Firm.objects.all()
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unidecode_pl(text: str) -> str:
    """Polish letters to ASCII for addresses (slugify drops them otherwise)."""
    return text.translate(str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ"))


def _changes(obj, fields: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value differs (log_action
    stores what is not a JSON type as its text)."""
    return {
        name: [getattr(obj, name), value]
        for name, value in fields.items()
        if getattr(obj, name) != value
    }


def create_firm(*, actor: User | None, competences=(), **fields) -> Firm:
    """Create a member firm (the coordinator, an accepted application, an import).

    Side effects: search vector, audit entry, directory caches dropped after
    commit.
    """
    with transaction.atomic():
        firm = Firm(**fields)
        firm.slug = fields.get("slug") or _unique_slug(firm.name)
        firm.full_clean(exclude=["search_vector"])
        firm.save()
        if competences:
            firm.competences.set(competences)
        reindex_firms([firm.pk])
        log_action(actor, firm, "members.firm.created", {"name": firm.name})
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return firm


def update_firm(*, firm: Firm, actor: User, fields: dict, competences=None) -> Firm:
    """Change a firm's profile fields and, when given, its competences.

    Records old and new values in the audit log, refreshes the search vector
    and drops the directory caches.
    """
    changes = _changes(firm, fields)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(firm, name, value)
        if changes:
            firm.save(update_fields=[*changes, "updated_at"])
        if competences is not None:
            before = set(firm.competences.values_list("pk", flat=True))
            after = {c.pk for c in competences}
            if before != after:
                firm.competences.set(competences)
                changes["competences"] = [sorted(before), sorted(after)]
                firm.save(update_fields=["updated_at"])
        if changes:
            reindex_firms([firm.pk])
            log_action(actor, firm, "members.firm.updated", changes)
            transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return firm


def rename_competence(*, competence: Competence, actor: User, name_pl: str, name_en: str):
    """Rename a competence and reindex the firms that have it."""
    changes = _changes(competence, {"name_pl": name_pl, "name_en": name_en})
    with transaction.atomic():
        competence.name_pl, competence.name_en = name_pl, name_en
        competence.save(update_fields=["name_pl", "name_en"])
        reindex_firms(competence.firms.values_list("pk", flat=True))
        log_action(actor, competence, "members.competence.renamed", changes)
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return competence


# --- Firm users -------------------------------------------------------------


def _lock_firm(firm: Firm) -> Firm:
    return Firm.objects.select_for_update().get(pk=firm.pk)


def _admin_count(firm: Firm) -> int:
    return FirmRole.objects.filter(firm=firm, role=FirmRole.Role.ADMIN).count()


def add_firm_role(*, firm: Firm, user: User, role: str, actor: User | None) -> FirmRole:
    """Give ``user`` a role in ``firm`` (or change the one they have)."""
    with transaction.atomic():
        _lock_firm(firm)
        firm_role, created = FirmRole.objects.get_or_create(
            firm=firm, user=user, defaults={"role": role}
        )
        if not created and firm_role.role != role:
            return change_firm_role(firm_role=firm_role, role=role, actor=actor)
        if created:
            log_action(actor, firm, "members.role.added", {"user": user.email, "role": role})
    return firm_role


def change_firm_role(*, firm_role: FirmRole, role: str, actor: User | None) -> FirmRole:
    """Make a firm user admin or editor; the last admin cannot be demoted.

    The firm row is locked, so two admins demoting each other at once leave
    one admin.
    """
    with transaction.atomic():
        firm = _lock_firm(firm_role.firm)
        firm_role.refresh_from_db()
        if firm_role.role == role:
            return firm_role
        if firm_role.is_admin and _admin_count(firm) == 1:
            raise ValidationError(
                _(
                    "%(name)s is the firm's last administrator. Make someone else an "
                    "administrator first."
                )
                % {"name": firm_role.user.name or firm_role.user.email},
                code="last_admin",
            )
        old = firm_role.role
        firm_role.role = role
        firm_role.save(update_fields=["role"])
        log_action(
            actor, firm, "members.role.changed", {"user": firm_role.user.email, "role": [old, role]}
        )
    return firm_role


def remove_firm_role(*, firm_role: FirmRole, actor: User | None) -> None:
    """Take a user's role in a firm away; the last admin cannot be removed."""
    with transaction.atomic():
        firm = _lock_firm(firm_role.firm)
        if firm_role.is_admin and _admin_count(firm) == 1:
            raise ValidationError(
                _(
                    "%(name)s is the firm's last administrator and cannot be removed. "
                    "Make someone else an administrator first."
                )
                % {"name": firm_role.user.name or firm_role.user.email},
                code="last_admin",
            )
        log_action(
            actor,
            firm,
            "members.role.removed",
            {"user": firm_role.user.email, "role": firm_role.role},
        )
        firm_role.delete()


# --- Contacts ---------------------------------------------------------------

CONTACT_FIELDS = ("name", "function", "email", "phone", "language", "user")


def add_contact(
    *, firm: Firm, actor: User | None, source: str = Contact.Source.FIRM, **fields
) -> Contact:
    with transaction.atomic():
        contact = Contact(firm=firm, source=source, **fields)
        contact.full_clean()
        contact.save()
        firm.save(update_fields=["updated_at"])
        log_action(actor, contact, "members.contact.added", {"firm": firm.name})
    return contact


def update_contact(*, contact: Contact, actor: User, fields: dict) -> Contact:
    changes = _changes(contact, fields)
    if not changes:
        return contact
    with transaction.atomic():
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.full_clean()
        contact.save(update_fields=list(changes))
        contact.firm.save(update_fields=["updated_at"])
        log_action(actor, contact, "members.contact.updated", changes)
    return contact


def remove_contact(*, contact: Contact, actor: User) -> None:
    with transaction.atomic():
        log_action(actor, contact, "members.contact.removed", {"firm": contact.firm.name})
        contact.firm.save(update_fields=["updated_at"])
        contact.delete()


def invite_to_firm(
    *, firm: Firm, email: str, name: str, role: str, language: str, invited_by: User
) -> Invitation | FirmRole:
    """Bring a colleague into a firm with a role.

    Someone who has an account already gets the role at once and a notice
    by mail (a user may hold roles in several firms); anyone else gets an
    invitation whose acceptance creates the account and the role.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        return invite_user(
            email=email, name=name, language=language, invited_by=invited_by, firm=firm, role=role
        )
    with transaction.atomic():
        firm_role = add_firm_role(firm=firm, user=user, role=role, actor=invited_by)
        with translation.override(user.preferred_language):
            subject = _("You now have a role in %(firm)s on the CHEM-STER portal") % {
                "firm": firm.name
            }
            body = _("%(inviter)s gave you the role “%(role)s” in %(firm)s. Log in: %(link)s") % {
                "inviter": invited_by.name or invited_by.email,
                "role": firm_role.get_role_display(),
                "firm": firm.name,
                "link": settings.SITE_URL.rstrip("/") + reverse("account_login"),
            }
        queue_mail(
            to=user.email,
            language=user.preferred_language,
            template="notice",
            context={"subject": subject, "body": body},
            category=OutboundMessage.Category.NOTIFICATION,
            dedupe_key=f"firm-role:{firm_role.pk}:{firm_role.role}",
        )
    return firm_role


# --- Logos and the competence taxonomy ----------------------------------------


def set_firm_logo(*, firm: Firm, actor: User, upload) -> Firm:
    """Replace the firm's logo with ``upload``; ``None`` removes the logo.

    The upload goes through ``members.images.normalise_logo`` (checked by
    content, re-encoded as PNG without metadata; raises ``ValidationError``)
    and is stored under a generated name in ``logos/``. The old file is
    deleted after commit; the new one is deleted again if saving fails.
    Audited as ``members.firm.logo_changed`` with the old and new names.
    """
    storage = firm.logo.storage
    old_name = firm.logo.name or ""
    new_name = ""
    if upload is not None:
        logo = normalise_logo(upload)
        new_name = storage.save(f"logos/{logo.name}", logo)
    if old_name == new_name:
        return firm
    try:
        with transaction.atomic():
            firm.logo = new_name
            firm.save(update_fields=["logo", "updated_at"])
            log_action(actor, firm, "members.firm.logo_changed", {"logo": [old_name, new_name]})
            if old_name:
                transaction.on_commit(lambda: storage.delete(old_name), robust=True)
            transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    except Exception:
        if new_name:
            storage.delete(new_name)
        raise
    return firm


def _unique_competence_code(name: str) -> str:
    base = slugify(unidecode_pl(name))[:50] or "competence"
    code, n = base, 2
    while Competence.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


def add_competence(*, group, actor: User, name_pl: str, name_en: str) -> Competence:
    """Add a competence at the end of ``group`` (a ``CompetenceGroup``).

    Its code is made from the English name (the Polish one when there is no
    English). No firm has it yet, so no search vector changes; the
    directory's cached facets are dropped. Audited as
    ``members.competence.added``.
    """
    with transaction.atomic():
        last = group.competences.order_by("-position").values_list("position", flat=True).first()
        competence = Competence.objects.create(
            group=group,
            code=_unique_competence_code(name_en or name_pl),
            name_pl=name_pl,
            name_en=name_en,
            position=(last or 0) + 1,
        )
        log_action(
            actor,
            competence,
            "members.competence.added",
            {"group": group.code, "name_pl": name_pl, "name_en": name_en},
        )
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return competence
