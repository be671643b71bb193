"""Accounts: login limits, two-factor for coordinators, profile, commands."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chemster.models import AuditEntry
from members.permissions import is_coordinator
from tests.conftest import PASSWORD, totp_code
from tests.factories import UserFactory

User = get_user_model()


def _login(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_login_refuses_after_100_failed_attempts_on_one_account_only(client):
    target = UserFactory(email="cel@firma-a.pl")
    other = UserFactory(email="inny@firma-b.pl")
    too_many = "Zbyt wiele nieudanych prób logowania"

    # From many addresses, as a distributed attack would come.
    failures = [
        _login(client, target.email, "wrong-password", f"10.0.{i // 250}.{i % 250 + 1}")
        for i in range(100)
    ]
    refused = _login(client, target.email, "haslo-testowe-123", "10.9.9.9")
    other_login = _login(client, other.email, "haslo-testowe-123", "10.9.9.9")

    assert [too_many in r.content.decode() for r in failures] == [False] * 100
    assert too_many in refused.content.decode()
    assert other_login.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_coordinator_logs_in_with_password_and_totp_code(client, coordinator):
    first = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    not_yet = client.get(reverse("audit-log"))
    second = client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert (first.status_code, first["Location"]) == (302, reverse("mfa_authenticate"))
    assert not_yet.status_code == 302
    assert second.status_code == 302
    assert client.get(reverse("audit-log")).status_code == 200


@pytest.mark.django_db
def test_wrong_totp_code_keeps_the_coordinator_out(client, coordinator):
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["audit-log", "members:invitations", "admin:index"])
def test_coordinator_without_two_factor_is_sent_to_set_it_up(
    client, coordinator_without_2fa, url_name
):
    client.force_login(coordinator_without_2fa)

    response = client.get(reverse(url_name), follow=True)

    assert response.redirect_chain[-1][0].startswith(
        reverse("mfa_activate_totp")
    ) or response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_create_coordinator_command_prints_a_one_time_password(capsys):
    call_command("create_coordinator", "--email", "Biuro@Chemster.pl", "--name", "Jan Biurowy")

    output = capsys.readouterr().out
    user = User.objects.get(email__iexact="biuro@chemster.pl")
    password = output.split("Initial password (shown once): ")[1].split()[0]
    assert is_coordinator(user)
    assert user.check_password(password)
    assert "Two-factor login (TOTP) is set up at the first login." in output
    assert (
        AuditEntry.objects.filter(
            code="members.coordinator.appointed", object_id=str(user.pk)
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_create_coordinator_command_refuses_a_bad_address():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not an e-mail address"):
        call_command("create_coordinator", "--email", "no-at-sign", "--name", "X")


@pytest.mark.django_db
def test_account_page_changes_name_and_language_with_an_audit_entry(client_as, outsider):
    client = client_as("outsider")

    response = client.post(
        reverse("account_overview"), {"name": "Olga Nowa", "preferred_language": "en"}
    )

    outsider.refresh_from_db()
    assert response.status_code == 302
    assert (outsider.name, outsider.preferred_language) == ("Olga Nowa", "en")
    entry = AuditEntry.objects.get(code="members.profile.updated")
    assert entry.changes == {"name": ["Olga Obca", "Olga Nowa"], "preferred_language": ["pl", "en"]}
    assert entry.actor_email == outsider.email


@pytest.mark.django_db
def test_account_page_shows_field_errors_in_the_users_language(client_as):
    client = client_as("outsider")

    response = client.post("/pl/accounts/", {"name": "", "preferred_language": "xx"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "To pole jest wymagane." in html
    assert "Wybierz poprawną wartość" in html


def _at_code_step(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")


@pytest.mark.django_db
def test_ten_wrong_codes_hold_up_that_account_only(client, coordinator, settings):
    from allauth.mfa.totp.internal.auth import TOTP

    from members.services import create_coordinator
    from tests.conftest import TOTP_SECRET

    other = create_coordinator(email="druga@chemster.pl", name="Druga", password=PASSWORD)
    TOTP.activate(other, TOTP_SECRET)
    _at_code_step(client, coordinator)
    wrong = [client.post(reverse("mfa_authenticate"), {"code": "000000"}) for _ in range(10)]

    refused = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    elsewhere = Client()
    _at_code_step(elsewhere, other)
    admitted = elsewhere.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert [r.status_code for r in wrong] == [200] * 10
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Zbyt wiele nieudanych prób logowania" in refused.content.decode()
    assert admitted.status_code == 302
    assert int(elsewhere.session["_auth_user_id"]) == other.pk


@pytest.mark.django_db
def test_nine_wrong_codes_still_let_the_right_one_in(client, coordinator):
    _at_code_step(client, coordinator)
    for _ in range(9):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == coordinator.pk
