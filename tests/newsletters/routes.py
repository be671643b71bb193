"""The newsletters app's campaign routes in the route matrix (the consent
and unsubscribe links of the mail path stay in tests/route_matrix.py)."""

from tests.newsletters import routes_api, routes_campaigns

_PARTS = (routes_campaigns, routes_api)

ROUTES: dict = {}
for _part in _PARTS:
    ROUTES.update(_part.ROUTES)


def create_objects(**cast_objects):
    for part in _PARTS:
        part.create_objects(**cast_objects)
