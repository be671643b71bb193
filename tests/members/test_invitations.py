"""Invitations: the one way to an account besides the coordinator."""

import re
import threading
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from chemster.models import AuditEntry
from members.models import Invitation, User
from members.services import accept_invitation, invite_user
from newsletters.models import OutboundMessage
from tests.factories import UserFactory


def _link(message):
    return re.search(r"https?://\S+/invitation/(\S+?)/", message.body_text)


@pytest.fixture
def invitation_token(db, coordinator):
    invite_user(
        email="nowy@firma-a.pl", name="Nowy Pracownik", language="pl", invited_by=coordinator
    )
    return _link(OutboundMessage.objects.get(recipient="nowy@firma-a.pl")).group(1)


@pytest.mark.django_db
def test_invitation_queues_one_mail_in_the_invitees_language(coordinator):
    invitation = invite_user(
        email="Anna@Firma-B.pl", name="Anna", language="en", invited_by=coordinator
    )

    message = OutboundMessage.objects.get()
    assert (message.recipient, message.language, message.category) == (
        "Anna@firma-b.pl",
        "en",
        "service",
    )
    assert message.subject == "Your invitation to the CHEM-STER portal"
    assert "/en/invitation/" in message.body_text
    assert message.dedupe_key == f"invitation:{invitation.pk}"
    assert AuditEntry.objects.filter(
        code="members.invitation.sent", object_id=str(invitation.pk)
    ).exists()


@pytest.mark.django_db
def test_only_a_digest_of_the_token_is_stored(invitation_token):
    invitation = Invitation.objects.get()

    assert invitation_token not in invitation.token_digest
    assert len(invitation.token_digest) == 64


@pytest.mark.django_db
def test_new_invitation_replaces_the_open_one(coordinator):
    first = invite_user(email="ola@firma-a.pl", invited_by=coordinator)
    second = invite_user(email="ola@firma-a.pl", invited_by=coordinator)

    assert list(Invitation.objects.open()) == [second]
    first.refresh_from_db()
    assert first.revoked_at is not None


@pytest.mark.django_db
def test_invitation_to_an_existing_account_is_refused(coordinator):
    UserFactory(email="jest@firma-a.pl")

    with pytest.raises(ValidationError, match="już istnieje"):
        invite_user(email="JEST@firma-a.pl", invited_by=coordinator)

    assert OutboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_accepting_creates_a_verified_account_and_logs_in(client, invitation_token):
    url = reverse("members:invitation-accept", kwargs={"token": invitation_token})

    page = client.get(url)
    response = client.post(
        url,
        {
            "name": "Nowy Pracownik",
            "password1": "Azot-i-Chlor-2026",
            "password2": "Azot-i-Chlor-2026",
        },
    )

    user = User.objects.get(email="nowy@firma-a.pl")
    assert "nowy@firma-a.pl" in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, reverse("account_overview"))
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified
    assert user.check_password("Azot-i-Chlor-2026")
    assert Invitation.objects.get().user == user


@pytest.mark.django_db
def test_invitation_link_works_once(client, invitation_token):
    url = reverse("members:invitation-accept", kwargs={"token": invitation_token})
    client.post(
        url, {"name": "N", "password1": "Azot-i-Chlor-2026", "password2": "Azot-i-Chlor-2026"}
    )

    again = client.get(url.replace("/pl/", "/en/"))

    assert again.status_code == 404
    assert "<h1>Invitation no longer valid</h1>" in again.content.decode()
    assert User.objects.filter(email="nowy@firma-a.pl").count() == 1


@pytest.mark.django_db
def test_expired_invitation_is_refused(client, invitation_token):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(
        reverse("members:invitation-accept", kwargs={"token": invitation_token}),
        {"name": "N", "password1": "Azot-i-Chlor-2026", "password2": "Azot-i-Chlor-2026"},
    )

    assert response.status_code == 404
    assert not User.objects.filter(email="nowy@firma-a.pl").exists()


@pytest.mark.django_db
def test_weak_or_mismatched_password_shows_field_errors_in_polish(client, invitation_token):
    url = reverse("members:invitation-accept", kwargs={"token": invitation_token})

    weak = client.post(
        url, {"name": "N", "password1": "12345678", "password2": "12345678"}
    ).content.decode()
    mismatch = client.post(
        url, {"name": "N", "password1": "Azot-i-Chlor-2026", "password2": "Azot-i-Chlor-2027"}
    ).content.decode()

    assert "To hasło jest za krótkie" in weak
    assert "Hasło składa się wyłącznie z cyfr" in weak or "wyłącznie z cyfr" in weak
    assert mismatch.count('class="errorlist') >= 1
    assert not User.objects.filter(email="nowy@firma-a.pl").exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_create_one_account(coordinator):
    invite_user(email="raz@firma-a.pl", invited_by=coordinator)
    token = _link(OutboundMessage.objects.get(recipient="raz@firma-a.pl")).group(1)
    results = []
    barrier = threading.Barrier(2)

    def accept():
        barrier.wait()
        try:
            accept_invitation(token=token, name="Raz", password="Azot-i-Chlor-2026")
            results.append("created")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["created", "refused"]
    assert User.objects.filter(email="raz@firma-a.pl").count() == 1


@pytest.mark.django_db
def test_coordinator_invites_and_revokes_on_the_invitations_page(client_as, coordinator):
    client = client_as("coordinator")

    sent = client.post(
        reverse("members:invitations"), {"email": "jan@firma-b.pl", "name": "Jan", "language": "pl"}
    )
    invitation = Invitation.objects.get()
    listed = client.get(reverse("members:invitations")).content.decode()
    revoked = client.post(reverse("members:invitation-revoke", kwargs={"pk": invitation.pk}))

    assert sent.status_code == 302
    assert "jan@firma-b.pl" in listed
    assert revoked.status_code == 302
    assert list(Invitation.objects.open()) == []
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Invitation), object_id=str(invitation.pk)
    )
    assert list(entries.values_list("code", flat=True).order_by("id")) == [
        "members.invitation.sent",
        "members.invitation.revoked",
    ]


@pytest.mark.django_db
def test_invite_form_shows_a_clear_error_for_an_existing_account(client_as, coordinator, outsider):
    response = client_as("coordinator").post(
        "/en/coordinator/invitations/", {"email": outsider.email, "name": "", "language": "pl"}
    )

    assert response.status_code == 200
    assert (
        f"An account with the address {outsider.email} exists already." in response.content.decode()
    )
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_password_reset_mail_goes_through_the_outbox_in_the_users_language(client):
    user = UserFactory(email="reset@firma-a.pl", preferred_language="en")

    response = client.post(reverse("account_reset_password"), {"email": "reset@firma-a.pl"})

    message = OutboundMessage.objects.get(recipient=user.email)
    assert response.status_code == 302
    assert message.language == "en"
    assert message.subject.startswith("[CHEM-STER] Password Reset")
    assert "/password/reset/key/" in message.body_text
