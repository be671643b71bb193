"""In-process timings of the key pages and endpoints, and their SQL twins.

Run by ``python -m bench`` once per data size and round (so that sizes are
interleaved too); on its own::

    python -m bench.pages --database-url postgres://.../chemster_bench_run_10000

The pages go through Django's test client (every middleware, the session,
the view, the template), after a warm-up. The directory's first page and
the API's firm list also have a *twin*: the same rows from one hand-written
SQL statement sent with psycopg, rendered the same way (the directory's
template with the same context; the API's JSON straight from PostgreSQL), so
that the portal's own overhead is a ratio. Each twin's rows are asserted
equal to the page's.

Prints one JSON document: per case the median milliseconds of this run,
its query count, and for the searches the plans' use of the GIN index and
whether the first page equals a full ``ts_rank`` ordering.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Requests per case and round; the round's figure is their median.
REPEATS = 7
WARMUP = 3
# A page slower than this (ms) is timed fewer times, so that the whole
# benchmark stays within its half hour at 100,000 firms.
SLOW_PAGE_MS = 400
SLOW_REPEATS = 3
BENCH_COORDINATOR = "bench-koordynator@chemster.pl"


def setup_django(database_url: str, *, zeal: bool = False) -> None:
    """Load the portal's settings against ``database_url``, as production
    would run (DEBUG off), before anything imports Django models."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else-0123456789")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ["ZEAL_ENABLED"] = "1" if zeal else "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemster.settings")
    # The portal to time: this checkout, or another one (``--app-dir`` of
    # ``python -m bench``, e.g. the code before a change).
    sys.path.insert(0, os.environ.get("BENCH_APP_DIR", str(REPO)))
    import django

    django.setup()


# --- The cast and the cases ------------------------------------------------


def _cast():
    """A member (a user of an active firm) and a coordinator with two-factor
    login, created once in the benchmark's database."""
    from allauth.mfa.totp.internal.auth import TOTP

    from members.models import FirmRole, User
    from members.services import create_coordinator

    member = (
        FirmRole.objects.filter(firm__status="active", user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
        .user
    )
    coordinator = User.objects.filter(email=BENCH_COORDINATOR).first()
    if coordinator is None:
        coordinator = create_coordinator(
            email=BENCH_COORDINATOR, name="Koordynator Testów", password=None
        )
        TOTP.activate(coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return member, coordinator


def _ensure_strategy() -> None:
    """The strategy pages need a current strategy: the demo's, when the
    generated data has none."""
    from strategy import demo as strategy_demo
    from strategy.models import Strategy

    if not Strategy.objects.filter(is_current=True).exists():
        strategy_demo.seed()


def cases() -> dict[str, tuple[str, str]]:
    """Name → (who, path). ``who`` is "visitor", "member" or "coordinator"."""
    from bench.generate import COMMON_TERM, SELECTIVE_TERM
    from events.models import Event
    from members.forms import directory_cursor
    from members.models import Competence, Firm

    active = Firm.objects.active()
    total = active.count()
    deep = active.order_by("name", "id").values_list("name", "id")[int(total * 0.9)]
    middle = active.order_by("id").values_list("slug", flat=True)[total // 2]
    city = (
        active.values_list("city", flat=True)
        .order_by()
        .annotate()
        .distinct()
        .order_by("city")
        .first()
    )
    competence = Competence.objects.order_by("id").values_list("id", flat=True).first()
    event = (
        Event.objects.filter(state="published", audience="public").order_by("-starts_at").first()
    )
    cursor = directory_cursor("name", deep)
    return {
        "home": ("visitor", "/pl/"),
        "directory": ("visitor", "/pl/firms/"),
        "directory_10_rows": ("visitor", "/pl/firms/?size=10"),
        "directory_deep": ("visitor", "/pl/firms/?" + _query({"after": cursor})),
        "directory_selective": ("visitor", "/pl/firms/?" + _query({"q": SELECTIVE_TERM})),
        "directory_common": ("visitor", "/pl/firms/?" + _query({"q": COMMON_TERM})),
        "directory_filters": (
            "visitor",
            "/pl/firms/?" + _query({"kind": "enterprise", "competence": competence, "city": city}),
        ),
        "directory_member": ("member", "/pl/firms/"),
        "firm": ("visitor", f"/pl/firms/{middle}/"),
        "firm_member": ("member", f"/pl/firms/{middle}/"),
        "calendar": ("visitor", "/pl/events/"),
        "calendar_member": ("member", "/pl/events/"),
        "event": ("visitor", f"/pl/events/{event.slug}/"),
        "strategy": ("visitor", "/pl/strategy/"),
        "readiness": ("coordinator", "/pl/coordinator/readiness/"),
        "dashboard_member": ("member", "/pl/dashboard/"),
        "api_firms": ("visitor", "/api/v1/firms/"),
        "api_firms_search": ("visitor", "/api/v1/firms/?" + _query({"q": COMMON_TERM})),
        "api_projects": ("member", "/api/v1/projects/"),
        "api_events": ("member", "/api/v1/events/"),
        "api_opportunities": ("member", "/api/v1/opportunities/"),
    }


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


# --- The twins -------------------------------------------------------------

_DIRECTORY_TWIN_SQL = """
WITH page AS (
    SELECT f.id, f.name, f.slug, f.city, f.kind, f.size_class,
           f.description_pl, f.description_en,
           f.public_fields ? 'description' AS show_description
    FROM members_firm f
    WHERE f.status = 'active'
    ORDER BY f.name, f.id
    LIMIT %(limit)s
)
SELECT p.*,
    (SELECT count(*) FROM (
        SELECT 1 FROM members_firm WHERE status = 'active' LIMIT 1001) AS capped) AS total,
    coalesce((
        SELECT json_agg(json_build_array(c.name_pl, c.name_en)
                        ORDER BY g.position, c.position, c.id)
        FROM members_firm_competences fc
        JOIN members_competence c ON c.id = fc.competence_id
        JOIN members_competencegroup g ON g.id = c.group_id
        WHERE fc.firm_id = p.id), '[]') AS competences
FROM page p
ORDER BY p.name, p.id
"""


class _Names:
    """What the directory entry's ``{% localized competence "name" %}`` reads."""

    __slots__ = ("name_pl", "name_en")

    def __init__(self, names):
        self.name_pl, self.name_en = names


class _TwinFirm:
    """A directory row from the twin's statement, with what the template reads."""

    def __init__(self, row, kind_labels, size_labels):
        (
            self.pk,
            self.name,
            self.slug,
            self.city,
            self.kind,
            self.size_class,
            self.description_pl,
            self.description_en,
            self.show_description,
            self.total,
            competences,
        ) = row
        self.listed_competences = [_Names(names) for names in competences]
        self._kind = kind_labels[self.kind]
        self._size = size_labels.get(self.size_class, "")

    def get_absolute_url(self):
        return f"/pl/firms/{self.slug}/"

    def get_kind_display(self):
        return self._kind

    def get_size_class_display(self):
        return self._size


def directory_twin(connection, request):
    """The directory's first page (name order, 20 rows) from one statement,
    rendered with the directory's template and context."""
    from django.template.loader import render_to_string

    from chemster.lib.cache import cached
    from members.directory_views import FACETS_CACHE_KEY
    from members.forms import DirectoryFilterForm, directory_cursor
    from members.models import Firm
    from members.selectors import DIRECTORY_PAGE_SIZE, DirectoryPage, directory_facets

    facets = cached(FACETS_CACHE_KEY, directory_facets)
    form = DirectoryFilterForm({}, facets=facets)
    form.is_valid()
    with connection.cursor() as cursor:
        cursor.execute(_DIRECTORY_TWIN_SQL, {"limit": DIRECTORY_PAGE_SIZE + 1})
        raw = cursor.fetchall()
    kinds, sizes = dict(Firm.Kind.choices), dict(Firm.SizeClass.choices)
    firms = [_TwinFirm(row, kinds, sizes) for row in raw]
    next_url = ""
    if len(firms) > DIRECTORY_PAGE_SIZE:
        firms = firms[:DIRECTORY_PAGE_SIZE]
        next_url = "?after=" + directory_cursor("name", (firms[-1].name, firms[-1].pk))
    total = firms[0].total if firms else 0
    page = DirectoryPage(
        firms=firms,
        count=min(total, 1000),
        count_capped=total > 1000,
        order="name",
        mode="all",
        next_key=None,
    )
    html = render_to_string(
        "members/directory.html",
        {
            "form": form,
            "page": page,
            "rows": [{"firm": f, "show_description": f.show_description} for f in firms],
            "competence_groups": [
                (group, [(pk, name, False) for pk, name in competences])
                for group, competences in facets["competence_groups"]
            ],
            "filtered": False,
            "next_url": next_url,
            "first_url": "?",
            "is_later_page": False,
        },
        request=request,
    )
    return [f.slug for f in firms], html.encode()


def _api_twin_sql() -> tuple[str, list[str]]:
    """The API's firm list for a visitor, as one statement (each optional
    field null unless the firm made it public), and its column names."""
    from members.api import VISIBILITY_FIELDS_IN_API

    always = ["slug", "name", "kind", "size_class", "status", "city", "country"]
    columns = [f"f.{name}" for name in always]
    names = list(always)
    for setting, fields in VISIBILITY_FIELDS_IN_API.items():
        for name in fields:
            columns.append(f"CASE WHEN f.public_fields ? '{setting}' THEN f.{name} END")
            names.append(name)
    columns.append(
        "coalesce((SELECT array_agg(c.id ORDER BY g.position, c.position, c.id) "
        "FROM members_firm_competences fc "
        "JOIN members_competence c ON c.id = fc.competence_id "
        "JOIN members_competencegroup g ON g.id = c.group_id "
        "WHERE fc.firm_id = f.id), '{}')"
    )
    names.append("competences")
    # Built from the API's own constant field names, never from input.
    sql = """
WITH matches AS (
    SELECT count(*) AS n FROM (
        SELECT 1 FROM members_firm WHERE status = 'active' LIMIT 1001) AS capped
)
SELECT {columns}, f.id, (SELECT n FROM matches)
FROM members_firm f
WHERE f.status = 'active'
ORDER BY f.name, f.id
LIMIT %(limit)s
""".replace("{columns}", ", ".join(columns))
    return sql, names


def api_twin(connection, query: tuple[str, list[str]]) -> bytes:
    """The API firm list's first page (25 firms) from one statement,
    rendered by the API's own JSON renderer."""
    from rest_framework.renderers import JSONRenderer

    from members.api import FIRM_LIST_PAGE_SIZE
    from members.forms import directory_cursor

    sql, names = query
    with connection.cursor() as cursor:
        cursor.execute(sql, {"limit": FIRM_LIST_PAGE_SIZE + 1})
        rows = cursor.fetchall()
    total = rows[0][-1] if rows else 0
    results = [dict(zip(names, row[:-2], strict=True)) for row in rows[:FIRM_LIST_PAGE_SIZE]]
    next_url = None
    if len(rows) > FIRM_LIST_PAGE_SIZE:
        last = rows[FIRM_LIST_PAGE_SIZE - 1]
        next_url = "http://testserver/api/v1/firms/?" + _query(
            {"cursor": directory_cursor("name", (results[-1]["name"], last[-2]))}
        )
    return JSONRenderer().render(
        {
            "count": min(total, 1000),
            "count_capped": total > 1000,
            "next": next_url,
            "results": results,
        }
    )


# --- Checks of the searches ------------------------------------------------


def count_and_page(plan: str) -> tuple[str, str]:
    """The directory's page plan split in two: the InitPlan that counts the
    matches, and the rest (the page itself)."""
    lines = plan.splitlines()
    depths = [len(line) - len(line.lstrip()) for line in lines]
    start = next(i for i, line in enumerate(lines) if "InitPlan" in line)
    end = next((i for i in range(start + 1, len(lines)) if depths[i] <= depths[start]), len(lines))
    return "\n".join(lines[start:end]), "\n".join(lines[:start] + lines[end:])


def search_checks() -> dict:
    """For both planted terms: the GIN index in the plan of the page, both
    in its count and in the page itself (as PostgreSQL plans them, nothing
    disabled), and the first page equal to that of a full ``ts_rank``
    ordering of every match."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.generate import COMMON_TERM, SELECTIVE_TERM
    from members.selectors import ORDER_RELEVANCE, search_firms

    results = {}
    for label, term in (("selective", SELECTIVE_TERM), ("common", COMMON_TERM)):
        with CaptureQueriesContext(connection) as captured:
            page = search_firms(term, order=ORDER_RELEVANCE)
        (query,) = captured.captured_queries
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + query["sql"])
            plans = count_and_page("\n".join(row[0] for row in cursor.fetchall()))
            cursor.execute(
                """
                SELECT slug FROM members_firm
                WHERE status = 'active'
                  AND search_vector @@ to_tsquery('chemster_unaccent', %s)
                ORDER BY ts_rank(search_vector, to_tsquery('chemster_unaccent', %s)) DESC,
                         name, id
                LIMIT %s
                """,
                [f"{term}:*", f"{term}:*", len(page.firms)],
            )
            full_ranking = [row[0] for row in cursor.fetchall()]
        results[label] = {
            "term": term,
            "count": page.count,
            "count_capped": page.count_capped,
            "gin_index_used": all("members_firm_search" in plan for plan in plans),
            "first_page_equals_full_ranking": [f.slug for f in page.firms] == full_ranking,
        }
    return results


# --- Timing ----------------------------------------------------------------


def _clients():
    from django.test import Client

    member, coordinator = _cast()
    clients = {"visitor": Client(), "member": Client(), "coordinator": Client()}
    clients["member"].force_login(member)
    clients["coordinator"].force_login(coordinator)
    return clients


def _timed(call, repeats: int) -> float:
    """The median of ``repeats`` calls, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _listed(html: bytes) -> list[str]:
    """The firms a directory page lists, by their addresses."""
    return re.findall(r'<h3 id="firm-\d+"><a href="/pl/firms/([^/"]+)/">', html.decode())


def _get(client, path):
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def run(*, repeats: int = REPEATS) -> dict:
    """One round: every case and both twins, each ``repeats`` times."""
    import psycopg
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from members.models import Firm

    _ensure_strategy()
    # Every round starts below the API's hourly limits (kept in Redis
    # since the performance work; before it, in each clone's own table).
    if "throttles" in settings.CACHES:
        caches["throttles"].delete_pattern("*")
    clients = _clients()
    all_cases = cases()
    result = {"firms": Firm.objects.count(), "active_firms": Firm.objects.active().count()}

    # Warm-up: templates compiled, caches filled, the data in memory.
    slow = set()
    for name, (who, path) in all_cases.items():
        start = time.perf_counter()
        _get(clients[who], path)
        if (time.perf_counter() - start) * 1000 > SLOW_PAGE_MS:
            slow.add(name)
            continue
        for _ in range(WARMUP - 1):
            _get(clients[who], path)

    queries = {}
    for name, (who, path) in all_cases.items():
        with CaptureQueriesContext(connection) as captured:
            _get(clients[who], path)
        queries[name] = len(captured.captured_queries)

    settings_dict = connection.settings_dict
    twin_connection = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )
    request = RequestFactory().get("/pl/firms/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    api_sql = _api_twin_sql()

    def directory_twin_call():
        with translation.override("pl"):
            return directory_twin(twin_connection, request)

    # The twins return the same rows as the pages.
    twin_slugs, twin_html = directory_twin_call()
    page_html = _get(clients["visitor"], "/pl/firms/").content
    if not twin_slugs or not (_listed(page_html) == _listed(twin_html) == twin_slugs):
        raise AssertionError("The directory's twin returned other rows than the page.")
    api_page = _get(clients["visitor"], "/api/v1/firms/").json()
    twin_api = json.loads(api_twin(twin_connection, api_sql))
    if any(twin_api[key] != api_page[key] for key in ("count", "count_capped", "next", "results")):
        raise AssertionError("The API's twin returned other rows than the endpoint.")

    timings = {}
    for name, (who, path) in all_cases.items():
        client = clients[who]
        timings[name] = _timed(
            lambda client=client, path=path: client.get(path),
            SLOW_REPEATS if name in slow else repeats,
        )
        if name == "directory":
            for _ in range(WARMUP):
                directory_twin_call()
            timings["directory_twin"] = _timed(directory_twin_call, repeats)
        elif name == "api_firms":
            for _ in range(WARMUP):
                api_twin(twin_connection, api_sql)
            timings["api_firms_twin"] = _timed(lambda: api_twin(twin_connection, api_sql), repeats)
    twin_connection.close()

    result.update(timings=timings, queries=queries, searches=search_checks())
    return result


def zeal_check() -> dict:
    """Every case once with django-zeal raising on N+1 queries."""
    from django.conf import settings
    from django.core.cache import caches

    _ensure_strategy()
    if "throttles" in settings.CACHES:
        caches["throttles"].delete_pattern("*")
    clients = _clients()
    problems = {}
    for name, (who, path) in cases().items():
        try:
            _get(clients[who], path)
        except Exception as error:  # noqa: BLE001 - reported, the run goes on
            problems[name] = f"{type(error).__name__}: {error}"[:500]
    return {"cases": len(cases()), "problems": problems}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--zeal", action="store_true", help="only check for N+1 queries")
    args = parser.parse_args(argv)
    setup_django(args.database_url, zeal=args.zeal)
    result = zeal_check() if args.zeal else run(repeats=args.repeats)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
