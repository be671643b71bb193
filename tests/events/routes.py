"""The events app's part of the route matrix (tests/route_matrix.py)."""

from tests.events import routes_calendar, routes_pages

# Pages first: the calendar's objects may refer to the matrix's events.
_PARTS = (routes_pages, routes_calendar)

ROUTES: dict = {}
for _part in _PARTS:
    ROUTES.update(_part.ROUTES)


def create_objects(**cast_objects):
    for part in _PARTS:
        part.create_objects(**cast_objects)
