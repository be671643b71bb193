"""Demo data of the members app, for ``manage.py seed_demo``."""

from members.models import User
from members.services import create_coordinator

COORDINATOR = {
    "email": "koordynator@chemster.pl",
    "name": "Katarzyna Wójcik",
}


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Create the demo accounts once; return (role, e-mail, note) per login."""
    exists = User.objects.filter(email__iexact=COORDINATOR["email"]).exists()
    create_coordinator(password=password, **COORDINATOR)
    note = "already present" if exists else "created"
    return [("coordinator", COORDINATOR["email"], note)]
