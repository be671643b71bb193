"""A person with rows in every model of the personal-data registry (not a
test module): the download, deletion and query-count tests build on it."""

import hashlib
import secrets
from datetime import timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from chemster.services import log_action
from events.feeds import create_calendar_feed
from events.services import register_guest
from members.content import INFORMATION_CLAUSE, INFORMATION_CLAUSE_VERSION
from members.models import FirmRole, Invitation, MembershipApplication
from members.services import create_api_token
from newsletters.models import OptOut
from newsletters.services import opt_out, queue_mail, request_consent
from tests.conftest import TOTP_SECRET
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ContactFactory, FirmFactory, UserFactory


def rows_everywhere(email: str, *, firm, count: int = 1, opted_out: bool = True):
    """Make ``count`` rows about ``email`` in each registered model (one
    account, one authenticator and one calendar feed, which are one per
    person) and return the account. ``firm`` gets the person as editor."""
    user = UserFactory(email=email, name="Zofia Prywatna")
    TOTP.activate(user, TOTP_SECRET)
    create_calendar_feed(user=user)
    FirmRole.objects.create(firm=firm, user=user, role=FirmRole.Role.EDITOR)
    now = timezone.now()
    for n in range(count):
        if n:
            # A second firm role needs a second firm.
            FirmRole.objects.create(firm=FirmFactory(), user=user, role=FirmRole.Role.EDITOR)
        Invitation.objects.create(
            email=email,
            name=user.name,
            token_digest=secrets.token_hex(32),
            expires_at=now + timedelta(days=7),
            accepted_at=now,
            user=user,
        )
        create_api_token(user=user, name=f"token {n}")
        FirmFactory(email=email, phone="+48 600 000 000")
        ContactFactory(firm=firm if n == 0 else FirmFactory(), email=email, user=user)
        MembershipApplication.objects.create(
            name=f"Wnioskodawca {n}",
            kind="enterprise",
            city="Opole",
            motivation="Współpraca.",
            contact_name=user.name,
            contact_email=email,
            clause_version=INFORMATION_CLAUSE_VERSION,
            clause_sha256=hashlib.sha256(INFORMATION_CLAUSE["pl"].encode()).hexdigest(),
        )
        register_guest(
            event=EventFactory(),
            name=user.name,
            email=email,
            organisation="Lab",
            language="pl",
            clause_language="en",
        )
        RegistrationFactory(email=email, user=user, name=user.name, firm=firm)
        queue_mail(
            to=email,
            language="pl",
            template="notice",
            context={"subject": "S", "body": "B"},
            category="service",
            dedupe_key=f"{email}:{n}",
        )
        log_action(user, user, "members.profile.updated", {"n": n})
    request_consent(
        email=email,
        purpose="newsletter",
        text="Zgoda na newsletter",
        version="1",
        method="form",
        language="pl",
        ip="192.0.2.1",
    )
    if opted_out:
        opt_out(email=email, source=OptOut.Source.LINK)
    return user
