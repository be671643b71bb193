"""The cache of whole anonymous pages (chemster.lib.page_cache), on a real
Redis: what it serves, what it never stores, invalidation and Redis down."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from chemster.lib.cache import invalidate
from members.services import update_firm
from tests.chemster.test_health import redis_down  # noqa: F401 - a fixture
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db

URL = "/pl/firms/?q=borowe"


@pytest.fixture
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def firm():
    return FirmFactory(name="Borowe Laboratoria S.A.", slug="borowe", city="Opole")


def test_page_cache_is_off_by_default(client, firm):
    client.get(URL)

    response = client.get(URL)

    assert django_settings.ANONYMOUS_PAGE_CACHE_SECONDS == 0
    assert "X-Page-Cache" not in response.headers


def test_second_anonymous_request_is_a_hit_without_queries(
    page_cache, firm, django_assert_num_queries
):
    first = Client().get(URL)

    with django_assert_num_queries(0):
        second = Client().get(URL)

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "Borowe Laboratoria S.A." in second.content.decode()


def test_each_address_and_language_is_its_own_page(page_cache, firm):
    Client().get(URL)

    other_query = Client().get("/pl/firms/?q=azoty")
    english = Client().get("/en/firms/?q=borowe")

    assert other_query["X-Page-Cache"] == "miss"
    assert english["X-Page-Cache"] == "miss"
    assert english.content != Client().get(URL).content


def test_hit_carries_the_security_headers(page_cache, firm):
    Client().get(URL)

    hit = Client().get(URL)

    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Referrer-Policy"] == "same-origin"
    assert hit["Permissions-Policy"] == django_settings.PERMISSIONS_POLICY
    assert hit["Content-Language"] == "pl"


def test_head_is_served_from_a_stored_get_without_body(page_cache, firm):
    full = Client().get(URL)

    head = Client().head(URL)

    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))


def test_logged_in_member_is_never_served_a_cached_page(page_cache, firm, client_as):
    Client().get(URL)
    member = client_as("firm_a_editor")

    response = member.get(URL)

    assert "X-Page-Cache" not in response.headers
    assert "Wyloguj się" in response.content.decode()


def test_logged_in_members_page_is_never_stored(page_cache, firm, client_as):
    client_as("firm_a_editor").get(URL)

    response = Client().get(URL)

    assert response["X-Page-Cache"] == "miss"
    assert "Wyloguj się" not in response.content.decode()


def test_request_with_a_session_or_messages_cookie_goes_to_the_view(page_cache, firm):
    Client().get(URL)
    with_session = Client()
    with_session.cookies[django_settings.SESSION_COOKIE_NAME] = "no-such-session"
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"

    responses = [with_session.get(URL), with_messages.get(URL)]

    assert ["X-Page-Cache" in response.headers for response in responses] == [False, False]


def test_csrf_cookie_alone_still_gets_the_cached_page(page_cache, firm):
    Client().get(URL)
    visitor = Client()
    visitor.cookies[django_settings.CSRF_COOKIE_NAME] = "x" * 32

    response = visitor.get(URL)

    assert response["X-Page-Cache"] == "hit"


def test_page_with_a_csrf_form_is_never_stored(page_cache):
    first = Client().get("/pl/accounts/login/")

    second = Client().get("/pl/accounts/login/")

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert second.cookies[django_settings.CSRF_COOKIE_NAME].value


def test_addresses_without_a_language_prefix_go_to_the_view(page_cache, firm):
    Client().get("/api/v1/firms/")

    response = Client().get("/api/v1/firms/", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers


def test_htmx_and_authorized_requests_go_to_the_view(page_cache, firm):
    Client().get(URL)

    htmx = Client().get(URL, headers={"HX-Request": "true"})
    bearer = Client().get(URL, headers={"Authorization": "Bearer chm_x_y"})

    assert "X-Page-Cache" not in htmx.headers
    assert "X-Page-Cache" not in bearer.headers


def test_error_pages_are_never_stored(page_cache):
    Client().get("/pl/firms/no-such-firm/")

    response = Client().get("/pl/firms/no-such-firm/")

    assert response.status_code == 404
    assert response["X-Page-Cache"] == "miss"


def test_invalidate_makes_the_next_request_a_miss(page_cache, firm):
    Client().get(URL)

    invalidate("members:directory-facets")
    after = Client().get(URL)
    again = Client().get(URL)

    assert (after["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")


def test_firm_change_shows_at_once(
    page_cache, firm, coordinator, django_capture_on_commit_callbacks
):
    Client().get(URL)

    with django_capture_on_commit_callbacks(execute=True):
        update_firm(firm=firm, actor=coordinator, fields={"city": "Kędzierzyn-Koźle"})
    response = Client().get(URL)

    assert response["X-Page-Cache"] == "miss"
    assert "Kędzierzyn-Koźle" in response.content.decode()


def test_pages_serve_while_redis_is_down(page_cache, firm, redis_down):  # noqa: F811
    responses = [Client().get(URL), Client().get(URL)]

    assert [response.status_code for response in responses] == [200, 200]
    assert [response["X-Page-Cache"] for response in responses] == ["miss", "miss"]
    assert "Borowe Laboratoria S.A." in responses[1].content.decode()
