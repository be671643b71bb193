"""The Django admin opens only to coordinators (or superusers) with two-factor
login (members.admin_site.PortalAdminSite), on every one of its pages."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.test import Client
from django.urls import URLResolver, reverse

from tests.conftest import TOTP_SECRET
from tests.factories import UserFactory

# Values for the admin's URL parameters, so every pattern becomes a path.
_PARAMETERS = {
    "<path:object_id>": "1",
    "<path:content_type_id>": "1",
    r"^(?P<app_label>": "members/",
    r"(?P<url>.*)$": "no-such-page/",
}


def _admin_paths(patterns=None, prefix="/pl/admin/"):
    for pattern in admin.site.urls[0] if patterns is None else patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _admin_paths(pattern.url_patterns, prefix + route)
            continue
        if route.startswith(r"^(?P<app_label>"):
            route = _PARAMETERS[r"^(?P<app_label>"]
        for parameter, value in _PARAMETERS.items():
            route = route.replace(parameter, value)
        yield prefix + route


ADMIN_PATHS = sorted(set(_admin_paths()) - {"/pl/admin/login/"})


def test_every_admin_pattern_becomes_a_concrete_path():
    assert len(ADMIN_PATHS) > 100
    assert [path for path in ADMIN_PATHS if re.search(r"[<>()^$]", path)] == []


@pytest.fixture
def staff_user(db):
    return UserFactory(email="personel@chemster.pl", is_staff=True)


@pytest.fixture
def superuser_without_2fa(db):
    return UserFactory(email="root@chemster.pl", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_with_2fa(superuser_without_2fa):
    TOTP.activate(superuser_without_2fa, TOTP_SECRET)
    return superuser_without_2fa


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["firm_a_admin", "coordinator_without_2fa"])
def test_every_admin_page_sends_others_to_the_admin_login(request, member):
    client = Client()
    client.force_login(request.getfixturevalue(member))
    login = reverse("admin:login")

    answers = {path: client.get(path) for path in ADMIN_PATHS}

    # Logging out of the admin first goes to its index, which needs a login.
    expected = {
        path: (302, f"{login}?next={path}" if path != "/pl/admin/logout/" else "/pl/admin/")
        for path in ADMIN_PATHS
    }
    assert {path: (r.status_code, r["Location"]) for path, r in answers.items()} == expected


# Who asks for the admin: the login page's answer (status, where it leads)
# and where following the index ends (status, path).
ADMIN_LOGIN = {
    "visitor": (
        (302, "/pl/accounts/login/?next=/pl/admin/login/"),
        (200, "/pl/accounts/login/"),
    ),
    "outsider": ((403, None), (403, "/pl/admin/login/")),
    "firm_a_admin": ((403, None), (403, "/pl/admin/login/")),
    "staff_user": ((403, None), (403, "/pl/admin/login/")),
    "coordinator_without_2fa": (
        (302, "/pl/accounts/2fa/totp/activate/"),
        (200, "/pl/accounts/reauthenticate/"),  # before the set-up page
    ),
    "superuser_without_2fa": (
        (302, "/pl/accounts/2fa/totp/activate/"),
        (200, "/pl/accounts/reauthenticate/"),
    ),
    "coordinator": ((302, "/pl/admin/"), (200, "/pl/admin/")),
    "superuser_with_2fa": ((302, "/pl/admin/"), (200, "/pl/admin/")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("member", ADMIN_LOGIN)
def test_admin_lets_in_only_users_with_two_factor(request, member, client):
    if member != "visitor":
        client.force_login(request.getfixturevalue(member))

    login = client.get(reverse("admin:login"))
    index = client.get(reverse("admin:index"), follow=True)

    assert (
        (login.status_code, login.get("Location")),
        (index.status_code, index.request["PATH_INFO"]),
    ) == ADMIN_LOGIN[member]
