"""The members app's endpoints: /api/v1/me/ and /api/v1/tokens/."""

import pytest
from django.urls import reverse

from chemster.models import AuditEntry
from members.models import ApiToken
from members.services import create_api_token


@pytest.mark.django_db
def test_me_shows_the_current_user(api_client_as):
    response = api_client_as("firm_a_editor").get(reverse("api:me"))

    assert response.status_code == 200
    assert response.json() == {
        "email": "redaktor@firma-a.pl",
        "name": "Ewa Azotowa",
        "preferred_language": "pl",
    }


@pytest.mark.django_db
def test_patch_me_changes_name_and_language_and_is_audited(firm_a_editor, api_client_as):
    client = api_client_as("firm_a_editor")

    response = client.patch(reverse("api:me"), {"name": "Ewa Nowak", "preferred_language": "en"})

    assert response.status_code == 200
    assert response.json() == {
        "email": "redaktor@firma-a.pl",
        "name": "Ewa Nowak",
        "preferred_language": "en",
    }
    firm_a_editor.refresh_from_db()
    assert (firm_a_editor.name, firm_a_editor.preferred_language) == ("Ewa Nowak", "en")
    entry = AuditEntry.objects.get(code="members.profile.updated")
    assert (entry.actor, entry.target) == (firm_a_editor, firm_a_editor)
    assert entry.changes == {
        "name": ["Ewa Azotowa", "Ewa Nowak"],
        "preferred_language": ["pl", "en"],
    }


@pytest.mark.django_db
def test_patch_me_with_one_field_keeps_the_other(firm_a_editor, api_client_as):
    response = api_client_as("firm_a_editor").patch(reverse("api:me"), {"preferred_language": "en"})

    assert response.json()["name"] == "Ewa Azotowa"
    assert response.json()["preferred_language"] == "en"


@pytest.mark.django_db
def test_patch_me_refuses_bad_values_by_field(firm_a_editor, api_client_as):
    response = api_client_as("firm_a_editor").patch(
        reverse("api:me"), {"name": "", "preferred_language": "de"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "name": ["This field may not be blank."],
        "preferred_language": ['"de" is not a valid choice.'],
    }
    firm_a_editor.refresh_from_db()
    assert (firm_a_editor.name, firm_a_editor.preferred_language) == ("Ewa Azotowa", "pl")
    assert not AuditEntry.objects.filter(code="members.profile.updated").exists()


@pytest.mark.django_db
def test_token_list_shows_own_live_tokens_newest_first(firm_a_admin, firm_b_admin, api_client_as):
    client = api_client_as("firm_a_admin", name="first")
    revoked, _secret = create_api_token(user=firm_a_admin, name="revoked")
    revoked.revoked_at = revoked.created_at
    revoked.save(update_fields=["revoked_at"])
    create_api_token(user=firm_b_admin, name="someone else's")
    newest, _secret = create_api_token(user=firm_a_admin, name="newest")

    response = client.get(reverse("api:tokens"))

    assert response.status_code == 200
    body = response.json()
    assert [token["name"] for token in body["results"]] == ["newest", "first"]
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    assert set(body["results"][0]) == {"id", "name", "prefix", "created_at", "last_used_at"}
    assert body["results"][0]["prefix"] == newest.prefix


def _list_queries(django_assert_num_queries, client):
    # 1 the token and its user (authentication), 2 UPDATE last_used_at,
    # 3 COUNT of the user's live tokens, 4 the page of tokens.
    with django_assert_num_queries(4):
        response = client.get(reverse("api:tokens"), {"page_size": 100})
    return response


@pytest.mark.django_db
def test_token_list_query_count_with_one_token(api_client_as, django_assert_num_queries):
    client = api_client_as("outsider")

    response = _list_queries(django_assert_num_queries, client)

    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_token_list_query_count_with_many_tokens(
    outsider, api_client_as, django_assert_num_queries
):
    client = api_client_as("outsider")
    for number in range(60):
        create_api_token(user=outsider, name=f"token {number}")

    response = _list_queries(django_assert_num_queries, client)

    assert response.json()["count"] == 61


@pytest.mark.django_db
def test_create_token_returns_the_secret_once_and_stores_only_its_digest(outsider, api_client_as):
    client = api_client_as("outsider")

    response = client.post(reverse("api:tokens"), {"name": "  nightly export  "})

    assert response.status_code == 201
    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    assert (token.user, token.name) == (outsider, "nightly export")
    assert body["secret"].startswith(f"chm_{token.prefix}_")
    assert body["secret"] not in {token.digest, token.prefix, token.name}
    assert body["name"] == "nightly export"
    listed = client.get(reverse("api:tokens")).content.decode()
    assert body["secret"] not in listed
    new_client = api_client_as("visitor")
    new_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['secret']}")
    assert new_client.get(reverse("api:me")).json()["email"] == outsider.email
    entry = AuditEntry.objects.get(code="members.api_token.created", object_id=str(token.pk))
    assert entry.actor == outsider
    assert entry.changes == {"name": "nightly export", "prefix": token.prefix}
    assert body["secret"] not in str(entry.changes)


@pytest.mark.django_db
def test_create_token_with_a_live_name_in_any_case_gets_400(outsider, api_client_as):
    client = api_client_as("outsider", name="Export")

    response = client.post(reverse("api:tokens"), {"name": "export"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ['You already have a token named "export".']}
    assert outsider.api_tokens.count() == 1


@pytest.mark.django_db
def test_name_of_a_revoked_token_can_be_used_again(outsider, api_client_as):
    client = api_client_as("outsider", name="client")
    old, _secret = create_api_token(user=outsider, name="export")
    client.delete(reverse("api:token-detail", kwargs={"pk": old.pk}))

    response = client.post(reverse("api:tokens"), {"name": "export"})

    assert response.status_code == 201


@pytest.mark.django_db
def test_delete_token_revokes_it_and_is_audited(outsider, api_client_as):
    client = api_client_as("outsider")
    token, secret = create_api_token(user=outsider, name="to revoke")

    response = client.delete(reverse("api:token-detail", kwargs={"pk": token.pk}))

    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(code="members.api_token.revoked")
    assert (entry.actor, entry.object_id) == (outsider, str(token.pk))
    revoked_client = api_client_as("visitor")
    revoked_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert revoked_client.get(reverse("api:me")).status_code == 401


@pytest.mark.django_db
def test_token_can_revoke_itself(outsider, api_client_as):
    client = api_client_as("outsider")
    token = outsider.api_tokens.get()

    assert client.delete(reverse("api:token-detail", kwargs={"pk": token.pk})).status_code == 204
    assert client.get(reverse("api:me")).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "delete"])
def test_another_users_token_is_404_and_stays_live(firm_b_admin, api_client_as, method):
    theirs, _secret = create_api_token(user=firm_b_admin, name="theirs")
    client = api_client_as("firm_a_admin")

    response = getattr(client, method)(reverse("api:token-detail", kwargs={"pk": theirs.pk}))

    assert response.status_code == 404
    assert response.json() == {"detail": "You have no live token with this id."}
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert not AuditEntry.objects.filter(code="members.api_token.revoked").exists()


@pytest.mark.django_db
def test_revoked_token_is_404(outsider, api_client_as):
    client = api_client_as("outsider")
    token, _secret = create_api_token(user=outsider, name="gone")
    client.delete(reverse("api:token-detail", kwargs={"pk": token.pk}))

    response = client.get(reverse("api:token-detail", kwargs={"pk": token.pk}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_token_detail_shows_the_token_without_secret(outsider, api_client_as):
    client = api_client_as("outsider", name="test client")
    token = outsider.api_tokens.get()

    response = client.get(reverse("api:token-detail", kwargs={"pk": token.pk}))

    assert response.status_code == 200
    assert response.json()["name"] == "test client"
    assert "secret" not in response.json()
    assert response.json()["last_used_at"] is not None
