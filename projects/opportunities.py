"""Cooperation offers and requests (``Opportunity``): services and reads.

The flow: a firm's editor drafts a posting, the firm's admin submits it,
the coordinator publishes it or returns it with a reason; a published
posting expires ``VALIDITY_MONTHS`` after publication or renewal, the firm's
admins are reminded ``REMINDER_DAYS`` before, and other member firms
express interest in it. Views and the API call these functions only.

Actors who may not act at all get ``PermissionDenied``; a move the
posting's state refuses is a ``ValidationError`` (code ``already_decided``
for a second decision of the coordinator, ``invalid_state`` otherwise).
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chemster.services import log_action
from members.models import Competence, Firm, FirmRole, User
from members.permissions import COORDINATORS_GROUP, is_coordinator, sees_members_content
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail
from projects.matching import rank_firms_for_competences
from projects.models import Interest, Opportunity
from projects.permissions import admin_firm_ids, member_firm_ids

# A published posting stays on the board this many calendar months.
VALIDITY_MONTHS = 12
# The firm's admins are reminded this many days before the posting expires.
REMINDER_DAYS = 28

# Fields a firm may change while the posting is a draft or returned.
EDITABLE_FIELDS = (
    "kind",
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "description_pl",
    "description_en",
)
EDITABLE_STATES = (Opportunity.State.DRAFT, Opportunity.State.RETURNED)
RENEWABLE_STATES = (Opportunity.State.PUBLISHED, Opportunity.State.EXPIRED)
# States in which the coordinator's decision has been taken already.
DECIDED_STATES = (
    Opportunity.State.RETURNED,
    Opportunity.State.PUBLISHED,
    Opportunity.State.EXPIRED,
    Opportunity.State.WITHDRAWN,
)

S = Opportunity.State


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; the 31st (or 29 February) becomes the
    last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def expiry_from(day: date) -> date:
    return add_months(day, VALIDITY_MONTHS)


# --- Who may do what ----------------------------------------------------------


def is_firm_user(user, opportunity: Opportunity) -> bool:
    """An admin or editor of the posting's firm (while the firm is active)."""
    return opportunity.firm_id in member_firm_ids(user)


def is_firm_admin(user, opportunity: Opportunity) -> bool:
    return opportunity.firm_id in admin_firm_ids(user)


def is_public(opportunity: Opportunity) -> bool:
    """Published by an active member (a suspended or former member's
    postings leave the board with the firm)."""
    return opportunity.state == S.PUBLISHED and opportunity.firm.status == Firm.Status.ACTIVE


def is_on_board(opportunity: Opportunity, today: date | None = None) -> bool:
    """Public and not past its expiry date (the daily task may not have run
    yet)."""
    today = today or timezone.localdate()
    return is_public(opportunity) and opportunity.expires_on >= today


def can_see(user, opportunity: Opportunity) -> bool:
    """Everyone sees a published posting's summary; any other (or a
    non-member's) only its firm's users and the coordinator."""
    if is_public(opportunity):
        return True
    return is_coordinator(user) or is_firm_user(user, opportunity)


def can_read_full_text(user, opportunity: Opportunity) -> bool:
    """Members and the coordinator read the full text (of what they see)."""
    return can_see(user, opportunity) and sees_members_content(user)


def can_edit(user, opportunity: Opportunity) -> bool:
    return is_firm_user(user, opportunity) and opportunity.state in EDITABLE_STATES


def interest_firm_ids(user, opportunity: Opportunity) -> set[int]:
    """The user's active firms that may express interest in the posting
    (any but the author; whether one did already is checked on saving)."""
    return member_firm_ids(user) - {opportunity.firm_id}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _refuse_move(opportunity: Opportunity, target: str, message: str) -> None:
    if not opportunity.can_move_to(target):
        raise ValidationError(
            message % {"state": opportunity.get_state_display()}, code="invalid_state"
        )


def _locked(opportunity: Opportunity) -> Opportunity:
    """The posting's row, locked, with the latest state (two requests at
    once: the second waits and sees what the first did)."""
    return (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("firm")
        .get(pk=opportunity.pk)
    )


# --- Mail -----------------------------------------------------------------------


def _link(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _mail(*, to: User, template: str, key: str, context: dict, links=()):
    """Queue ``emails/projects/opportunity_<template>`` for one person in
    their language; ``links`` are (context name, URL name, kwargs)."""
    email = to.email
    language = to.preferred_language if to.preferred_language in ("pl", "en") else "pl"
    context = {
        **context,
        **{name: _link(url_name, language, **kwargs) for name, url_name, kwargs in links},
    }
    queue_mail(
        to=email,
        language=language,
        template=f"projects/opportunity_{template}",
        context=context,
        category=OutboundMessage.Category.NOTIFICATION,
        dedupe_key=f"{key}:{email.lower()}",
    )


def _firm_users(firm_id: int, roles=(FirmRole.Role.ADMIN,)) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, firm_roles__firm_id=firm_id, firm_roles__role__in=roles
        ).order_by("pk")
    )


def _coordinators() -> list[User]:
    return list(User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True).order_by("pk"))


# --- Services ---------------------------------------------------------------


def create_opportunity(
    *,
    actor: User,
    firm: Firm,
    kind: str,
    title_pl: str,
    summary_pl: str,
    title_en: str = "",
    summary_en: str = "",
    description_pl: str = "",
    description_en: str = "",
    competences=(),
) -> Opportunity:
    """Draft a posting for ``firm`` (its editors and admins).

    Raises ``PermissionDenied`` for anyone else, ``ValidationError`` for an
    unknown type or an empty title or summary.
    """
    _require(firm.pk in member_firm_ids(actor))
    opportunity = Opportunity(
        firm=firm,
        kind=kind,
        title_pl=title_pl,
        title_en=title_en,
        summary_pl=summary_pl,
        summary_en=summary_en,
        description_pl=description_pl,
        description_en=description_en,
        created_by=actor,
    )
    opportunity.full_clean(exclude=["firm", "created_by"])
    with transaction.atomic():
        opportunity.save()
        opportunity.competences.set(competences)
        log_action(
            actor,
            opportunity,
            "projects.opportunity.created",
            {"firm": firm.pk, "kind": kind, "title_pl": title_pl},
        )
    return opportunity


def update_opportunity(*, actor: User, opportunity: Opportunity, **fields) -> Opportunity:
    """Change a draft or returned posting (its firm's editors and admins).

    ``fields`` are among ``EDITABLE_FIELDS`` and ``competences``. A
    submitted posting waits for the coordinator unchanged, and a published
    one cannot be edited (the text the coordinator approved is what members
    see): withdraw it and draft a new one. Unknown fields are a
    ``ValueError``.
    """
    unknown = set(fields) - {*EDITABLE_FIELDS, "competences"}
    if unknown:
        raise ValueError(f"Not editable fields of a posting: {sorted(unknown)}")
    _require(is_firm_user(actor, opportunity))
    competences = fields.pop("competences", None)
    with transaction.atomic():
        opportunity = _locked(opportunity)
        if opportunity.state not in EDITABLE_STATES:
            raise ValidationError(
                _("Only a draft or a returned posting can be changed; this one is %(state)s.")
                % {"state": opportunity.get_state_display()},
                code="invalid_state",
            )
        changes = {
            name: [getattr(opportunity, name), value]
            for name, value in fields.items()
            if getattr(opportunity, name) != value
        }
        for name, value in fields.items():
            setattr(opportunity, name, value)
        opportunity.full_clean(exclude=["firm", "created_by", "reviewed_by"])
        opportunity.save(update_fields=[*fields, "updated_at"])
        if competences is not None:
            before = set(opportunity.competences.values_list("pk", flat=True))
            after = {c.pk if isinstance(c, Competence) else int(c) for c in competences}
            if before != after:
                opportunity.competences.set(after)
                changes["competences"] = [sorted(before), sorted(after)]
        log_action(actor, opportunity, "projects.opportunity.updated", changes)
    return opportunity


def submit_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Send a draft or returned posting to the coordinator (the firm's admins).

    Mails every coordinator a link to the review page.
    """
    _require(is_firm_admin(actor, opportunity))
    with transaction.atomic():
        opportunity = _locked(opportunity)
        _refuse_move(
            opportunity, S.SUBMITTED, _("A posting that is %(state)s cannot be submitted.")
        )
        old = opportunity.state
        opportunity.state = S.SUBMITTED
        opportunity.submitted_at = timezone.now()
        opportunity.submitted_by = actor
        opportunity.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
        log_action(
            actor, opportunity, "projects.opportunity.submitted", {"state": [old, S.SUBMITTED]}
        )
        for coordinator in _coordinators():
            _mail(
                to=coordinator,
                template="submitted",
                key=f"opportunity:{opportunity.pk}:submitted:{opportunity.submitted_at:%Y%m%d%H%M%S%f}",
                context={"opportunity": opportunity, "firm": opportunity.firm.name},
                links=[("link", "projects:opportunity-review", {"pk": opportunity.pk})],
            )
    return opportunity


def _lock_for_decision(actor: User, opportunity: Opportunity) -> Opportunity:
    _require(is_coordinator(actor))
    opportunity = _locked(opportunity)
    if opportunity.state in DECIDED_STATES:
        raise ValidationError(
            _("This posting was decided already (%(state)s).")
            % {"state": opportunity.get_state_display()},
            code="already_decided",
        )
    if opportunity.state != S.SUBMITTED:
        raise ValidationError(
            _("The firm has not submitted this posting yet."), code="invalid_state"
        )
    return opportunity


def approve_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Publish a submitted posting (the coordinator) for ``VALIDITY_MONTHS``.

    Mails the firm's admins. A second decision is refused with code
    ``already_decided``.
    """
    with transaction.atomic():
        opportunity = _lock_for_decision(actor, opportunity)
        opportunity.state = S.PUBLISHED
        opportunity.published_at = timezone.now()
        opportunity.expires_on = expiry_from(timezone.localdate())
        opportunity.reviewed_by = actor
        opportunity.review_note = ""
        opportunity.save(
            update_fields=[
                "state",
                "published_at",
                "expires_on",
                "reviewed_by",
                "review_note",
                "updated_at",
            ]
        )
        log_action(
            actor,
            opportunity,
            "projects.opportunity.published",
            {"state": [S.SUBMITTED, S.PUBLISHED], "expires_on": opportunity.expires_on},
        )
        for user in _firm_users(opportunity.firm_id):
            _mail(
                to=user,
                template="published",
                key=f"opportunity:{opportunity.pk}:published:{opportunity.published_at:%Y%m%d%H%M%S%f}",
                context={"opportunity": opportunity, "name": user.name},
                links=[("link", "projects:opportunity-detail", {"pk": opportunity.pk})],
            )
    return opportunity


def return_opportunity(*, actor: User, opportunity: Opportunity, reason: str) -> Opportunity:
    """Return a submitted posting to its firm with a reason (the coordinator).

    Mails the firm's admins and the person who drafted it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason the firm will read.")}, code="required")
    with transaction.atomic():
        opportunity = _lock_for_decision(actor, opportunity)
        opportunity.state = S.RETURNED
        opportunity.review_note = reason
        opportunity.reviewed_by = actor
        opportunity.save(update_fields=["state", "review_note", "reviewed_by", "updated_at"])
        log_action(
            actor,
            opportunity,
            "projects.opportunity.returned",
            {"state": [S.SUBMITTED, S.RETURNED], "reason": reason},
        )
        recipients = {user.pk: user for user in _firm_users(opportunity.firm_id)}
        author = opportunity.created_by
        if author is not None and author.is_active and is_firm_user(author, opportunity):
            recipients.setdefault(author.pk, author)
        for user in recipients.values():
            _mail(
                to=user,
                template="returned",
                key=f"opportunity:{opportunity.pk}:returned:{opportunity.submitted_at:%Y%m%d%H%M%S%f}",
                context={"opportunity": opportunity, "name": user.name, "reason": reason},
                links=[("link", "projects:opportunity-edit", {"pk": opportunity.pk})],
            )
    return opportunity


def renew_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Keep a published or expired posting on the board for another
    ``VALIDITY_MONTHS`` from today (the firm's admins).

    The new expiry date means a new reminder before it (the reminder's
    dedupe key names the date).
    """
    _require(is_firm_admin(actor, opportunity))
    with transaction.atomic():
        opportunity = _locked(opportunity)
        # Only the renewal moves (submitted → published is the coordinator's).
        if opportunity.state not in RENEWABLE_STATES:
            raise ValidationError(
                _("A posting that is %(state)s cannot be renewed.")
                % {"state": opportunity.get_state_display()},
                code="invalid_state",
            )
        old_state, old_expiry = opportunity.state, opportunity.expires_on
        opportunity.state = S.PUBLISHED
        opportunity.expires_on = expiry_from(timezone.localdate())
        opportunity.save(update_fields=["state", "expires_on", "updated_at"])
        log_action(
            actor,
            opportunity,
            "projects.opportunity.renewed",
            {
                "state": [old_state, S.PUBLISHED],
                "expires_on": [old_expiry, opportunity.expires_on],
            },
        )
    return opportunity


def withdraw_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Take a posting off the board for good (the firm's admins, or the
    coordinator, who moderates the board). Nothing is mailed."""
    _require(is_firm_admin(actor, opportunity) or is_coordinator(actor))
    with transaction.atomic():
        opportunity = _locked(opportunity)
        _refuse_move(
            opportunity, S.WITHDRAWN, _("A posting that is %(state)s cannot be withdrawn.")
        )
        old = opportunity.state
        opportunity.state = S.WITHDRAWN
        opportunity.save(update_fields=["state", "updated_at"])
        log_action(
            actor, opportunity, "projects.opportunity.withdrawn", {"state": [old, S.WITHDRAWN]}
        )
    return opportunity


def express_interest(
    *, actor: User, opportunity: Opportunity, firm: Firm, message: str
) -> Interest:
    """Record ``firm``'s interest in a published posting and put both sides
    in touch.

    ``actor`` is an admin or editor of ``firm``, an active member other than
    the posting's firm. One interest per firm: a second one (also from two
    tabs at once) is a ``ValidationError`` with code ``duplicate``. Mails:
    the posting firm's admins and editors get the interested person's name,
    e-mail and firm with the message; the interested person gets the
    posting firm's e-mail and phone and the name and e-mail of who
    submitted the posting.
    """
    _require(firm.pk in member_firm_ids(actor) and firm.pk != opportunity.firm_id)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a few words to the firm.")}, code="required")
    with transaction.atomic():
        opportunity = _locked(opportunity)
        if not is_on_board(opportunity):
            raise ValidationError(
                _("Interest can be expressed only in a published posting."), code="invalid_state"
            )
        duplicate = ValidationError(
            _("%(firm)s has expressed interest in this posting already.") % {"firm": firm.name},
            code="duplicate",
        )
        if opportunity.interests.filter(firm=firm).exists():
            raise duplicate
        try:
            # A savepoint, so that the unique constraint's error (a request
            # that slipped past the check) leaves the transaction usable.
            with transaction.atomic():
                interest = Interest.objects.create(
                    opportunity=opportunity, firm=firm, user=actor, message=message
                )
        except IntegrityError:
            raise duplicate from None
        log_action(
            actor,
            interest,
            "projects.interest.expressed",
            {"opportunity": opportunity.pk, "firm": firm.pk},
        )
        author_firm = opportunity.firm
        submitter = opportunity.submitted_by or opportunity.created_by
        key = f"opportunity:{opportunity.pk}:interest:{interest.pk}"
        for user in _firm_users(opportunity.firm_id, roles=FirmRole.Role.values):
            _mail(
                to=user,
                template="interest_received",
                key=f"{key}:received",
                context={
                    "opportunity": opportunity,
                    "name": user.name,
                    "person": actor.name,
                    "person_email": actor.email,
                    "person_firm": firm.name,
                    "message": message,
                },
                links=[("link", "projects:opportunity-detail", {"pk": opportunity.pk})],
            )
        _mail(
            to=actor,
            template="interest_sent",
            key=f"{key}:sent",
            context={
                "opportunity": opportunity,
                "name": actor.name,
                "firm": author_firm.name,
                "firm_email": author_firm.email,
                "firm_phone": author_firm.phone,
                "person": submitter.name if submitter else "",
                "person_email": submitter.email if submitter else "",
            },
            links=[
                ("link", "projects:opportunity-detail", {"pk": opportunity.pk}),
                ("firm_link", "members:firm", {"slug": author_firm.slug}),
            ],
        )
    return interest


def expire_opportunities(*, today: date | None = None) -> tuple[int, int]:
    """The daily run: expire postings past their date and remind the firms
    of those about to expire.

    1. Published postings with ``expires_on`` before ``today`` become
       expired (audited; the firm can still renew them).
    2. For published postings expiring within ``REMINDER_DAYS``, the firm's
       admins get a reminder with a renewal link, once per expiry date:
       the dedupe key ``opportunity-expiry:<id>:<expires_on>`` makes a
       second run a no-op, and a renewal (a new date) a new reminder.

    Returns ``(expired, reminded)``: postings expired, postings reminded.
    """
    today = today or timezone.localdate()
    expired = 0
    with transaction.atomic():
        due = Opportunity.objects.select_for_update(skip_locked=True).filter(
            state=S.PUBLISHED, expires_on__lt=today
        )
        for opportunity in due:
            opportunity.state = S.EXPIRED
            opportunity.save(update_fields=["state", "updated_at"])
            log_action(
                None,
                opportunity,
                "projects.opportunity.expired",
                {"state": [S.PUBLISHED, S.EXPIRED], "expires_on": opportunity.expires_on},
            )
            expired += 1
    reminded = 0
    expiring = (
        Opportunity.objects.filter(
            state=S.PUBLISHED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=REMINDER_DAYS),
            firm__status=Firm.Status.ACTIVE,
        )
        .select_related("firm")
        .order_by("pk")
    )
    for opportunity in expiring:
        key = f"opportunity-expiry:{opportunity.pk}:{opportunity.expires_on.isoformat()}"
        with transaction.atomic():
            # Any reminder for this date counts, so an admin added later is
            # not reminded on the next run.
            if OutboundMessage.objects.filter(dedupe_key__startswith=f"{key}:").exists():
                continue
            admins = _firm_users(opportunity.firm_id)
            for user in admins:
                _mail(
                    to=user,
                    template="expiring",
                    key=key,
                    context={"opportunity": opportunity, "name": user.name},
                    links=[
                        ("link", "projects:opportunity-detail", {"pk": opportunity.pk}),
                        (
                            "firm_link",
                            "projects:firm-opportunities",
                            {"firm": opportunity.firm.slug},
                        ),
                    ],
                )
            reminded += bool(admins)
    return expired, reminded


# --- Reads --------------------------------------------------------------------


def _with_related(opportunities: QuerySet) -> QuerySet:
    return opportunities.select_related("firm").prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("position", "id"))
    )


def opportunities_board(user, *, kind=None, competence=None, q=None) -> QuerySet[Opportunity]:
    """The public board: published postings not past their expiry date,
    newest first, with firm and competences.

    ``competence`` is one competence id or several (any of them matches).
    ``q`` searches titles and summaries; for members and the coordinator
    also the full text (a visitor's search must not reveal it).
    """
    opportunities = Opportunity.objects.filter(
        state=S.PUBLISHED, expires_on__gte=timezone.localdate(), firm__status=Firm.Status.ACTIVE
    )
    if kind:
        opportunities = opportunities.filter(kind=kind)
    if competence:
        ids = [competence] if isinstance(competence, int | str) else list(competence)
        if ids:
            matching = Opportunity.competences.through.objects.filter(competence_id__in=ids)
            opportunities = opportunities.filter(pk__in=matching.values("opportunity_id"))
    words = (q or "").split()
    fields = ["title_pl", "title_en", "summary_pl", "summary_en"]
    if sees_members_content(user):
        fields += ["description_pl", "description_en"]
    for word in words[:10]:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        opportunities = opportunities.filter(condition)
    return _with_related(opportunities).order_by("-published_at", "-pk")


def firm_opportunities(firm: Firm) -> QuerySet[Opportunity]:
    """All of the firm's postings (every state), with the number of
    interests each has had; for the firm's users and the coordinator."""
    return (
        _with_related(firm.opportunities.all())
        .annotate(interest_count=Count("interests"))
        .order_by("-created_at", "-pk")
    )


def opportunities_awaiting_review() -> QuerySet[Opportunity]:
    """Submitted postings, longest waiting first (the coordinator's queue
    and dashboard)."""
    return _with_related(Opportunity.objects.filter(state=S.SUBMITTED)).order_by(
        "submitted_at", "pk"
    )


def opportunities_expiring_within(days: int = REMINDER_DAYS) -> QuerySet[Opportunity]:
    """Published postings of active members that expire in the next
    ``days`` days, soonest first (the coordinator's dashboard)."""
    today = timezone.localdate()
    return (
        Opportunity.objects.filter(
            state=S.PUBLISHED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=days),
            firm__status=Firm.Status.ACTIVE,
        )
        .select_related("firm")
        .order_by("expires_on", "pk")
    )


def opportunity_for_page(pk: int) -> Opportunity | None:
    """One posting with what its page shows (firm, competences)."""
    return _with_related(Opportunity.objects.filter(pk=pk)).first()


def interests_received(opportunity: Opportunity) -> QuerySet[Interest]:
    """Interests in the posting, newest first, with firm and person (for
    the posting's firm and the coordinator)."""
    return opportunity.interests.select_related("firm", "user").order_by("-created_at", "-pk")


def suggested_firms_for(opportunity: Opportunity, *, limit: int = 20) -> list:
    """Active member firms whose competences cover the posting's, best
    first (``projects.matching.Match`` rows); the posting's own firm and
    firms that expressed interest already are left out."""
    competence_ids = [c.pk for c in opportunity.competences.all()]
    if not competence_ids:
        return []
    exclude = {opportunity.firm_id, *opportunity.interests.values_list("firm_id", flat=True)}
    return list(rank_firms_for_competences(competence_ids, exclude_firm_ids=exclude, limit=limit))
