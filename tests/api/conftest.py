import pytest
from rest_framework.test import APIClient

from members.services import create_api_token


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """The API answers in the client's Accept-Language, else in Polish (the
    site's default); these tests read DRF's messages in English."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def api_client_as(request):
    """``api_client_as("firm_a_admin")``: an API client sending a fresh token
    of that cast member as ``Authorization: Bearer ...``."""

    def make(member: str, name: str = "test client") -> APIClient:
        client = APIClient()
        if member != "visitor":
            user = request.getfixturevalue(member)
            _token, secret = create_api_token(user=user, name=name)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make
