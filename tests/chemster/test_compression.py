"""Pages go out gzip-compressed, without handing BREACH a stable secret."""

import gzip

import pytest


@pytest.mark.django_db
def test_page_is_compressed_for_a_browser_that_accepts_gzip(client):
    response = client.get("/pl/accounts/login/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    body = gzip.decompress(response.content)
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"].split(", ").count("Accept-Encoding") == 1
    assert b'name="csrfmiddlewaretoken"' in body
    assert len(response.content) < len(body) / 2


@pytest.mark.django_db
def test_same_page_twice_differs_in_its_csrf_token_and_its_compressed_length(client):
    """BREACH guesses a secret from compressed lengths across many requests:
    the form's CSRF token is masked anew each time, and GZipMiddleware pads
    its output with up to 100 random bytes."""
    responses = [client.get("/pl/accounts/login/", HTTP_ACCEPT_ENCODING="gzip") for _ in range(4)]

    tokens = {
        gzip.decompress(r.content).split(b'name="csrfmiddlewaretoken" value="')[1][:64]
        for r in responses
    }
    assert len(tokens) == 4
    assert len({len(r.content) for r in responses}) > 1


@pytest.mark.django_db
def test_page_is_not_compressed_for_a_client_that_does_not_ask(client):
    response = client.get("/pl/accounts/login/")

    assert not response.has_header("Content-Encoding")
