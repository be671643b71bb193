"""Sessions: a new key at login, other sessions end with a password change,
and account changes need a recent reauthentication."""

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, totp_code

NEW_PASSWORD = "nowe-haslo-testowe-456"


def _log_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _anonymous_session_key(client):
    session = client.session
    session["visited"] = True
    session.save()
    return client.cookies["sessionid"].value


@pytest.mark.django_db
def test_login_gives_a_new_session_key_and_drops_the_old_one(client, firm_a_admin):
    before = _anonymous_session_key(client)

    _log_in(client, firm_a_admin)

    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["_auth_user_id"] == str(firm_a_admin.pk)


@pytest.mark.django_db
def test_two_factor_login_gives_a_new_session_key(client, coordinator):
    before = _anonymous_session_key(client)

    _log_in(client, coordinator)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@pytest.mark.django_db
def test_password_change_ends_the_users_other_sessions_and_keeps_this_one(
    firm_a_admin, firm_b_admin
):
    here, elsewhere, someone_else = Client(), Client(), Client()
    _log_in(here, firm_a_admin)
    _log_in(elsewhere, firm_a_admin)
    _log_in(someone_else, firm_b_admin)

    changed = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    account = reverse("account_overview")
    firm_a_admin.refresh_from_db()
    assert changed.status_code == 302
    assert firm_a_admin.check_password(NEW_PASSWORD)
    assert here.get(account).status_code == 200
    assert elsewhere.get(account)["Location"] == f"{reverse('account_login')}?next={account}"
    assert someone_else.get(account).status_code == 200


def _reauthenticated(client, user, seconds_ago):
    """Log ``client`` in as ``user``, reauthenticated ``seconds_ago``."""
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    session = client.session
    records = session["account_authentication_methods"]
    assert [record.get("reauthenticated") for record in records] == [True]
    records[0]["at"] -= seconds_ago
    session["account_authentication_methods"] = records
    session.save()
    return client


def _to_reauthenticate(path):
    return f"{reverse('account_reauthenticate')}?next={path.replace('/', '%2F')}"


STALE = account_settings.REAUTHENTICATION_TIMEOUT + 1
FRESH = account_settings.REAUTHENTICATION_TIMEOUT - 60


@pytest.mark.django_db
def test_email_change_needs_a_recent_reauthentication(firm_a_admin):
    stale = _reauthenticated(Client(), firm_a_admin, STALE)
    fresh = _reauthenticated(Client(), firm_a_admin, FRESH)
    path = reverse("account_email")

    refused = stale.post(path, {"action_add": "", "email": "stary@firma-a.pl"})
    allowed = fresh.post(path, {"action_add": "", "email": "nowy@firma-a.pl"})

    assert refused["Location"] == _to_reauthenticate(path)
    assert allowed["Location"] == path
    assert sorted(
        EmailAddress.objects.filter(user=firm_a_admin).values_list("email", "verified")
    ) == [
        ("admin@firma-a.pl", True),
        ("nowy@firma-a.pl", False),
    ]


# Two-factor settings: (who, page, method). Coordinators already have TOTP.
TWO_FACTOR_PAGES = [
    ("firm_a_admin", "mfa_activate_totp", "get"),
    ("coordinator", "mfa_deactivate_totp", "get"),
    ("coordinator", "mfa_deactivate_totp", "post"),
    ("coordinator", "mfa_generate_recovery_codes", "get"),
    ("coordinator", "mfa_generate_recovery_codes", "post"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("member", "url_name", "method"), TWO_FACTOR_PAGES)
def test_two_factor_settings_need_a_recent_reauthentication(request, member, url_name, method):
    user = request.getfixturevalue(member)
    authenticators = sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    client = _reauthenticated(Client(), user, STALE)
    path = reverse(url_name)

    response = getattr(client, method)(path)

    assert (response.status_code, response["Location"]) == (302, _to_reauthenticate(path))
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == (
        authenticators
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "url_name"), [(m, u) for m, u, method in TWO_FACTOR_PAGES if method == "get"]
)
def test_two_factor_settings_open_after_a_recent_reauthentication(request, member, url_name):
    client = _reauthenticated(Client(), request.getfixturevalue(member), FRESH)

    response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.django_db
def test_password_change_needs_the_current_password_in_any_session(firm_a_admin):
    # The form asks for the current password itself: a reauthentication at
    # the moment of the change, whatever the session's age.
    stale = _reauthenticated(Client(), firm_a_admin, STALE)

    response = stale.post(
        reverse("account_change_password"),
        {"oldpassword": "nie-to-haslo-1", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    firm_a_admin.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {"oldpassword": ["Proszę wpisz swoje obecne hasło."]}
    assert firm_a_admin.check_password(PASSWORD)
