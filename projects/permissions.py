"""Who may see and change projects: the fetch helpers views and the API use.

Statuses follow DESIGN.md: a project the user may not see is 404; one they
may see but not change is 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.models import FirmRole
from members.permissions import is_coordinator
from projects.models import Participation, Project
from projects.selectors import projects_visible_to


def _firm_roles(user) -> dict[int, str]:
    """{firm id: role} of the user's roles in active firms, cached per request."""
    if not (user.is_authenticated and user.is_active):
        return {}
    if not hasattr(user, "_active_firm_roles"):
        user._active_firm_roles = dict(
            FirmRole.objects.filter(user=user, firm__status="active").values_list("firm_id", "role")
        )
    return user._active_firm_roles


def admin_firm_ids(user) -> set[int]:
    """Active firms the user administers (who commits the firm)."""
    return {firm_id for firm_id, role in _firm_roles(user).items() if role == "admin"}


def member_firm_ids(user) -> set[int]:
    """Active firms the user is an admin or editor of."""
    return set(_firm_roles(user))


def leader_firm_id(project) -> int | None:
    """The firm of the accepted leader participation (the drafting firm before
    submission). Uses ``project.participations`` if prefetched."""
    if project.state == Project.State.DRAFT:
        return project.firm_id
    for participation in project.participations.all():
        if (
            participation.role == Participation.Role.LEADER
            and participation.state == Participation.State.ACCEPTED
        ):
            return participation.firm_id
    return None


def can_edit_draft(user, project) -> bool:
    return project.state == Project.State.DRAFT and project.firm_id in member_firm_ids(user)


def can_manage_project(user, project) -> bool:
    """The leader's admins and the coordinator manage a submitted project; the
    drafting firm's editors and admins edit its draft."""
    if project.state == Project.State.DRAFT:
        return can_edit_draft(user, project)
    return is_coordinator(user) or leader_firm_id(project) in admin_firm_ids(user)


def can_submit_project(user, project) -> bool:
    """Only the drafting firm's admins commit the firm to lead a project."""
    return project.state == Project.State.DRAFT and project.firm_id in admin_firm_ids(user)


def can_create_project(user, firm) -> bool:
    """The firm's own editors and admins draft its projects (the coordinator
    does not: a draft is the firm's alone)."""
    return firm.pk in member_firm_ids(user)


def can_see_firm_projects(user, firm) -> bool:
    """The firm's users and the coordinator see all of the firm's projects."""
    return firm.pk in member_firm_ids(user) or is_coordinator(user)


def is_participant(user, project) -> bool:
    """Participants (users of firms with an accepted participation) and the
    coordinator see documents and updates."""
    if is_coordinator(user):
        return project.state != Project.State.DRAFT
    firm_ids = member_firm_ids(user)
    if project.state == Project.State.DRAFT:
        return project.firm_id in firm_ids
    return any(
        p.firm_id in firm_ids and p.state == Participation.State.ACCEPTED
        for p in project.participations.all()
    )


def get_project_for_user(request, slug) -> Project:
    """The project if the user may see it (404 otherwise), with its
    participations prefetched for the checks above."""
    projects = projects_visible_to(request.user).prefetch_related("participations")
    return get_object_or_404(projects, slug=slug)


def get_project_for_manager(request, slug) -> Project:
    """The project for those who manage it (403 for others who may see it)."""
    project = get_project_for_user(request, slug)
    if not can_manage_project(request.user, project):
        raise PermissionDenied
    return project


def get_project_for_participant(request, slug) -> Project:
    """The project for its participants and the coordinator (403 for others
    who may see it)."""
    project = get_project_for_user(request, slug)
    if not is_participant(request.user, project):
        raise PermissionDenied
    return project
