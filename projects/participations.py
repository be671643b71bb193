"""Joining projects: requests, invitations, decisions (services and reads).

A firm takes part in a project through one ``Participation`` row per pair.
A member firm's admin asks to join (``requested``) or the project's managers
invite a firm (``invited``); the other side accepts or declines; the firm
may withdraw a request or leave. A declined or withdrawn row is reused when
the firm asks again or is invited again.

Who decides what:

- a request: the leader firm's admins or the coordinator;
- an invitation: the invited firm's admins;
- withdrawing a request or leaving: the participating firm's admins.

Services raise ``PermissionDenied`` for someone who may not act at all and
``ValidationError`` for a refused action; the codes the API maps to 409 are
``already_decided`` and ``already_participating``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chemster.lib.i18n import localized
from chemster.services import log_action
from members.models import Firm, FirmRole, User
from members.permissions import is_coordinator
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail
from projects.models import Participation, Project
from projects.permissions import (
    admin_firm_ids,
    can_manage_project,
    leader_firm_id,
    member_firm_ids,
)

# A firm in one of these states is in the project or on its way in: it
# cannot ask again or be invited again until the row is declined or
# withdrawn.
LIVE_STATES = (
    Participation.State.INVITED,
    Participation.State.REQUESTED,
    Participation.State.ACCEPTED,
)
PENDING_STATES = (Participation.State.INVITED, Participation.State.REQUESTED)


# --- Who may do what ----------------------------------------------------------


def can_decide(user, participation: Participation) -> bool:
    """Whether ``user`` decides this pending participation now: a request
    by the project's managers, an invitation by the invited firm's admins."""
    if participation.state == Participation.State.REQUESTED:
        return can_manage_project(user, participation.project)
    if participation.state == Participation.State.INVITED:
        return participation.firm_id in admin_firm_ids(user)
    return False


def is_party(user, participation: Participation) -> bool:
    """The project's managers and the participating firm's admins: those
    who are told "decided already" rather than "not allowed"."""
    return participation.firm_id in admin_firm_ids(user) or can_manage_project(
        user, participation.project
    )


def can_withdraw(user, participation: Participation) -> bool:
    """The firm's admins withdraw a request or leave (the leader never leaves)."""
    return (
        participation.firm_id in admin_firm_ids(user)
        and participation.role != Participation.Role.LEADER
        and (
            participation.state == Participation.State.REQUESTED
            or (
                participation.state == Participation.State.ACCEPTED
                and participation.project.is_open
            )
        )
    )


def can_invite(user, project: Project) -> bool:
    """The project's managers invite firms while the project is open."""
    return project.is_open and can_manage_project(user, project)


def firms_that_may_join(user, project: Project) -> list[Firm]:
    """The user's admin firms that may ask to join: none while the project
    is not open; never the leader or a firm already in or on its way in.
    Uses ``project.participations`` if prefetched."""
    if not project.is_open:
        return []
    taken = {p.firm_id for p in project.participations.all() if p.state in LIVE_STATES}
    taken.add(leader_firm_id(project))
    ids = admin_firm_ids(user) - taken
    if not ids:
        return []
    return list(Firm.objects.filter(pk__in=ids).order_by("name", "pk"))


# --- Checks shared by the services -----------------------------------------


def _refuse_closed(project: Project) -> None:
    if project.state == Project.State.DRAFT:
        raise ValidationError(
            _("This project is still a draft: firms join it once it is submitted."),
            code="closed",
        )
    if not project.is_open:
        raise ValidationError(
            _("This project is %(state)s: nobody can join it any more.")
            % {"state": project.get_state_display().lower()},
            code="closed",
        )


def _refuse_role(role: str) -> None:
    if role not in Participation.JOINING_ROLES:
        raise ValidationError(
            {"role": _("Choose a partner, subcontractor or observer role.")}, code="role"
        )


def _refuse_live(existing: Participation | None, *, asking: bool) -> None:
    """A firm has one live participation per project."""
    if existing is None or existing.state not in LIVE_STATES:
        return
    if existing.state == Participation.State.ACCEPTED:
        message = _("%(firm)s takes part in this project already.")
    elif existing.state == Participation.State.REQUESTED:
        message = _("%(firm)s has asked to join this project already; wait for the decision.")
    elif asking:
        message = _("%(firm)s is invited to this project already: answer the invitation.")
    else:
        message = _("%(firm)s is invited to this project already.")
    raise ValidationError(message % {"firm": existing.firm.name}, code="already_participating")


def _lock_project(project: Project) -> Project:
    """Lock the project row: joins, invitations and decisions on one project
    run one after another, so two tabs cannot create two rows and a
    cancelled project takes nobody in."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _lock_participation(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update(of=("self",))
        .select_related("project", "firm")
        .get(pk=participation.pk)
    )


def _open_row(
    *,
    project: Project,
    firm: Firm,
    actor: User,
    state: str,
    role: str,
    fields: dict,
    asking: bool,
) -> Participation:
    """Create the pair's row, or reuse it after a decline or withdrawal."""
    existing = (
        Participation.objects.select_related("firm").filter(project=project, firm=firm).first()
    )
    _refuse_live(existing, asking=asking)
    values = {
        "role": role,
        "state": state,
        "created_by": actor,
        "created_at": timezone.now(),
        "decided_by": None,
        "decided_at": None,
        "decision_reason": "",
        **fields,
    }
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(values))
        return existing
    try:
        # A savepoint: the outer transaction stays usable after a conflict.
        with transaction.atomic():
            return Participation.objects.create(project=project, firm=firm, **values)
    except IntegrityError:
        raise ValidationError(
            _("%(firm)s is in this project already or on its way in.") % {"firm": firm.name},
            code="already_participating",
        ) from None


# --- Mail ----------------------------------------------------------------------


def _admins_of(firm_id: int | None, *, besides: User | None = None) -> list[User]:
    if firm_id is None:
        return []
    users = User.objects.filter(
        is_active=True,
        firm_roles__firm_id=firm_id,
        firm_roles__role=FirmRole.Role.ADMIN,
        firm_roles__firm__status=Firm.Status.ACTIVE,
    ).order_by("pk")
    if besides is not None and besides.is_authenticated:
        users = users.exclude(pk=besides.pk)
    return list(users)


def _link(name: str, project: Project, language: str) -> str:
    with translation.override(language):
        path = reverse(name, kwargs={"slug": project.slug})
    return settings.SITE_URL.rstrip("/") + path


def _mail(
    *,
    recipients: list[User],
    participation: Participation,
    event: str,
    audit_pk: int,
    link_name: str,
    extra: dict | None = None,
) -> None:
    """Mail each recipient in their language; the audit entry's id makes the
    key unique per step while a retried call queues nothing twice."""
    project = participation.project
    for user in recipients:
        language = user.preferred_language
        with translation.override(language):
            context = {
                "name": user.name,
                "project": localized(project, "title", language).text,
                "firm": participation.firm.name,
                "role": participation.get_role_display(),
                "message": participation.message,
                "reason": participation.decision_reason,
                "link": _link(link_name, project, language),
                **(extra or {}),
            }
        queue_mail(
            to=user.email,
            language=language,
            template=f"projects/participation_{event}",
            context=context,
            category=OutboundMessage.Category.NOTIFICATION,
            dedupe_key=f"participation:{participation.pk}:{event}:{audit_pk}:{user.pk}",
        )


# --- Services ---------------------------------------------------------------


def request_to_join(
    *,
    actor: User,
    project: Project,
    firm: Firm,
    role: str,
    message: str = "",
    contribution_pl: str = "",
    contribution_en: str = "",
) -> Participation:
    """Ask, as an admin of ``firm``, for the firm to join ``project``.

    Refused (``ValidationError``) for a draft, cancelled or completed project,
    a role other than partner, subcontractor or observer, the leader firm,
    and a firm with a live participation (code ``already_participating``).
    A declined or withdrawn row is reused. The project row is locked, so two
    requests at once (two tabs) give one row; the unique pair backs it up.
    Mails the leader firm's admins; audits ``projects.participation.requested``.
    ``PermissionDenied`` unless ``actor`` administers the active ``firm``.
    """
    if firm.pk not in admin_firm_ids(actor):
        raise PermissionDenied
    _refuse_role(role)
    with transaction.atomic():
        project = _lock_project(project)
        _refuse_closed(project)
        leader_id = leader_firm_id(project)
        if firm.pk == leader_id:
            raise ValidationError(
                _("%(firm)s leads this project.") % {"firm": firm.name}, code="leader"
            )
        participation = _open_row(
            project=project,
            firm=firm,
            actor=actor,
            state=Participation.State.REQUESTED,
            role=role,
            fields={
                "message": message,
                "contribution_pl": contribution_pl,
                "contribution_en": contribution_en,
            },
            asking=True,
        )
        entry = log_action(
            actor,
            participation,
            "projects.participation.requested",
            {"project": project.slug, "firm": firm.slug, "role": role},
        )
        _mail(
            recipients=_admins_of(leader_id, besides=actor),
            participation=participation,
            event="requested",
            audit_pk=entry.pk,
            link_name="projects:participations",
        )
    return participation


def invite_firm(
    *, actor: User, project: Project, firm: Firm, role: str, message: str = ""
) -> Participation:
    """Invite ``firm`` to ``project`` as the leader's admin or the coordinator.

    Refused for a project that is not open, a firm that is not an active
    member, the leader firm, a joining role it does not know, and a firm with
    a live participation (code ``already_participating``). A declined or
    withdrawn row is reused. Mails the invited firm's admins; audits
    ``projects.participation.invited``.
    """
    if not can_manage_project(actor, project):
        raise PermissionDenied
    _refuse_closed(project)
    _refuse_role(role)
    if firm.status != Firm.Status.ACTIVE:
        raise ValidationError(
            {"firm": _("%(firm)s is not an active member of the cluster.") % {"firm": firm.name}},
            code="inactive",
        )
    with transaction.atomic():
        project = _lock_project(project)
        _refuse_closed(project)
        if firm.pk == leader_firm_id(project):
            raise ValidationError(
                _("%(firm)s leads this project.") % {"firm": firm.name}, code="leader"
            )
        participation = _open_row(
            project=project,
            firm=firm,
            actor=actor,
            state=Participation.State.INVITED,
            role=role,
            fields={"message": message, "contribution_pl": "", "contribution_en": ""},
            asking=False,
        )
        entry = log_action(
            actor,
            participation,
            "projects.participation.invited",
            {"project": project.slug, "firm": firm.slug, "role": role},
        )
        _mail(
            recipients=_admins_of(firm.pk, besides=actor),
            participation=participation,
            event="invited",
            audit_pk=entry.pk,
            link_name="projects:detail",
        )
    return participation


def _decide(
    *, actor: User, participation: Participation, state: str, reason: str
) -> tuple[Participation, str]:
    """Lock, check and record a decision; return the row and what it was."""
    project = _lock_project(participation.project)
    participation = _lock_participation(participation)
    participation.project = project
    if participation.state not in PENDING_STATES:
        if not is_party(actor, participation):
            raise PermissionDenied
        raise ValidationError(
            _("This was decided already (%(state)s).")
            % {"state": participation.get_state_display().lower()},
            code="already_decided",
        )
    if not can_decide(actor, participation):
        raise PermissionDenied
    was = participation.state
    if state == Participation.State.ACCEPTED and not project.is_open:
        _refuse_closed(project)
    if (
        state == Participation.State.DECLINED
        and was == Participation.State.REQUESTED
        and not reason.strip()
    ):
        raise ValidationError(
            {"reason": _("Give the reason the firm will read.")}, code="reason_required"
        )
    participation.state = state
    participation.decided_by = actor
    participation.decided_at = timezone.now()
    participation.decision_reason = reason.strip()
    participation.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    return participation, was


def _notify_decision(*, actor, participation, was, event, entry) -> None:
    if was == Participation.State.REQUESTED:
        # The firm that asked learns the decision.
        recipients = _admins_of(participation.firm_id, besides=actor)
        kind = "request"
    else:
        # The leader that invited learns the answer.
        recipients = _admins_of(leader_firm_id(participation.project), besides=actor)
        kind = "invitation"
    _mail(
        recipients=recipients,
        participation=participation,
        event=event,
        audit_pk=entry.pk,
        link_name="projects:detail",
        extra={"kind": kind},
    )


def accept_participation(*, actor: User, participation: Participation) -> Participation:
    """Accept a request (the project's managers) or an invitation (the
    invited firm's admins).

    A participation not awaiting a decision raises ``ValidationError`` with
    code ``already_decided``; a project no longer open takes nobody in. Mails
    the other side; audits ``projects.participation.accepted``.
    """
    with transaction.atomic():
        participation, was = _decide(
            actor=actor, participation=participation, state=Participation.State.ACCEPTED, reason=""
        )
        entry = log_action(
            actor,
            participation,
            "projects.participation.accepted",
            {"state": [was, participation.state]},
        )
        _notify_decision(
            actor=actor, participation=participation, was=was, event="accepted", entry=entry
        )
    return participation


def decline_participation(
    *, actor: User, participation: Participation, reason: str = ""
) -> Participation:
    """Decline a request (the project's managers; the reason is required,
    the firm reads it) or an invitation (the invited firm's admins; the
    reason is optional). Kept in ``decision_reason``.

    A participation not awaiting a decision raises ``ValidationError`` with
    code ``already_decided``. Mails the other side; audits
    ``projects.participation.declined``.
    """
    with transaction.atomic():
        participation, was = _decide(
            actor=actor,
            participation=participation,
            state=Participation.State.DECLINED,
            reason=reason,
        )
        entry = log_action(
            actor,
            participation,
            "projects.participation.declined",
            {"state": [was, participation.state], "reason": participation.decision_reason},
        )
        _notify_decision(
            actor=actor, participation=participation, was=was, event="declined", entry=entry
        )
    return participation


def withdraw_participation(*, actor: User, participation: Participation) -> Participation:
    """Withdraw a request, or leave the project, as the firm's admin.

    Refused for the leader, for an invitation (declined instead), for a
    participation already declined or withdrawn (code ``already_decided``)
    and for leaving a project that is completed or cancelled (its
    participants stay on record). Mails the leader firm's admins; audits
    ``projects.participation.withdrawn``.
    """
    if participation.firm_id not in admin_firm_ids(actor):
        raise PermissionDenied
    with transaction.atomic():
        project = _lock_project(participation.project)
        participation = _lock_participation(participation)
        participation.project = project
        was = participation.state
        if participation.role == Participation.Role.LEADER:
            raise ValidationError(_("The leader cannot leave its own project."), code="leader")
        if was == Participation.State.INVITED:
            raise ValidationError(
                _("Your firm is invited: decline the invitation instead."), code="invited"
            )
        if was not in (Participation.State.REQUESTED, Participation.State.ACCEPTED):
            raise ValidationError(
                _("This was decided already (%(state)s).")
                % {"state": participation.get_state_display().lower()},
                code="already_decided",
            )
        if was == Participation.State.ACCEPTED and not project.is_open:
            raise ValidationError(
                _("The project is %(state)s: its participants stay on record.")
                % {"state": project.get_state_display().lower()},
                code="closed",
            )
        participation.state = Participation.State.WITHDRAWN
        participation.decided_by = actor
        participation.decided_at = timezone.now()
        participation.save(update_fields=["state", "decided_by", "decided_at"])
        entry = log_action(
            actor,
            participation,
            "projects.participation.withdrawn",
            {"state": [was, participation.state]},
        )
        _mail(
            recipients=_admins_of(leader_firm_id(project), besides=actor),
            participation=participation,
            event="withdrawn",
            audit_pk=entry.pk,
            link_name="projects:participations",
            extra={"left": was == Participation.State.ACCEPTED},
        )
    return participation


# --- Reads ------------------------------------------------------------------


def participations_of(project: Project) -> QuerySet[Participation]:
    """Every participation of the project with its firm and the people who
    asked and decided (the participations page and the API)."""
    return project.participations.select_related("firm", "created_by", "decided_by").order_by(
        "created_at", "pk"
    )


def join_requests_awaiting_decision(user) -> QuerySet[Participation]:
    """Requests the user decides, oldest first, with project and firm: for
    the coordinator every request on an open project, for a firm admin the
    requests on projects their firm leads."""
    requests = Participation.objects.filter(
        state=Participation.State.REQUESTED, project__state__in=Project.OPEN_STATES
    ).select_related("project", "firm")
    if not is_coordinator(user):
        led = Participation.objects.filter(
            role=Participation.Role.LEADER,
            state=Participation.State.ACCEPTED,
            firm_id__in=admin_firm_ids(user),
        ).values("project_id")
        requests = requests.filter(project_id__in=led)
    return requests.order_by("created_at", "pk")


def invitations_awaiting_answer(user) -> QuerySet[Participation]:
    """Invitations to firms the user administers, on open projects, oldest
    first, with project and firm."""
    return (
        Participation.objects.filter(
            state=Participation.State.INVITED,
            firm_id__in=admin_firm_ids(user),
            project__state__in=Project.OPEN_STATES,
        )
        .select_related("project", "firm")
        .order_by("created_at", "pk")
    )


def panel_context(user, project) -> dict:
    """What the project page's participation panel shows this user.

    ``own``: the participations of the user's firms, each with what the user
    may do (withdraw, answer an invitation); ``join_firms``: the admin firms
    that may ask to join; for managers the number of pending requests and
    invitations. Uses ``project.participations`` if prefetched; one query
    for the user's own rows, one for the firms that may join.
    """
    if not user.is_authenticated or project.state == Project.State.DRAFT:
        return {"show": False}
    firm_ids = member_firm_ids(user)
    own = []
    if firm_ids:
        rows = (
            Participation.objects.filter(project=project, firm_id__in=firm_ids)
            .exclude(role=Participation.Role.LEADER)
            .select_related("firm")
            .order_by("firm__name", "pk")
        )
        for row in rows:
            row.project = project
            own.append(
                {
                    "participation": row,
                    "can_withdraw": can_withdraw(user, row),
                    "can_answer": can_decide(user, row),
                }
            )
    manages = can_manage_project(user, project)
    pending = (
        [p for p in project.participations.all() if p.state in PENDING_STATES] if manages else []
    )
    join_firms = firms_that_may_join(user, project)
    return {
        "show": bool(own or join_firms or manages),
        "project": project,
        "own": own,
        "join_firms": join_firms,
        "manages": manages,
        "requests": sum(p.state == Participation.State.REQUESTED for p in pending),
        "invitations": sum(p.state == Participation.State.INVITED for p in pending),
    }
