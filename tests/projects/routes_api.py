"""Routes of the projects app (api) in the route matrix.

They name the other parts' objects: ``matrix-project`` (members-only,
recruiting, led by firm A), firm B's request to join it, and firm A's
published, draft and submitted postings. A visitor asking for the
members-only project gets 401 (as the page sends them to log in), the
outsider 404. POST-only endpoints answer a GET with 405 once DRF has
authenticated the request (visitors 401); the coordinator's review checks
its permission class first (others 403).
"""

from tests.projects.routes_opportunities import DRAFT_PK, PUBLISHED_PK, SUBMITTED_PK
from tests.projects.routes_participations import REQUEST_PK
from tests.route_matrix import Route, everyone, visitor_and_users

_PROJECT = {"slug": "matrix-project"}
_MEMBERS_PROJECT = {**visitor_and_users(401, 200), "outsider": 404}
_POST_ONLY = visitor_and_users(401, 405)


def _api(statuses, **kwargs):
    return Route(statuses, kwargs=kwargs, language=False)


ROUTES: dict = {
    "api:projects": _api(everyone(200)),
    "api:project": _api(_MEMBERS_PROJECT, **_PROJECT),
    "api:project-submit": _api(_POST_ONLY, **_PROJECT),
    "api:project-state": _api(_POST_ONLY, **_PROJECT),
    "api:project-participations": _api(_MEMBERS_PROJECT, **_PROJECT),
    "api:project-invitations": _api(_POST_ONLY, **_PROJECT),
    "api:participation-decision": _api(_POST_ONLY, **_PROJECT, pk=REQUEST_PK),
    "api:participation-withdraw": _api(_POST_ONLY, **_PROJECT, pk=REQUEST_PK),
    "api:project-external-partners": _api(_MEMBERS_PROJECT, **_PROJECT),
    "api:project-external-partner": _api(_POST_ONLY, **_PROJECT, pk=900_001),
    # The board's summaries are public.
    "api:opportunities": _api(everyone(200)),
    # A draft: only its firm's users and the coordinator see it.
    "api:opportunity": _api(
        {**everyone(404), "firm_a_admin": 200, "firm_a_editor": 200, "coordinator": 200},
        pk=DRAFT_PK,
    ),
    "api:opportunity-submit": _api(_POST_ONLY, pk=DRAFT_PK),
    "api:opportunity-review": _api(
        {**visitor_and_users(401, 403), "coordinator": 405}, pk=SUBMITTED_PK
    ),
    "api:opportunity-renew": _api(_POST_ONLY, pk=PUBLISHED_PK),
    "api:opportunity-withdraw": _api(_POST_ONLY, pk=PUBLISHED_PK),
    # The posting's firm and the coordinator read the interests; others
    # who see the published posting get 403.
    "api:opportunity-interests": _api(
        {
            **visitor_and_users(401, 403),
            "firm_a_admin": 200,
            "firm_a_editor": 200,
            "coordinator": 200,
        },
        pk=PUBLISHED_PK,
    ),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """The routes use the other parts' objects only."""
