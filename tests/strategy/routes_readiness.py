"""Routes of the strategy app (readiness) in the route matrix."""

from tests.route_matrix import COORDINATOR_ONLY, Route

ROUTES: dict = {
    "strategy:readiness": Route(COORDINATOR_ONLY),
    "strategy:readiness-export": Route(COORDINATOR_ONLY, kwargs={"file_format": "csv"}),
    "strategy:readiness-detail": Route(COORDINATOR_ONLY, kwargs={"figure": "active_members"}),
}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """The report reads whatever exists; it names no objects."""
