"""Reads of the projects app, shared by pages, the API and the dashboards."""

from datetime import timedelta

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from members.models import Competence, FirmRole
from members.permissions import sees_members_content
from projects.models import Participation, Project


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


def _with_competences(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.prefetch_related(
        Prefetch(
            "needed_competences",
            queryset=Competence.objects.order_by("group__position", "position", "id"),
        )
    )


def project_list(
    user, *, kind: str = "", state: str = "", competence=None, q: str = ""
) -> QuerySet[Project]:
    """Submitted projects the user may see, for the list page and the API.

    Drafts never appear here (their firm finds them among its projects).
    Filters: ``kind``, ``state``, ``competence`` (a needed competence or its
    pk) and ``q`` (words in either title). Newest submissions first, with
    the leading firm (the drafting firm leads once submitted) and the needed
    competences fetched along.
    """
    projects = projects_visible_to(user).exclude(state=Project.State.DRAFT)
    if kind:
        projects = projects.filter(kind=kind)
    if state:
        projects = projects.filter(state=state)
    if competence:
        projects = projects.filter(
            Exists(
                Project.needed_competences.through.objects.filter(
                    project_id=OuterRef("pk"), competence_id=getattr(competence, "pk", competence)
                )
            )
        )
    for word in q.split()[:8]:
        projects = projects.filter(Q(title_pl__icontains=word) | Q(title_en__icontains=word))
    return _with_competences(projects.select_related("firm").order_by("-submitted_at", "-id"))


def firm_projects(firm, *, include_drafts: bool = True) -> QuerySet[Project]:
    """The projects ``firm`` drafted or leads and those it takes part in or
    is asked or invited to, newest first.

    Each project carries ``firm_role`` and ``firm_state``: the firm's
    participation (empty for its drafts). ``include_drafts=False`` is for
    the coordinator, who never sees a firm's drafts.
    """
    mine = Participation.objects.filter(project=OuterRef("pk"), firm=firm)
    projects = Project.objects.filter(
        Q(firm=firm)
        | Q(
            Exists(
                mine.filter(
                    state__in=(
                        Participation.State.ACCEPTED,
                        Participation.State.REQUESTED,
                        Participation.State.INVITED,
                    )
                )
            )
        )
    )
    if not include_drafts:
        projects = projects.exclude(state=Project.State.DRAFT)
    return (
        projects.select_related("firm")
        .annotate(
            firm_role=Subquery(mine.values("role")[:1]),
            firm_state=Subquery(mine.values("state")[:1]),
        )
        .order_by("-created_at", "-id")
    )


def participants_of(project) -> QuerySet[Participation]:
    """Accepted participations of the project, the leader first, each with
    its firm."""
    return (
        project.participations.filter(state=Participation.State.ACCEPTED)
        .select_related("firm")
        .annotate(
            leader_first=Case(
                When(role=Participation.Role.LEADER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("leader_first", "created_at", "id")
    )


def project_page(project, *, private: bool) -> dict:
    """What a project's page shows besides the project's own fields.

    ``private`` (participants and the coordinator) adds the updates and the
    documents; everyone else gets empty lists.
    """
    return {
        "participants": list(participants_of(project)),
        "needed_competences": list(
            project.needed_competences.order_by("group__position", "position", "id")
        ),
        "external_partners": list(project.external_partners.all()),
        "updates": (list(project.updates.select_related("author")[:20]) if private else []),
        "documents": list(project.documents.select_related("uploaded_by")) if private else [],
    }


def projects_with_funding_deadline_within(days: int = 30) -> QuerySet[Project]:
    """Submitted, unfinished projects whose funding deadline falls within the
    next ``days`` days (today included), soonest first; for the
    coordinator's dashboard."""
    today = timezone.localdate()
    return (
        Project.objects.filter(
            state__in=Project.OPEN_STATES,
            funding_deadline__gte=today,
            funding_deadline__lte=today + timedelta(days=days),
        )
        .select_related("firm")
        .order_by("funding_deadline", "id")
    )
