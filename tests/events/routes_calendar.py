"""The events app (calendar and API)'s part of the route matrix (tests/route_matrix.py)."""

from tests.route_matrix import Route  # noqa: F401

ROUTES: dict = {}


def create_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin):
    """Create the objects this app's routes name in their kwargs."""
