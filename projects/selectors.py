"""Reads of the projects app, shared by pages, the API and the dashboards."""

from django.db.models import Q, QuerySet

from members.models import FirmRole
from members.permissions import sees_members_content
from projects.models import Project


def projects_visible_to(user) -> QuerySet[Project]:
    """Projects the user may see.

    Everyone sees submitted public projects; members and the coordinator also
    members-only ones; a draft is visible to its own firm's users only (not
    even to the coordinator).
    """
    submitted = ~Q(state=Project.State.DRAFT)
    if sees_members_content(user):
        visible = submitted
    else:
        visible = submitted & Q(visibility=Project.Visibility.PUBLIC)
    if user.is_authenticated:
        own_firms = FirmRole.objects.filter(user=user, firm__status="active").values("firm_id")
        visible |= Q(state=Project.State.DRAFT, firm__in=own_firms)
    return Project.objects.filter(visible)
