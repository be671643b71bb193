"""The standing cast and the suite's shared fixtures.

The cast (STYLE.md, Tests): a visitor, an outsider (an account with no role
in an active firm), firm A's admin and editor, firm B's admin and editor,
and the coordinator.
"""

import importlib
import itertools
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient
from zeal import zeal_ignore

from members.models import FirmRole
from members.services import create_api_token, create_coordinator
from tests.factories import FirmFactory, UserFactory

CAST = (
    "visitor",
    "outsider",
    "firm_a_admin",
    "firm_a_editor",
    "firm_b_admin",
    "firm_b_editor",
    "coordinator",
)

PASSWORD = "haslo-testowe-123"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _content_from_data_migrations(request):
    """Give transactional tests the rows that data migrations ship.

    A transactional test empties every table when it ends, so the tests
    after it would lack the competence taxonomy and the site's texts that
    migrations created; this puts them back (the functions are idempotent).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        for module, function in (
            ("members.migrations.0006_competence_taxonomy", "create_taxonomy"),
            ("chemster.migrations.0002_site_texts", "create_texts"),
        ):
            getattr(importlib.import_module(module), function)(django_apps, None)
    yield


@pytest.fixture(autouse=True)
def _polish_by_default():
    """Start each test in Polish: a request in English leaves English active
    in the thread, which would change what the next test's reverse() gives."""
    translation.activate("pl")
    yield
    translation.activate("pl")


@pytest.fixture(autouse=True)
def _empty_fragment_cache():
    """Each test starts without cached fragments or API throttle counts
    (only this suite's keys)."""
    caches["fragments"].delete_pattern("*")
    caches["throttles"].delete_pattern("*")
    yield


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example-firm.pl", name="Olga Obca")


@pytest.fixture
def firm_a(db):
    return FirmFactory(name="Azoty Kędzierzyn Sp. z o.o.", slug="firma-a", city="Kędzierzyn-Koźle")


@pytest.fixture
def firm_b(db):
    return FirmFactory(
        name="Borowe Laboratoria S.A.", slug="firma-b", city="Opole", postcode="45-001"
    )


def _firm_user(firm, role, **fields):
    user = UserFactory(**fields)
    FirmRole.objects.create(firm=firm, user=user, role=role)
    return user


@pytest.fixture
def firm_a_admin(firm_a):
    return _firm_user(firm_a, FirmRole.Role.ADMIN, email="admin@firma-a.pl", name="Adam Azotowy")


@pytest.fixture
def firm_a_editor(firm_a):
    return _firm_user(firm_a, FirmRole.Role.EDITOR, email="redaktor@firma-a.pl", name="Ewa Azotowa")


@pytest.fixture
def firm_b_admin(firm_b):
    return _firm_user(firm_b, FirmRole.Role.ADMIN, email="admin@firma-b.pl", name="Bartosz Borowy")


@pytest.fixture
def firm_b_editor(firm_b):
    return _firm_user(
        firm_b, FirmRole.Role.EDITOR, email="redaktor@firma-b.pl", name="Beata Borowa"
    )


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def coordinator(db):
    """The coordinator, with two-factor login set up (as every real one has)."""
    user = create_coordinator(
        email="koordynator@chemster.pl", name="Katarzyna Wójcik", password=PASSWORD
    )
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def coordinator_without_2fa(db):
    return create_coordinator(
        email="nowa@chemster.pl", name="Nowa Koordynatorka", password=PASSWORD
    )


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current TOTP code for ``secret``, as an authenticator app shows it."""
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def client_as(request):
    """``client_as("firm_a_admin")``: a test client logged in as that cast member."""

    def make(member: str) -> Client:
        client = Client()
        if member != "visitor":
            # Logging in looks up sessions repeatedly, which is not an N+1
            # of the code under test.
            with zeal_ignore():
                client.force_login(request.getfixturevalue(member))
        return client

    return make


@pytest.fixture
def api_client_as(request):
    """``api_client_as("firm_a_admin")``: an API client sending a fresh token
    of that cast member as ``Authorization: Bearer ...`` (a visitor sends
    none). ``name`` names the token; each call gets its own by default."""
    names = itertools.count(1)

    def make(member: str, name: str | None = None) -> APIClient:
        client = APIClient()
        if member != "visitor":
            user = request.getfixturevalue(member)
            token_name = name or f"test client {next(names)}"
            _token, secret = create_api_token(user=user, name=token_name)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


@pytest.fixture
def celery_eager(settings):
    """Run Celery tasks in-process, for a unit test that asks for it.

    Tasks never run eagerly otherwise: the mail, reminder and campaign paths
    are tested with a real worker on Redis.
    """
    from chemster.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database also gets the default cache's table, as
    ``scripts/start`` creates it: login rate limits live there (the API
    throttles count in Redis)."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
