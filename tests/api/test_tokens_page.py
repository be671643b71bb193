"""The account page where a user creates and revokes API tokens."""

import re

import pytest
from django.urls import reverse

from chemster.models import AuditEntry
from members.models import ApiToken
from members.services import create_api_token

SECRET = re.compile(r"chm_[0-9a-f]{8}_[0-9a-f]{48}")


@pytest.mark.django_db
def test_page_lists_own_live_tokens_only(firm_a_admin, firm_b_admin, client_as):
    create_api_token(user=firm_a_admin, name="mine")
    gone, _secret = create_api_token(user=firm_a_admin, name="revoked one")
    gone.revoked_at = gone.created_at
    gone.save(update_fields=["revoked_at"])
    create_api_token(user=firm_b_admin, name="someone else's")

    response = client_as("firm_a_admin").get(reverse("account_tokens"))

    assert response.status_code == 200
    assert [token.name for token in response.context["tokens"]] == ["mine"]
    html = response.content.decode()
    assert "revoked one" not in html
    assert "someone else" not in html
    assert '<label for="id_name">' in html


@pytest.mark.django_db
def test_created_token_secret_is_shown_once_and_never_again(firm_a_admin, client_as):
    client = client_as("firm_a_admin")

    created = client.post(reverse("account_tokens"), {"name": "export script"})

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    secrets_shown = set(SECRET.findall(created.content.decode()))
    assert len(secrets_shown) == 1
    secret = secrets_shown.pop()
    token = ApiToken.objects.get(user=firm_a_admin)
    assert secret.startswith(f"chm_{token.prefix}_")
    assert token.name == "export script"
    assert secret not in client.get(reverse("account_tokens")).content.decode()
    assert SECRET.search(client.get(reverse("account_tokens")).content.decode()) is None
    assert AuditEntry.objects.filter(code="members.api_token.created").count() == 1


@pytest.mark.django_db
def test_duplicate_name_is_refused_on_the_form(firm_a_admin, client_as):
    create_api_token(user=firm_a_admin, name="export")

    response = client_as("firm_a_admin").post(reverse("account_tokens"), {"name": "EXPORT"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ['You already have a token named "EXPORT".']}
    assert response.context["secret"] is None
    assert SECRET.search(response.content.decode()) is None
    assert firm_a_admin.api_tokens.count() == 1


@pytest.mark.django_db
def test_blank_name_is_refused_on_the_form(firm_a_admin, client_as):
    response = client_as("firm_a_admin").post(reverse("account_tokens"), {"name": "  "})

    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_revoke_revokes_own_token_and_says_so(firm_a_admin, client_as):
    token, _secret = create_api_token(user=firm_a_admin, name="old script")
    client = client_as("firm_a_admin")

    response = client.post(reverse("account_token_revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        'The token "old script" is revoked; requests that use it are refused from now on.'
    ]
    entry = AuditEntry.objects.get(code="members.api_token.revoked")
    assert (entry.actor, entry.object_id) == (firm_a_admin, str(token.pk))


@pytest.mark.django_db
def test_revoking_another_users_token_is_404_and_changes_nothing(firm_b_admin, client_as):
    theirs, _secret = create_api_token(user=firm_b_admin, name="theirs")

    response = client_as("firm_a_admin").post(
        reverse("account_token_revoke", kwargs={"pk": theirs.pk})
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert not AuditEntry.objects.filter(code="members.api_token.revoked").exists()


@pytest.mark.django_db
def test_revoke_is_post_only(firm_a_admin, client_as):
    token, _secret = create_api_token(user=firm_a_admin, name="script")

    response = client_as("firm_a_admin").get(
        reverse("account_token_revoke", kwargs={"pk": token.pk})
    )

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_visitor_is_sent_to_login(client_as):
    response = client_as("visitor").get(reverse("account_tokens"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
