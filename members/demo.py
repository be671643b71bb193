"""Demo data of the members app, for ``manage.py seed_demo``."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from members.models import User
from members.services import create_coordinator

COORDINATOR = {
    "email": "koordynator@chemster.pl",
    "name": "Katarzyna Wójcik",
}
# A fixed secret, so that the demo can be entered with any authenticator app
# (or `oathtool --totp -b <secret>`); never used outside the demo.
DEMO_TOTP_SECRET = "CHEMSTERDEMOKEDZIERZYNKOZLE23456"  # noqa: S105 - printed


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Create the demo accounts once; return (role, e-mail, note) per login."""
    exists = User.objects.filter(email__iexact=COORDINATOR["email"]).exists()
    coordinator = create_coordinator(password=password, **COORDINATOR)
    if not Authenticator.objects.filter(user=coordinator).exists():
        TOTP.activate(coordinator, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(coordinator)
    note = "already present" if exists else "created"
    return [
        ("coordinator", COORDINATOR["email"], f"{note}; TOTP secret {DEMO_TOTP_SECRET}"),
    ]
