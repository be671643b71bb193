"""The strategy app's part of the route matrix (tests/route_matrix.py)."""

from tests.strategy import routes_api, routes_manage, routes_readiness, routes_strategy

# The strategy first: the other parts' objects may refer to its rows.
_PARTS = (routes_strategy, routes_manage, routes_readiness, routes_api)

ROUTES: dict = {}
for _part in _PARTS:
    ROUTES.update(_part.ROUTES)


def create_objects(**cast_objects):
    for part in _PARTS:
        part.create_objects(**cast_objects)
