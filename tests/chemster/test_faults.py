"""Faults on private servers: PostgreSQL restarted under load, Redis stopped.

The module starts a PostgreSQL of its own (a copy of the migrated test
database, plus a firm and its admin), a Redis of its own, the portal in
gunicorn with sync workers and production settings (the anonymous page cache
on), and for the mail a Celery worker and an SMTP sink (bench/smtp_sink.py).
The shared servers the rest of the suite uses are never touched (STACK.md,
Faults). Beat is not run: the test sends the sweep that beat sends every
minute.
"""

import http.client
import json
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import urlencode

import kombu.pools
import psycopg
import pytest
from celery import Celery
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import translation

from bench.http import Gunicorn, server_env
from bench.mail import Sink
from chemster.lib.api import DatabaseUnavailable, exception_handler
from chemster.views import server_error
from tests.conftest import PASSWORD
from tests.helpers import run_portal
from tests.newsletters.conftest import WorkerProcess
from tests.private_servers import PrivatePostgres, PrivateRedis, postgres_binaries

FIRM_SLUG = "faults-firm"
MEMBER_EMAIL = "admin@faults-firm.pl"
INVITEE_EMAIL = "nowa.osoba@faults-firm.pl"
WORKER_NAME = "faults"
# The heading of templates/503.html in Polish, the default language.
OUTAGE_HEADING = "Portal jest chwilowo niedostępny"

# Run with the private database's URL: what a member needs, and the rows of
# the data migrations (a transactional test that ran before may have emptied
# them in the test database copied).
SETUP_SCRIPT = f"""
import importlib
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemster.settings")
django.setup()
from django.apps import apps

from members.models import FirmRole
from tests.factories import FirmFactory, UserFactory

for module, function in (
    ("members.migrations.0006_competence_taxonomy", "create_taxonomy"),
    ("chemster.migrations.0002_site_texts", "create_texts"),
):
    getattr(importlib.import_module(module), function)(apps, None)
firm = FirmFactory(name="Faults Chemia Sp. z o.o.", slug="{FIRM_SLUG}")
admin = UserFactory(email="{MEMBER_EMAIL}", name="Adam Awaryjny")
FirmRole.objects.create(firm=firm, user=admin, role=FirmRole.Role.ADMIN)
"""


# --- HTTP -------------------------------------------------------------------


@dataclass
class Answer:
    status: int | None  # None: no HTTP answer at all (refused, reset)
    content_type: str
    headers: dict
    body: str
    started: float = 0.0
    finished: float = 0.0
    kind: str = ""


class Browser:
    """Requests to the portal as a browser makes them: a cookie jar, form
    posts with the CSRF token, redirects not followed; a new connection per
    request."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def get(self, path: str) -> Answer:
        return self._request("GET", path)

    def post(self, path: str, form: dict) -> Answer:
        return self._request(
            "POST", path, {**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )

    def _request(self, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(
            status=response.status,
            content_type=response.headers.get("Content-Type", ""),
            headers=dict(response.headers),
            body=content,
        )


def _log_in(port: int) -> Browser:
    browser = Browser(port)
    page = browser.get("/pl/accounts/login/")
    assert page.status == 200, page.body[:500]
    answer = browser.post("/pl/accounts/login/", {"login": MEMBER_EMAIL, "password": PASSWORD})
    assert answer.status == 302, answer.body[:500]
    return browser


class Traffic:
    """GETs of several kinds, each kind in a thread of its own, one request
    every ``interval`` seconds per kind, until the ``with`` block ends.

    ``kinds`` maps a name to ``(browser, path)``, where ``path(n)`` gives the
    address of the n-th request. Every answer is kept in ``answers``.
    """

    # 0.2 s: the visitor's API requests stay far below the anonymous
    # throttle (100 an hour) however long the outage lasts.
    def __init__(self, kinds: dict, *, interval: float = 0.2):
        self.kinds = kinds
        self.interval = interval
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(name, *kind), daemon=True)
            for name, kind in kinds.items()
        ]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=40)

    def _run(self, kind, browser, path):
        n = 0
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                answer = browser.get(path(n))
            except OSError as error:
                answer = Answer(None, "", {}, repr(error))
            answer.kind, answer.started, answer.finished = kind, started, time.monotonic()
            self.answers.append(answer)
            n += 1
            self._stop.wait(max(0.0, started + self.interval - time.monotonic()))

    def wait_for_every_kind(self, status: int, *, since: float, timeout: float = 20) -> None:
        """Wait until each kind got ``status`` for a request started after ``since``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answers = list(self.answers)
            # Fail at once on an answer no outage excuses (a 500, no answer).
            unexpected = [
                (a.kind, a.status, a.body[:300]) for a in answers if a.status not in (200, 503)
            ]
            assert unexpected == []
            seen = {a.kind for a in answers if a.status == status and a.started > since}
            if seen == set(self.kinds):
                return
            time.sleep(0.02)
        raise AssertionError(f"not every kind got {status} in {timeout} s: only {sorted(seen)}")


# --- Servers ----------------------------------------------------------------


def _test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def private_postgres(django_db_setup):
    """A private PostgreSQL with a copy of the migrated test database."""
    source = _test_database_url()
    with psycopg.connect(source) as conn:
        version = conn.info.server_version
    server = PrivatePostgres(postgres_binaries(version))
    try:
        server.start()
        server.copy_database(source, "chemster_faults")
        result = run_portal(["-c", SETUP_SCRIPT], env={"DATABASE_URL": server.database_url})
        assert result.returncode == 0, result.stderr
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
def private_redis():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


def _portal_env(postgres: PrivatePostgres, redis: PrivateRedis) -> dict:
    caches = {"FRAGMENT_CACHE_ENABLED": "1", "ANONYMOUS_PAGE_CACHE_SECONDS": "60"}
    return {
        **server_env(postgres.database_url, redis.url, caches, "faults"),
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }


@pytest.fixture(scope="module")
def portal(private_postgres, private_redis, tmp_path_factory):
    """The portal in gunicorn, two sync workers, as in production."""
    web = Gunicorn(
        "faults",
        _portal_env(private_postgres, private_redis),
        workers=2,
        log_dir=tmp_path_factory.mktemp("faults-web"),
    )
    try:
        web.wait_until_healthy()
        yield web
    finally:
        web.stop()


@pytest.fixture(scope="module")
def mail_delivery(private_postgres, private_redis, tmp_path_factory):
    """An SMTP sink and a Celery worker that sends the outbox to it."""
    sink = Sink()
    env = {
        **_portal_env(private_postgres, private_redis),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
    }
    log_dir = tmp_path_factory.mktemp("faults-worker")
    worker = WorkerProcess(env, name=WORKER_NAME, concurrency=1, log_path=log_dir / "worker.log")
    try:
        yield SimpleNamespace(sink=sink, worker=worker)
    finally:
        worker.kill()
        sink.stop()


def _celery_client(redis_url: str) -> Celery:
    """A Celery client of its own, to ping the worker and send it tasks."""
    # kombu keeps connection pools per broker URL globally: drop them, so
    # that no connection to the Redis before its restart is reused.
    kombu.pools.reset()
    return Celery("faults", broker=redis_url, set_as_current=False)


def _wait_for_worker(redis_url: str, *, timeout: float = 30) -> None:
    """Wait until the worker answers a ping through ``redis_url``."""
    client = _celery_client(redis_url)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replies = client.control.ping(timeout=0.5)
            if any(host.startswith(f"{WORKER_NAME}@") for reply in replies for host in reply):
                return
        raise AssertionError(f"the Celery worker did not answer in {timeout} s")
    finally:
        client.close()


def _outbox_states(database_url: str, recipient: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT state FROM newsletters_outboundmessage WHERE recipient = %s ORDER BY id",
            (recipient,),
        ).fetchall()
    return [state for (state,) in rows]


def _booted_workers(web: Gunicorn) -> int:
    return web.log_path.read_text(errors="replace").count("Booting worker")


# --- PostgreSQL restarted ---------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db  # the private database is a copy of the test database
def test_requests_during_a_postgresql_restart_get_200_or_a_clean_503(portal, private_postgres):
    member = _log_in(portal.port)
    kinds = {
        # A new search each time: the anonymous page cache must not answer.
        "visitor page": (Browser(portal.port), lambda n: f"/pl/firms/?q=restart{n}"),
        "visitor API": (Browser(portal.port), lambda n: "/api/v1/firms/?page_size=5"),
        "member page": (Browser(portal.port, member.cookies), lambda n: "/pl/dashboard/"),
        "member API": (Browser(portal.port, member.cookies), lambda n: "/api/v1/me/"),
    }

    with Traffic(kinds) as traffic:
        traffic.wait_for_every_kind(200, since=0)
        private_postgres.restart()
        traffic.wait_for_every_kind(200, since=time.monotonic())
        # A longer outage, so that every kind meets it.
        private_postgres.stop()
        traffic.wait_for_every_kind(503, since=time.monotonic())
        private_postgres.start()
        started = time.monotonic()
        traffic.wait_for_every_kind(200, since=started)
    answers = traffic.answers
    # A restart while no request runs: every gunicorn worker holds a
    # persistent connection that the restart cut. (Addresses not asked for
    # before, so that no page comes from the page cache.)
    private_postgres.restart()
    after_quiet_restart = [browser.get(path(-1)).status for browser, path in kinds.values()]

    with translation.override("pl"):
        api_detail = {"detail": str(DatabaseUnavailable.default_detail)}
    assert [(a.kind, a.status, a.body[:300]) for a in answers if a.status not in (200, 503)] == []
    assert [a for a in answers if "Traceback" in a.body] == []
    for answer in answers:
        if answer.status != 503:
            continue
        assert answer.headers["Retry-After"] == "30"
        if "API" in answer.kind:
            assert answer.content_type == "application/json"
            assert json.loads(answer.body) == api_detail
        else:
            assert answer.content_type == "text/html; charset=utf-8"
            assert OUTAGE_HEADING in answer.body
    # Once PostgreSQL accepts connections again, requests succeed at once:
    # a dead persistent connection fails the health check at a request's
    # first query (CONN_HEALTH_CHECKS) and is replaced before the query.
    assert {a.status for a in answers if a.started > started} == {200}
    assert after_quiet_restart == [200, 200, 200, 200]
    # ... without restarting the portal or any of its workers.
    assert portal.process.poll() is None
    assert _booted_workers(portal) == 2


# --- Redis stopped ----------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db  # the private database is a copy of the test database
def test_with_redis_stopped_pages_serve_members_log_in_and_mail_waits_in_the_outbox(
    portal, private_postgres, private_redis, mail_delivery
):
    _wait_for_worker(private_redis.url)
    private_redis.stop()
    try:
        visitor = Browser(portal.port)
        pages = [visitor.get(path) for path in ("/pl/", "/pl/", "/en/firms/", "/en/firms/")]
        api = visitor.get("/api/v1/firms/?page_size=5")
        member = _log_in(portal.port)
        dashboard = member.get("/pl/dashboard/")
        users = member.get(f"/pl/firms/{FIRM_SLUG}/users/")
        invitation = member.post(
            f"/pl/firms/{FIRM_SLUG}/users/",
            {"email": INVITEE_EMAIL, "name": "Nowa Osoba", "role": "editor", "language": "pl"},
        )
        waiting = _outbox_states(private_postgres.database_url, INVITEE_EMAIL)
        received_while_down = mail_delivery.sink.received()
    finally:
        private_redis.start()
    _wait_for_worker(private_redis.url)
    beat = _celery_client(private_redis.url)
    beat.send_task("newsletters.sweep_outbox")  # what beat sends every minute
    beat.close()
    deadline = time.monotonic() + 30
    while _outbox_states(private_postgres.database_url, INVITEE_EMAIL) != ["sent"]:
        assert time.monotonic() < deadline, "the invitation was not sent in 30 s"
        time.sleep(0.1)

    # Pages: the fragment and page caches fail open (every page a miss).
    assert [page.status for page in pages] == [200, 200, 200, 200]
    assert [page.headers["X-Page-Cache"] for page in pages] == ["miss"] * 4
    # The API: its throttles fail open.
    assert api.status == 200
    # Logging in: sessions and login rate limits live in the database.
    assert (dashboard.status, users.status) == (200, 200)
    # The invitation: accepted, its mail waiting in the outbox, the nudge
    # through Redis failed and logged, not a failed request.
    assert invitation.status == 302
    assert invitation.headers["Location"] == f"/pl/firms/{FIRM_SLUG}/users/"
    assert waiting == ["pending"]
    assert received_while_down == {}
    log = portal.log_path.read_text(errors="replace")
    assert "Error calling _nudge_worker in on_commit()" in log
    # Redis is back: the sweep sends the mail, exactly once.
    assert mail_delivery.sink.received() == {INVITEE_EMAIL: 1}
    assert mail_delivery.sink.stats()["messages"] == 1


# --- The 503 and 500 answers themselves ---------------------------------------


def _server_error_response(path: str, error: Exception):
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:
        return server_error(request)


@pytest.mark.unit
def test_api_gets_json_503_for_a_lost_database_raised_outside_its_views():
    response = _server_error_response("/api/v1/me/", OperationalError("connection refused"))

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert json.loads(response.content) == {"detail": str(DatabaseUnavailable.default_detail)}


@pytest.mark.unit
def test_api_gets_json_500_for_any_other_error():
    response = _server_error_response("/api/v1/me/", ValueError("a bug"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "a bug" not in response.content.decode()
    assert set(json.loads(response.content)) == {"detail"}


@pytest.mark.unit
def test_page_gets_html_500_for_any_other_error():
    response = _server_error_response("/pl/", ValueError("a bug"))

    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "a bug" not in response.content.decode()


@pytest.mark.unit
def test_api_exception_handler_turns_a_lost_database_into_503():
    response = exception_handler(OperationalError("terminating connection"), {})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.data == {"detail": str(DatabaseUnavailable.default_detail)}
