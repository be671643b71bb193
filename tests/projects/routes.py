"""The projects app's part of the route matrix (tests/route_matrix.py)."""

from tests.projects import (
    routes_api,
    routes_matching,
    routes_opportunities,
    routes_participations,
    routes_projects,
)

# Projects first: the other parts' objects refer to the matrix's projects.
_PARTS = (routes_projects, routes_participations, routes_matching, routes_opportunities, routes_api)

ROUTES: dict = {}
for _part in _PARTS:
    ROUTES.update(_part.ROUTES)


def create_objects(**cast_objects):
    for part in _PARTS:
        part.create_objects(**cast_objects)
