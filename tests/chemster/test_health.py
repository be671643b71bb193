"""/healthz and serving through outages of Redis and PostgreSQL."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from chemster.lib.cache import cached, invalidate
from tests.conftest import PASSWORD
from tests.helpers import closed_port, request_in_subprocess, run_portal


@pytest.fixture
def redis_down(settings):
    """Point the fragment cache and the health check at a port with no Redis."""
    dead = f"redis://127.0.0.1:{closed_port()}/0"
    settings.REDIS_URL = dead
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {**settings.CACHES["fragments"], "LOCATION": dead},
    }
    yield dead


@pytest.mark.django_db
def test_healthz_reports_both_services_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "postgresql": "up", "redis": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_redis_down_with_200(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "postgresql": "up", "redis": "down"}


def test_healthz_answers_503_when_postgresql_is_unreachable():
    dead_database = f"postgres://postgres@127.0.0.1:{closed_port()}/chemster"

    result = request_in_subprocess("/healthz", env={"DATABASE_URL": dead_database})

    assert result["status"] == 503
    assert '"postgresql": "down"' in result["body"]


def test_page_answers_503_without_traceback_when_postgresql_is_unreachable():
    dead_database = f"postgres://postgres@127.0.0.1:{closed_port()}/chemster"

    result = request_in_subprocess("/pl/", env={"DATABASE_URL": dead_database})

    assert result["status"] == 503
    assert "Portal jest chwilowo niedostępny" in result["body"]
    assert "Traceback" not in result["body"]


def test_wait_for_db_names_the_unreachable_database():
    port = closed_port()

    result = run_portal(
        ["manage.py", "wait_for_db", "--timeout", "1"],
        env={"DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/chemster"},
    )

    assert result.returncode != 0
    assert f"PostgreSQL at 127.0.0.1:{port}/chemster (DATABASE_URL) is unreachable" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/pl/", "/en/about/", "/pl/contact/"])
def test_pages_keep_serving_with_redis_down(client, redis_down, path):
    response = client.get(path)

    assert response.status_code == 200


@pytest.mark.django_db
def test_login_works_with_redis_down(client, firm_a_admin, redis_down):
    response = client.post(
        reverse("account_login"),
        {"login": firm_a_admin.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert client.get("/healthz").wsgi_request.user == firm_a_admin


def test_cached_fragment_is_built_once_per_language():
    from django.utils import translation

    calls = []

    def build():
        calls.append(translation.get_language())
        return f"built in {translation.get_language()}"

    with translation.override("pl"):
        first = cached("test:fragment", build)
        again = cached("test:fragment", build)
    with translation.override("en"):
        english = cached("test:fragment", build)

    assert (first, again, english) == ("built in pl", "built in pl", "built in en")
    assert calls == ["pl", "en"]


def test_invalidate_drops_the_fragment_in_every_language():
    from django.utils import translation

    for code in ("pl", "en"):
        with translation.override(code):
            cached("test:fragment", lambda: "old")

    invalidate("test:fragment")

    assert (
        caches["fragments"].get_many(["fragment:test:fragment:pl", "fragment:test:fragment:en"])
        == {}
    )


def test_cached_fragment_is_built_on_every_call_while_redis_is_down(redis_down):
    calls = []

    def build():
        calls.append(1)
        return "fresh"

    values = [cached("test:fragment", build), cached("test:fragment", build)]

    assert values == ["fresh", "fresh"]
    assert len(calls) == 2
