"""Routes of the projects app (matching) in the route matrix.

``matrix-project`` (made by routes_projects: members-only, recruiting, led by
firm A) is managed by firm A's admin and the coordinator; firm A's editor and
firm B may see it but not manage it (403); the outsider may not see it (404).
"""

from tests.route_matrix import LOGIN, Route, visitor_and_users

ROUTES: dict = {
    "projects:matching": Route(
        {
            **visitor_and_users(LOGIN, 403),
            "outsider": 404,
            "firm_a_admin": 200,
            "coordinator": 200,
        },
        kwargs={"slug": "matrix-project"},
    ),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Nothing of its own: the route names the projects part's matrix-project."""
