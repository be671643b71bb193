"""Security headers, cookies and CSRF on every kind of response: pages, the
API, redirects and error pages (docs/architecture.md, Security)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

# One response of each kind: (cast member, path, expected status).
SAMPLES = {
    "page": ("visitor", "/pl/accounts/login/", 200),
    "redirect to login": ("visitor", "/pl/dashboard/", 302),
    "page for a member": ("firm_a_admin", "/en/accounts/", 200),
    "403 page": ("outsider", "/pl/coordinator/audit/", 403),
    "404 page": ("visitor", "/en/no-such-page/", 404),
    "API list": ("visitor", "/api/v1/firms/", 200),
    "API 401": ("visitor", "/api/v1/me/", 401),
    "API 404": ("firm_a_admin", "/api/v1/tokens/999999/", 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", SAMPLES)
def test_every_kind_of_response_carries_the_security_headers(client_as, settings, kind):
    member, path, status = SAMPLES[kind]

    response = client_as(member).get(path, secure=True)

    csp = response["Content-Security-Policy"]
    assert response.status_code == status
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # its middleware is built on the first request, with this setting

    page = client.get("/pl/about/?x=1")
    api = client.get("/api/v1/firms/")
    health = client.get("/healthz")

    assert (page.status_code, page["Location"]) == (301, "https://testserver/pl/about/?x=1")
    assert (api.status_code, api["Location"]) == (301, "https://testserver/api/v1/firms/")
    # The load balancer checks health over plain HTTP.
    assert health.status_code == 200


def _cookie_flags(response):
    return {
        name: (bool(morsel["secure"]), bool(morsel["httponly"]), morsel["samesite"])
        for name, morsel in response.cookies.items()
    }


@pytest.mark.django_db
def test_cookies_are_secure_http_only_and_same_site(client, settings, firm_a_admin):
    # Production values (tests run over plain HTTP with them off).
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    form = client.get(reverse("account_login"), secure=True)
    login = client.post(
        reverse("account_login"),
        {"login": firm_a_admin.email, "password": PASSWORD},
        secure=True,
    )

    assert _cookie_flags(form) == {"csrftoken": (True, True, "Lax")}
    # The CSRF cookie is HttpOnly: no script reads it; forms (htmx ones
    # included) send the token from their hidden csrfmiddlewaretoken field.
    assert _cookie_flags(login) == {
        "csrftoken": (True, True, "Lax"),  # rotated at login
        "sessionid": (True, True, "Lax"),
        "messages": (True, True, "Lax"),
    }


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused_with_the_portals_page(firm_a_admin):
    client = Client(enforce_csrf_checks=True)
    client.get("/en/accounts/login/")  # sets the CSRF cookie

    response = client.post(
        "/en/accounts/login/", {"login": firm_a_admin.email, "password": PASSWORD}
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert "<h1>The form could not be sent</h1>" in html
    # Django's own failure page has an inline style, which the CSP blocks.
    assert "<style" not in html
    assert " style=" not in html


@pytest.mark.django_db
def test_the_api_refuses_a_session_write_without_the_csrf_token(firm_a_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(firm_a_admin)

    response = client.post(
        "/api/v1/tokens/", {"name": "z obcej strony"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert firm_a_admin.api_tokens.count() == 0
