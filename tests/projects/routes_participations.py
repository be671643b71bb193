"""Routes of the projects app (participations) in the route matrix.

All name ``matrix-project`` (members-only, recruiting, led by firm A; made
by ``routes_projects``) and firm B's request to join it (pk 900101). Only
admins act for a firm: editors get 403 everywhere. POST-only views check
access first and then answer a GET with 405.
"""

from projects.models import Participation, Project
from tests.route_matrix import LOGIN, Route, visitor_and_users

REQUEST_PK = 900_101
_PROJECT = {"slug": "matrix-project"}
_REQUEST = {"slug": "matrix-project", "pk": REQUEST_PK}

# Members only: visitors log in, outsiders do not see the project (404).
_MEMBERS_PROJECT = {**visitor_and_users(LOGIN, 403), "outsider": 404}

ROUTES: dict = {
    # The request form: members with an admin firm; the outsider, editors
    # and the coordinator (no firm to commit) get 403. Firm A leads and firm
    # B has asked already: both see the page say so.
    "projects:join": Route(
        {**visitor_and_users(LOGIN, 403), "firm_a_admin": 200, "firm_b_admin": 200},
        kwargs=_PROJECT,
    ),
    # The project's managers: the leader's admins and the coordinator.
    "projects:participations": Route(
        {**_MEMBERS_PROJECT, "firm_a_admin": 200, "coordinator": 200}, kwargs=_PROJECT
    ),
    "projects:invite": Route(
        {**_MEMBERS_PROJECT, "firm_a_admin": 405, "coordinator": 405}, kwargs=_PROJECT
    ),
    # A request is decided by the managers, not by the firm that asked.
    "projects:participation-accept": Route(
        {**_MEMBERS_PROJECT, "firm_a_admin": 405, "coordinator": 405}, kwargs=_REQUEST
    ),
    "projects:participation-decline": Route(
        {**_MEMBERS_PROJECT, "firm_a_admin": 405, "coordinator": 405}, kwargs=_REQUEST
    ),
    # Only the firm that asked withdraws its request.
    "projects:participation-withdraw": Route(
        {**_MEMBERS_PROJECT, "firm_b_admin": 405}, kwargs=_REQUEST
    ),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Firm B's request to join ``matrix-project``."""
    Participation.objects.create(
        pk=REQUEST_PK,
        project=Project.objects.get(slug="matrix-project"),
        firm=firm_b,
        role=Participation.Role.PARTNER,
        state=Participation.State.REQUESTED,
        message="Chcemy dołączyć.",
        created_by=firm_b_admin,
    )
