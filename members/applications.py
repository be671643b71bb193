"""Membership applications and the member lifecycle: services and selectors.

Kept apart from ``members.services`` (accounts, firms, contacts) because it
is one topic of its own: from a public form to a firm with an admin.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chemster.lib.cache import invalidate
from chemster.models import AuditEntry
from chemster.services import log_action
from members.content import INFORMATION_CLAUSE, INFORMATION_CLAUSE_VERSION, NEWSLETTER_CONSENT
from members.models import Contact, Firm, FirmRole, Invitation, MembershipApplication, User
from members.permissions import COORDINATORS_GROUP
from members.services import DIRECTORY_CACHE_KEYS, create_firm, invite_user, reindex_firms
from newsletters.models import Consent, OutboundMessage
from newsletters.services import queue_mail, request_consent


def clause_text(language: str) -> str:
    return INFORMATION_CLAUSE["en" if language == "en" else "pl"]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def active_member_with_nip(nip: str) -> Firm | None:
    return Firm.objects.active().filter(nip=nip).first() if nip else None


def former_member_for(*, nip: str, vat_number: str) -> Firm | None:
    """The suspended or former member that an application would reinstate."""
    firms = Firm.objects.exclude(status=Firm.Status.ACTIVE)
    if nip:
        return firms.filter(nip=nip).first()
    if vat_number:
        return firms.filter(vat_number=vat_number).first()
    return None


def _coordinator_addresses() -> list[tuple[str, str]]:
    return list(
        User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True).values_list(
            "email", "preferred_language"
        )
    )


def _notice(*, to, language, subject, body, key, category=OutboundMessage.Category.SERVICE):
    queue_mail(
        to=to,
        language=language,
        template="notice",
        context={"subject": subject, "body": body},
        category=category,
        dedupe_key=key,
    )


def _open_application_exists(data: dict) -> bool:
    open_applications = MembershipApplication.objects.filter(
        state=MembershipApplication.State.SUBMITTED
    )
    if data.get("nip"):
        return open_applications.filter(nip=data["nip"]).exists()
    if data.get("vat_number"):
        return open_applications.filter(vat_number=data["vat_number"]).exists()
    return False


def _already_submitted(data: dict) -> ValidationError:
    field = "nip" if data.get("nip") else "vat_number"
    return ValidationError(
        {
            field: ValidationError(
                _(
                    "An application of this firm is already awaiting the cluster office's "
                    "decision; there is no need to send it again."
                ),
                code="already_submitted",
            )
        }
    )


def submit_application(
    *, data: dict, competences, newsletter: bool, ip: str | None = None
) -> MembershipApplication:
    """Record a public application, mail the applicant and the coordinators.

    ``data`` holds the form's fields of ``MembershipApplication``. The
    information clause shown in the applicant's language is recorded by
    version and hash. Newsletter consent, when asked for, is a separate
    double opt-in through ``Consent``; the application never depends on it.
    Raises ``ValidationError`` when the NIP belongs to an active member, and
    (code ``already_submitted``) when an application with the same NIP or
    VAT number awaits a decision: a form sent twice, even at the same
    moment, records one application and mails once (the partial unique
    constraints decide the race).
    """
    if active_member_with_nip(data.get("nip", "")):
        raise ValidationError(
            {"nip": _("This NIP belongs to a current member of the cluster.")}, code="member"
        )
    if _open_application_exists(data):
        raise _already_submitted(data)
    language = data.get("language") or "pl"
    with transaction.atomic():
        try:
            # A savepoint, so that the conflict can be answered in words.
            with transaction.atomic():
                application = MembershipApplication.objects.create(
                    **data,
                    clause_version=INFORMATION_CLAUSE_VERSION,
                    clause_sha256=_sha256(clause_text(language)),
                )
        except IntegrityError:
            raise _already_submitted(data) from None
        application.competences.set(competences)
        log_action(None, application, "members.application.submitted", {"name": application.name})
        with translation.override(language):
            _notice(
                to=application.contact_email,
                language=language,
                subject=_("We have received the application of %(firm)s")
                % {"firm": application.name},
                body=_(
                    "Thank you for applying to join the CHEM-STER cluster. The cluster "
                    "office reviews every application and will write to you with its "
                    "decision."
                ),
                key=f"application:{application.pk}:received",
            )
        link = settings.SITE_URL.rstrip("/") + reverse(
            "members:application", kwargs={"pk": application.pk}
        )
        for email, coordinator_language in _coordinator_addresses():
            with translation.override(coordinator_language):
                _notice(
                    to=email,
                    language=coordinator_language,
                    subject=_("New membership application: %(firm)s") % {"firm": application.name},
                    body=_("Review it here: %(link)s") % {"link": link},
                    key=f"application:{application.pk}:coordinator:{email.lower()}",
                    category=OutboundMessage.Category.NOTIFICATION,
                )
        if newsletter:
            consent_language = "en" if language == "en" else "pl"
            # One stored text per version: each language has its own.
            request_consent(
                email=application.contact_email,
                purpose=Consent.Purpose.NEWSLETTER,
                text=NEWSLETTER_CONSENT[consent_language],
                version=f"{INFORMATION_CLAUSE_VERSION}-application-{consent_language}",
                method=Consent.Method.FORM,
                language=language,
                ip=ip,
            )
    return application


def _lock_undecided(application: MembershipApplication) -> MembershipApplication:
    """Lock the application row; refuse one that was decided already.

    Two coordinators deciding at once: the second waits for the lock, then
    sees the decision and gets the message.
    """
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if locked.state != MembershipApplication.State.SUBMITTED:
        raise ValidationError(
            _("This application was decided already (%(state)s).")
            % {"state": locked.get_state_display()},
            code="decided",
        )
    return locked


def accept_application(*, application: MembershipApplication, actor: User) -> Firm:
    """Accept: create the firm (or reinstate a former member with the same
    NIP or VAT number), its contact and an invitation of the contact as the
    firm's admin, all in one transaction with the mails."""
    with transaction.atomic():
        application = _lock_undecided(application)
        competences = list(application.competences.all())
        firm = former_member_for(nip=application.nip, vat_number=application.vat_number)
        if firm is None:
            firm = create_firm(
                actor=actor,
                name=application.name,
                kind=application.kind,
                size_class=application.size_class,
                country=application.country,
                nip=application.nip,
                vat_number=application.vat_number,
                street=application.street,
                postcode=application.postcode,
                city=application.city,
                website=application.website,
                description_pl=application.description,
                competences=competences,
            )
        else:
            reinstate_member(firm=firm, actor=actor, reason=_("application accepted"))
        contact, _created = Contact.objects.get_or_create(
            firm=firm,
            email__iexact=application.contact_email,
            defaults={
                "email": application.contact_email,
                "name": application.contact_name,
                "function": application.contact_function,
                "phone": application.contact_phone,
                "language": application.language,
                "source": Contact.Source.APPLICATION,
            },
        )
        user = User.objects.filter(email__iexact=application.contact_email).first()
        if user is None:
            invite_user(
                email=application.contact_email,
                name=application.contact_name,
                language=application.language,
                invited_by=actor,
                firm=firm,
                role=FirmRole.Role.ADMIN,
            )
        else:
            FirmRole.objects.update_or_create(
                firm=firm, user=user, defaults={"role": FirmRole.Role.ADMIN}
            )
            if contact.user_id is None:
                contact.user = user
                contact.save(update_fields=["user"])
        application.state = MembershipApplication.State.ACCEPTED
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.firm = firm
        application.save(update_fields=["state", "decided_at", "decided_by", "firm"])
        log_action(actor, application, "members.application.accepted", {"firm": firm.pk})
        with translation.override(application.language):
            _notice(
                to=application.contact_email,
                language=application.language,
                subject=_("Welcome to the CHEM-STER cluster"),
                body=_(
                    "The cluster office has accepted the application of %(firm)s. "
                    "A separate message brings the link to your account on the portal."
                )
                % {"firm": firm.name},
                key=f"application:{application.pk}:accepted",
            )
    return firm


def reject_application(
    *, application: MembershipApplication, actor: User, reason: str
) -> MembershipApplication:
    """Reject with a reason the applicant is told by mail."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the applicant will read.")})
    with transaction.atomic():
        application = _lock_undecided(application)
        application.state = MembershipApplication.State.REJECTED
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.decision_reason = reason
        application.save(update_fields=["state", "decided_at", "decided_by", "decision_reason"])
        log_action(actor, application, "members.application.rejected", {"reason": reason})
        with translation.override(application.language):
            _notice(
                to=application.contact_email,
                language=application.language,
                subject=_("Your application to the CHEM-STER cluster"),
                body=_(
                    "The cluster office could not accept the application of %(firm)s. "
                    "The reason: %(reason)s"
                )
                % {"firm": application.name, "reason": reason},
                key=f"application:{application.pk}:rejected",
            )
    return application


# --- The member lifecycle ---------------------------------------------------


def _set_status(
    *,
    firm: Firm,
    actor: User,
    status: str,
    allowed_from: set,
    refusal: str,
    code: str,
    changes: dict,
    validate=None,
) -> Firm:
    """Change a member's status under a row lock; the check reads the locked
    row, so a stale object or two coordinators at once cannot skip it."""
    with transaction.atomic():
        firm = Firm.objects.select_for_update().get(pk=firm.pk)
        if firm.status not in allowed_from:
            raise ValidationError(refusal)
        if validate is not None:
            validate(firm)
        old = firm.status
        firm.status = status
        dated = [name for name in ("left_on", "left_reason") if name in changes]
        for name in dated:
            setattr(firm, name, changes[name])
        firm.save(update_fields=["status", "updated_at", *dated])
        log_action(
            actor,
            firm,
            code,
            {"status": [old, status], **{k: str(v) for k, v in changes.items()}},
        )
        reindex_firms([firm.pk])
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return firm


def suspend_member(*, firm: Firm, actor: User, reason: str = "") -> Firm:
    """Suspend: the firm leaves the directory and its users become outsiders."""
    return _set_status(
        firm=firm,
        actor=actor,
        status=Firm.Status.SUSPENDED,
        allowed_from={Firm.Status.ACTIVE},
        refusal=_("Only an active member can be suspended."),
        code="members.firm.suspended",
        changes={"reason": reason},
    )


def reinstate_member(*, firm: Firm, actor: User, reason: str = "") -> Firm:
    """Make a suspended or former member active again (history kept)."""
    return _set_status(
        firm=firm,
        actor=actor,
        status=Firm.Status.ACTIVE,
        allowed_from={Firm.Status.SUSPENDED, Firm.Status.FORMER},
        refusal=_("This firm is an active member already."),
        code="members.firm.reinstated",
        changes={"reason": reason, "left_on": None, "left_reason": ""},
    )


def record_leaving(*, firm: Firm, actor: User, left_on, reason: str) -> Firm:
    """Record that a member left the cluster on ``left_on`` and why."""

    def not_before_joining(locked: Firm) -> None:
        if left_on < locked.joined_on:
            raise ValidationError({"left_on": _("The leaving date is before the joining date.")})

    return _set_status(
        firm=firm,
        actor=actor,
        status=Firm.Status.FORMER,
        allowed_from={Firm.Status.ACTIVE, Firm.Status.SUSPENDED},
        refusal=_("This firm has left the cluster already."),
        code="members.firm.left",
        changes={"left_on": left_on, "left_reason": reason},
        validate=not_before_joining,
    )


# --- What the coordinator's dashboard shows ----------------------------------


def applications_for_review(*, state: str = "", query: str = ""):
    """The coordinator's list of applications, newest first, with their
    firms (the review page and the API): ``state`` filters by state,
    ``query`` finds words in the firm's name or the contact's e-mail."""
    applications = MembershipApplication.objects.select_related("firm")
    if state:
        applications = applications.filter(state=state)
    if query:
        applications = applications.filter(
            Q(name__icontains=query) | Q(contact_email__icontains=query)
        )
    return applications


def application_for_review(pk: int) -> MembershipApplication | None:
    """One application with everything its review page shows, or None."""
    return (
        MembershipApplication.objects.select_related("firm", "decided_by")
        .prefetch_related("competences")
        .filter(pk=pk)
        .first()
    )


def applications_awaiting_decision():
    return MembershipApplication.objects.filter(state=MembershipApplication.State.SUBMITTED)


def recent_status_changes(days: int = 30):
    """Audit entries of members suspended, reinstated or leaving lately."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Firm),
        code__in=["members.firm.suspended", "members.firm.reinstated", "members.firm.left"],
        created_at__gte=timezone.now() - timedelta(days=days),
    ).select_related("content_type")


def invitations_never_used():
    """Invitations that expired without being accepted (and were not revoked)."""
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now()
    ).select_related("firm")
