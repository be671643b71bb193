"""The API's base: authentication, errors, pagination and throttling."""

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from members.models import ApiToken
from members.services import create_api_token, revoke_api_token
from tests.factories import UserFactory

ENDPOINTS = [
    ("get", "api:me", {}),
    ("patch", "api:me", {}),
    ("get", "api:tokens", {}),
    ("post", "api:tokens", {}),
    ("get", "api:token-detail", {"pk": 1}),
    ("delete", "api:token-detail", {"pk": 1}),
]


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "kwargs"), ENDPOINTS)
def test_endpoint_answers_anonymous_request_with_401_and_a_challenge(method, name, kwargs):
    response = getattr(APIClient(), method)(reverse(name, kwargs=kwargs), {"name": "x"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_errors_speak_the_clients_language(settings):
    settings.LANGUAGE_CODE = "pl"

    polish = APIClient().get(reverse("api:me"))
    english = APIClient(headers={"Accept-Language": "en"}).get(reverse("api:me"))

    assert polish.json() == {"detail": "Nie podano danych uwierzytelniających."}
    assert english.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "Bearer chm_00000000_" + "0" * 48,
        "Bearer garbage",
        "Bearer",
        "Bearer two parts",
        "bearer chm_only-lower-case-keyword",
    ],
)
def test_unknown_or_malformed_token_is_refused_with_401(outsider, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(reverse("api:me"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_revoked_token_is_refused_with_401(outsider):
    token, secret = create_api_token(user=outsider, name="old script")
    revoke_api_token(token=token, actor=outsider)

    response = _bearer(secret).get(reverse("api:me"))

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token."}


@pytest.mark.django_db
def test_token_of_inactive_user_is_refused_with_401():
    user = UserFactory(is_active=False)
    _token, secret = create_api_token(user=user, name="script")

    response = _bearer(secret).get(reverse("api:me"))

    assert response.status_code == 401


@pytest.mark.django_db
def test_bearer_token_authenticates_as_its_owner(firm_a_admin, firm_b_admin):
    _token, secret = create_api_token(user=firm_a_admin, name="script")
    create_api_token(user=firm_b_admin, name="script")

    response = _bearer(secret).get(reverse("api:me"))

    assert response.status_code == 200
    assert response.json()["email"] == "admin@firma-a.pl"


@pytest.mark.django_db
def test_session_authenticates_too(client_as):
    response = client_as("firm_b_editor").get(reverse("api:me"))

    assert response.status_code == 200
    assert response.json()["email"] == "redaktor@firma-b.pl"


@pytest.mark.django_db
def test_session_write_needs_csrf_token(firm_b_editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(firm_b_editor)

    response = client.patch(reverse("api:me"), {"name": "Beata"})

    assert response.status_code == 403
    firm_b_editor.refresh_from_db()
    assert firm_b_editor.name == "Beata Borowa"


@pytest.mark.django_db
def test_last_used_at_is_written_at_most_once_a_minute(outsider):
    token, secret = create_api_token(user=outsider, name="script")
    client = _bearer(secret)
    client.get(reverse("api:me"))
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at

    client.get(reverse("api:me"))

    assert first_use is not None
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get(reverse("api:me"))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first_use


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field may not be blank."),
        ("   ", "This field may not be blank."),
        ("x" * 101, "Ensure this field has no more than 100 characters."),
    ],
)
def test_refused_input_gets_400_with_messages_by_field(api_client_as, name, message):
    response = api_client_as("outsider").post(reverse("api:tokens"), {"name": name})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request was not accepted; see the messages by field.",
        "errors": {"name": [message]},
    }


@pytest.mark.django_db
def test_malformed_json_gets_400_with_detail(api_client_as):
    response = api_client_as("outsider").generic(
        "POST", reverse("api:tokens"), "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_page_size_is_capped_at_100(outsider, api_client_as):
    client = api_client_as("outsider", name="token 0")
    for number in range(1, 105):
        create_api_token(user=outsider, name=f"token {number}")

    response = client.get(reverse("api:tokens"), {"page_size": 1000})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], len(body["results"])) == (105, 100)
    assert body["next"].endswith("?page=2&page_size=1000")


@pytest.mark.django_db
def test_default_page_size_is_25(outsider, api_client_as):
    client = api_client_as("outsider", name="token 0")
    for number in range(1, 30):
        create_api_token(user=outsider, name=f"token {number}")

    response = client.get(reverse("api:tokens"))

    assert len(response.json()["results"]) == 25


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page": "999"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
    ],
)
def test_invalid_page_or_page_size_gets_400_naming_the_parameter(api_client_as, query, field):
    response = api_client_as("outsider").get(reverse("api:tokens"), query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.django_db
def test_too_many_requests_get_429_with_retry_after(monkeypatch, api_client_as):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    client = api_client_as("outsider")

    statuses = [client.get(reverse("api:me")).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get(reverse("api:me"))
    assert int(response["Retry-After"]) > 0
    assert set(response.json()) == {"detail"}


def test_api_settings_put_token_authentication_before_session(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "members.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ]
