"""Partner matching for a project's managers: ranked firms and the gaps."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from projects.matching import consortium_gaps, rank_firms_for_project
from projects.models import Participation
from projects.permissions import get_project_for_manager


@require_GET
def project_matching(request, slug):
    """Firms that cover the project's needs, best first, each with an invite
    form; and what the consortium still lacks."""
    project = get_project_for_manager(request, slug)
    return render(
        request,
        "projects/project_matching.html",
        {
            "project": project,
            "matches": rank_firms_for_project(project),
            "gaps": consortium_gaps(project),
            # A draft or a closed project cannot invite anyone.
            "can_invite": project.is_open,
            "roles": [(role.value, role.label) for role in Participation.JOINING_ROLES],
        },
    )
