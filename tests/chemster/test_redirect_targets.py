"""Every redirect target taken from a request (``next``) stays on the portal.

The places: allauth's login (with and without the two-factor stage), logout,
reauthentication and password change, which check ``next`` with the
adapter's ``is_safe_url``; the project invitation form, which checks it in
``InviteForm.clean_next``; the admin's login, which ignores it. The portal
has no language-switch view (the switch is a link) and no view that follows
the Referer header.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, totp_code
from tests.projects.factories import led_project

FOREIGN = {
    "absolute": "https://evil.example/",
    "scheme-relative": "//evil.example",
    "backslash": "/\\evil.example",
    "javascript": "javascript:alert(1)",
    "scheme without host": "http:/evil",
    "tab in the slashes": "/\t/evil.example",
}
LOCAL = "/pl/projects/"


def _member(request):
    client = Client()
    client.force_login(request.getfixturevalue("firm_a_admin"))
    return client


def _login(request, target):
    user = request.getfixturevalue("firm_a_admin")
    return Client().post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": target}
    )


def _two_factor_login(request, target):
    user = request.getfixturevalue("coordinator")
    client = Client()
    client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": target}
    )
    return client.post(reverse("mfa_authenticate"), {"code": totp_code()})


def _logout(request, target):
    return _member(request).post(reverse("account_logout"), {"next": target})


def _reauthenticate(request, target):
    return _member(request).post(
        reverse("account_reauthenticate"), {"password": PASSWORD, "next": target}
    )


def _password_change(request, target):
    new = "nowe-haslo-testowe-456"
    return _member(request).post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new, "next": target},
    )


def _project_invite(request, target):
    project = led_project(request.getfixturevalue("firm_a"), slug="wodor")
    request.getfixturevalue("firm_b")
    return _member(request).post(
        reverse("projects:invite", kwargs={"slug": project.slug}),
        {"firm": "firma-b", "role": "partner", "next": target},
    )


# place: (what sends the request, where it goes when ``next`` is refused)
PLACES = {
    "login": (_login, "/pl/"),
    "two-factor login": (_two_factor_login, "/pl/"),
    "logout": (_logout, "/pl/"),
    "reauthentication": (_reauthenticate, "/pl/"),
    "password change": (_password_change, "/pl/accounts/password/change/"),
    "project invitation": (_project_invite, "/pl/projects/wodor/participations/"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("target", FOREIGN.values(), ids=FOREIGN.keys())
@pytest.mark.parametrize("place", PLACES)
def test_a_foreign_target_is_replaced_by_the_default_page(request, place, target):
    send, default = PLACES[place]

    response = send(request, target)

    assert (response.status_code, response["Location"]) == (302, default)


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_a_path_on_the_portal_is_followed(request, place):
    send, _default = PLACES[place]

    response = send(request, LOCAL)

    assert (response.status_code, response["Location"]) == (302, LOCAL)


@pytest.mark.django_db
@pytest.mark.parametrize("target", [*FOREIGN.values(), LOCAL], ids=[*FOREIGN.keys(), "local"])
def test_admin_login_leads_only_to_the_portals_login_or_the_admin(client_as, target):
    url = f"{reverse('admin:login')}?next={target}"

    visitor = client_as("visitor").get(url)
    coordinator = client_as("coordinator").get(url)

    # The visitor's next is the admin login itself, a path on the portal.
    assert visitor["Location"].startswith("/pl/accounts/login/?next=/pl/admin/login/")
    assert coordinator["Location"] == "/pl/admin/"
