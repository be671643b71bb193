"""Every page of the route matrix in Chromium, served as production serves it.

Each cast member opens every route the matrix answers them with 200, in
Polish, and each language-prefixed route once in English too (as the first
member it answers), with every stored text holding an XSS payload
(tests/e2e/probes.py). An HTML page must raise no CSP violation and no
console error, must weigh at most 150 KB on a cold load (the Django admin and
the API's documentation excepted), must run and bring alive none of the
payloads and must show them as the text that was stored; no page may ask
another host for anything. New routes in the matrix are visited, and new
text fields probed, without a change here.
"""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from members.models import Competence
from tests.conftest import CAST
from tests.e2e.conftest import CSP_LISTENER
from tests.e2e.probes import (
    PROBE_LISTENER,
    PROBE_REPORT,
    URL,
    WINDOW,
    create_probe_objects,
    escaping_failures,
    fields_shown,
    plant_probes,
)
from tests.route_matrix import ADMIN_SAMPLES, ROUTES, create_all_matrix_objects

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE_WEIGHT_LIMIT = 150 * 1024
# The Django admin and Swagger UI are tools, not the portal's pages.
UNWEIGHED = ("admin:", "api-docs")

# What the page loaded, after its load event. Resource Timing gives each
# response's body size as sent (compressed), from the cache too, so a warm
# page still reports its cold weight.
PAGE_REPORT = r"""() => {
  const entries = [
    ...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource"),
  ];
  return {
    violations: window.__cspViolations,
    bytes: entries.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
    uncompressed: entries
      .filter((entry) => entry.entryType === "navigation"
        || /\.(css|js)$/.test(new URL(entry.name).pathname))
      .filter((entry) => entry.decodedBodySize > 1024
        && entry.encodedBodySize >= entry.decodedBodySize)
      .map((entry) => entry.name),
  };
}"""


@pytest.fixture(scope="module")
def production_server():
    """A live server without Django's static handler: WhiteNoise serves what
    collectstatic wrote with production's compressed manifest storage, and
    GZipMiddleware compresses pages, as under gunicorn in production."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # allauth's views look the user up twice (the session's and the one a
    # link names): not an N+1 of the portal's code (as in test_routes).
    zeal_allowlist = [*getattr(settings, "ZEAL_ALLOWLIST", []), {"model": "members.User"}]
    with (
        tempfile.TemporaryDirectory(prefix="chemster-static-") as static_root,
        override_settings(
            STATIC_ROOT=Path(static_root), STORAGES=storages, ZEAL_ALLOWLIST=zeal_allowlist
        ),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        server = LiveServerThread("localhost", static_handler=lambda handler: handler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
        server.terminate()


def _visits_by_member():
    """{member: [(url name, language, path), ...]} from the route matrix:
    each member's 200s in Polish, and each language-prefixed route in English
    as the first member it answers."""
    visits = {member: [] for member in CAST}
    for name, route in ROUTES.items():
        members = [member for member in CAST if route.statuses[member] == 200]
        for url_name in ADMIN_SAMPLES if name == "admin:*" else [name]:
            languages = ["pl", "en"] if route.language else [None]
            for language in languages:
                with translation.override(language or "pl"):
                    path = reverse(url_name, kwargs=route.kwargs)
                for member in members if language != "en" else members[:1]:
                    visits[member].append((url_name, language, path))
    return visits


def _open(page, url):
    """Open ``url``; return (status, content type), the content type None for
    a file the browser downloads."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in error.message:
            raise
        return 200, None
    return response.status, response.headers.get("content-type", "")


def _console_error(page, message):
    url = message.location.get("url", "")
    # Chromium asks for /favicon.ico on its own once, whatever the page names
    # as its icon (favicon.svg): not the page's error.
    if message.type == "error" and not url.endswith("/favicon.ico"):
        page.errors.append(f"{message.text} ({url})")


def _competence_one():
    """Give the first competence key 1, which the matrix names: a
    transactional test before this one may have recreated the taxonomy
    under new keys (nothing refers to it yet)."""
    if not Competence.objects.filter(pk=1).exists():
        Competence.objects.filter(pk=Competence.objects.order_by("pk")[0].pk).update(id=1)


def _member_page(browser, client_as, member, base_url):
    """A page in a fresh context (an empty cache), logged in as ``member``
    through a session cookie, that records requests and console errors."""
    context = browser.new_context()
    if member != "visitor":
        session = client_as(member).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    context.add_init_script(CSP_LISTENER + PROBE_LISTENER)
    page = context.new_page()
    page.requested, page.errors = [], []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("console", lambda message: _console_error(page, message))
    page.on("response", lambda r: r.status >= 400 and page.errors.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def test_every_page_keeps_the_policy_its_weight_its_host_and_escapes_stored_text(
    production_server, browser, request, client_as, firm_a, firm_b, firm_a_admin, firm_b_admin
):
    cast_objects = {
        "firm_a": firm_a,
        "firm_b": firm_b,
        "firm_a_admin": firm_a_admin,
        "firm_b_admin": firm_b_admin,
    }
    _competence_one()
    create_all_matrix_objects(**cast_objects)
    users = [request.getfixturevalue(member) for member in CAST if member != "visitor"]
    visits = _visits_by_member()
    for url_name, kwargs, member in create_probe_objects(**cast_objects, users=users):
        visits[member].append((url_name, "pl", reverse(url_name, kwargs=kwargs)))
    probes = plant_probes()
    host = urlsplit(production_server).netloc
    problems, heavy, foreign, uncompressed, not_html = {}, {}, set(), set(), set()
    html_pages = 0
    ran, unescaped, shown = {}, {}, set()

    for member, paths in visits.items():
        page = _member_page(browser, client_as, member, production_server)
        for url_name, language, path in paths:
            if url_name in not_html:
                continue
            where = f"{url_name} ({language or '-'}) as {member}"
            page.errors.clear()

            status, content_type = _open(page, production_server + path)

            if status != 200:
                problems[where] = [f"answered {status}, the matrix says 200"]
            if content_type is None or not content_type.startswith("text/html"):
                # Files, feeds and API answers: the same for every member.
                not_html.add(url_name)
                continue
            html_pages += 1
            report = page.evaluate(PAGE_REPORT)
            if page.errors or report["violations"]:
                problems[where] = page.errors + report["violations"]
            uncompressed |= set(report["uncompressed"])
            if report["bytes"] > PAGE_WEIGHT_LIMIT and not url_name.startswith(UNWEIGHED):
                heavy[where] = report["bytes"]
            probe_report = page.evaluate(PROBE_REPORT, WINDOW)
            if probe_report["ran"] or probe_report["live"]:
                ran[where] = probe_report["ran"] + probe_report["live"]
            if failures := escaping_failures(probe_report["shown"], probes):
                unescaped[where] = failures
            shown |= fields_shown(probe_report["shown"], probes)
        foreign |= {url for url in page.requested if urlsplit(url).netloc not in ("", host)}
        page.context.close()

    assert problems == {}
    assert heavy == {}
    assert uncompressed == set()
    assert foreign == set()
    assert ran == {}
    assert unescaped == {}
    # Every stored text appears on some page (web addresses are checked as
    # links above: they carry no number to find).
    assert sorted({p.field for p in probes.values() if p.text != URL} - shown) == []
    # A guard against a matrix that silently stopped answering HTML.
    assert html_pages > 400
