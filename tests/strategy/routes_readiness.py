"""Routes of the strategy app (readiness) in the route matrix."""

from tests.route_matrix import Route  # noqa: F401

ROUTES: dict = {}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects these routes name in their kwargs."""
