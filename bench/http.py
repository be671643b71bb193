"""The directory under HTTP load: gunicorn as in production, wrk on loopback.

Run by ``python -m bench`` at 10,000 firms; on its own::

    python -m bench.http --database-url postgres://.../chemster_bench_run_10000 \\
        --redis-url redis://127.0.0.1:6390/14

Steps:

1. Start gunicorn (``chemster.wsgi``, sync workers, 3 by default as
   ``scripts/start web``) on a free loopback port with production settings
   and every cache off: no anonymous page cache, no fragment cache. A second
   gunicorn runs with both on (the page cache for 300 s).
2. Build a list of varied directory addresses, all with ``size=10``: words
   from the database (cities, words of firm names, competence names,
   misspelt names and prefixes, the generator's planted terms), filters by
   kind, competence, city and order, later pages through the real ``after``
   cursors of "next" links, in Polish and English. Every address is fetched
   once from the cached server (which stores its page); anything but 200
   is reported.
3. Warm the uncached server up, then interleave ``rounds`` times: the baseline
   (``/ping``: one PostgreSQL query through every middleware), ``/healthz``
   (the same query and a fresh Redis connection), the directory without
   caches, the directory with the page cache. wrk
   (``bench/wrk/urls.lua``) picks a random address from the list for every
   request and counts every status that is not 2xx as an error.
4. Return each phase's median requests per second and latencies, the
   directory/baseline ratio (budget: at least 0.30 with no errors) and the
   page cache's gain (cached over uncached requests per second).

Every process started here is stopped on the way out, failures included.
"""

import argparse
import ast
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
LUA_SCRIPT = REPO / "bench" / "wrk" / "urls.lua"

RATIO_BUDGET = 0.30
PAGE_SIZE = "10"
# One PostgreSQL query through every middleware (chemster.views.ping);
# /healthz is measured too, but its fresh Redis connection per request (a
# handshake of several round trips) makes it dearer than one query.
BASELINE_PATH = "/ping"
HEALTHZ_PATH = "/healthz"
# A page in the site's frame (menu, footer) whose only query, with the
# fragment cache off, is the footer's: the "page" extra phase.
FRAMED_PAGE_PATH = "/pl/join/thanks/"
PAGE_CACHE_SECONDS = 300
# Directory addresses of each sort, at most (a small database has fewer
# words: three searches and two filters a firm); with the later pages of the
# seeds the list holds about 180 addresses.
SEARCHES = 90
FILTERS = 40
DEEP_SEEDS = 8
DEEP_PAGES = 5

NEXT_LINK = re.compile(r'<a href="(\?[^"]*)" rel="next">')

# Caches of each server: "plain" serves the baselines and the uncached
# directory, "cached" the directory with the anonymous page cache, and
# "fragments" (an extra) the directory as production runs it by default.
SERVERS = {
    "plain": {"FRAGMENT_CACHE_ENABLED": "0", "ANONYMOUS_PAGE_CACHE_SECONDS": "0"},
    "cached": {
        "FRAGMENT_CACHE_ENABLED": "1",
        "ANONYMOUS_PAGE_CACHE_SECONDS": str(PAGE_CACHE_SECONDS),
    },
    "fragments": {"FRAGMENT_CACHE_ENABLED": "1", "ANONYMOUS_PAGE_CACHE_SECONDS": "0"},
}
# Each phase: the server, and the addresses wrk picks from.
PHASES = {
    "baseline": ("plain", "baseline"),
    "healthz": ("plain", "healthz"),
    "directory": ("plain", "directory"),
    "directory_cached": ("cached", "directory"),
}
# Phases run only when asked for (``extra_phases``), as each costs a
# duration per round.
EXTRA_PHASES = {
    "page": ("plain", "page"),
    "directory_fragments": ("fragments", "directory"),
}


# --- Addresses ------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [word.lower() for word in re.findall(r"[^\W\d_]{4,}", text)]


def _misspell(word: str, rng: random.Random) -> str:
    """``word`` with two neighbouring letters swapped or one left out."""
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def _planted_terms() -> list[str]:
    """The generator's selective and common search terms, when it exists.

    Read from its source: importing ``bench.generate`` needs Django set up,
    which this process (wrk's driver) does not do.
    """
    path = REPO / "bench" / "generate.py"
    if not path.exists():
        return []
    terms = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and [getattr(target, "id", "") for target in node.targets]
            in (["SELECTIVE_TERM"], ["COMMON_TERM"])
        ):
            terms[node.targets[0].id] = node.value.value
    return [terms[name] for name in ("SELECTIVE_TERM", "COMMON_TERM") if name in terms]


def _database_sample(database_url: str) -> dict:
    """Names, cities, kinds and competences of active firms, spread over the
    whole table (ordered by a hash of the id, not by insertion)."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        firms = conn.execute(
            "SELECT name, city, kind FROM members_firm WHERE status = 'active' "
            "ORDER BY md5(id::text) LIMIT 400"
        ).fetchall()
        competences = conn.execute(
            "SELECT id, name_pl, name_en FROM members_competence ORDER BY id"
        ).fetchall()
    return {
        "names": [name for name, _city, _kind in firms],
        "cities": sorted({city for _name, city, _kind in firms if city}),
        "kinds": sorted({kind for _name, _city, kind in firms}),
        "competences": competences,
    }


def _directory_address(language: str, params: list[tuple[str, str]]) -> str:
    return f"/{language}/firms/?" + urlencode([("size", PAGE_SIZE), *params])


def directory_addresses(sample: dict, *, seed: int = 10) -> tuple[list[str], list[str]]:
    """Varied first pages of the directory, and the seeds whose later pages
    are followed; deterministic for one database."""
    rng = random.Random(seed)
    names, cities, kinds = sample["names"], sample["cities"], sample["kinds"]
    searches, filters = min(SEARCHES, 3 * len(names)), min(FILTERS, 2 * len(names))
    competences = sample["competences"]
    name_words = sorted({word for name in names for word in _words(name)})
    competence_words = sorted(
        {word for _pk, pl, en in competences for word in _words(pl) + _words(en)}
    )
    long_words = [word for word in name_words if len(word) >= 6]

    terms = list(_planted_terms())
    sources = []
    if cities:
        sources.append(lambda: rng.choice(cities))
    if name_words:
        sources.append(lambda: rng.choice(name_words))
        # A prefix, as the search box matches words by their beginning.
        sources.append(lambda: rng.choice(name_words)[:4])
    if len(name_words) >= 2:
        sources.append(lambda: " ".join(rng.sample(name_words, 2)))
    if competence_words:
        sources.append(lambda: rng.choice(competence_words))
    if long_words:
        sources.append(lambda: _misspell(rng.choice(long_words), rng))
    while len(terms) < searches and sources:
        terms.append(rng.choice(sources)())
    if long_words:
        # A whole firm name misspelt, as a visitor types it from memory.
        for name in rng.sample(names, min(5, len(names))):
            terms.append(" ".join(_misspell(w, rng) if len(w) >= 6 else w for w in _words(name)))

    addresses = []
    for term in dict.fromkeys(terms):
        params = [("q", term)]
        if kinds and rng.random() < 0.2:
            params.append(("kind", rng.choice(kinds)))
        if rng.random() < 0.15:
            params.append(("sort", "name"))
        addresses.append(_directory_address(rng.choice(["pl", "en"]), params))

    for _ in range(filters):
        params = []
        if kinds and rng.random() < 0.4:
            params.append(("kind", rng.choice(kinds)))
        if competences and rng.random() < 0.5:
            for pk, _pl, _en in rng.sample(competences, rng.choice([1, 1, 2])):
                params.append(("competence", str(pk)))
        if cities and rng.random() < 0.3:
            params.append(("city", rng.choice(cities)))
        params.append(("sort", rng.choice(["", "name", "newest"])))
        addresses.append(_directory_address(rng.choice(["pl", "en"]), params))

    seeds = [
        _directory_address("pl", []),
        _directory_address("en", []),
        _directory_address("pl", [("sort", "newest")]),
        _directory_address("en", [("sort", "newest")]),
    ]
    if kinds:
        seeds.append(_directory_address("pl", [("kind", kinds[0])]))
    seeds += rng.sample(addresses, min(DEEP_SEEDS - len(seeds), len(addresses)))
    return list(dict.fromkeys(addresses + seeds)), seeds


# Loopback only: never through a proxy named in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _fetch(base_url: str, path: str) -> tuple[int, str]:
    try:
        with _OPENER.open(base_url + path, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _later_pages(base_url: str, seed: str, pages: int) -> list[str]:
    later, path = [], seed
    for _ in range(pages):
        status, html = _fetch(base_url, path)
        match = NEXT_LINK.search(html) if status == 200 else None
        if not match:
            break
        path = path.split("?", 1)[0] + unescape(match.group(1))
        later.append(path)
    return later


def follow_next_links(
    base_url: str, seeds: list[str], *, pages: int = DEEP_PAGES, workers: int = 3
) -> list[str]:
    """Later pages of ``seeds``, through the ``after`` cursors that each
    page's "next" link carries."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        chains = pool.map(lambda seed: _later_pages(base_url, seed, pages), seeds)
        return [path for chain in chains for path in chain]


def check_addresses(base_url: str, paths: list[str], *, workers: int) -> dict[str, int]:
    """Fetch every address once; the statuses that are not 200."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(lambda path: _fetch(base_url, path)[0], paths))
    return {path: status for path, status in zip(paths, statuses, strict=True) if status != 200}


# --- Processes --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, redis_url: str, caches: dict, prefix: str) -> dict:
    """Production settings on plain HTTP, against the benchmark's services."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get(
            "SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else-0123456789"
        ),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ZEAL_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
        "FRAGMENT_CACHE_PREFIX": prefix,
        **caches,
    }


class Gunicorn:
    """One gunicorn with sync workers, as ``scripts/start web`` runs it, in a
    process group of its own so that stopping it stops every worker."""

    def __init__(self, name: str, env: dict, *, workers: int, log_dir: Path):
        self.name = name
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"gunicorn-{name}.log"
        with self.log_path.open("wb") as log_file:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "chemster.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(workers),
                    "--worker-class",
                    "sync",
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=REPO,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) exited:\n{self.log_tail()}")
            try:
                if _fetch(self.url, HEALTHZ_PATH)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn ({self.name}) not healthy in {timeout} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def run_wrk(
    url: str, paths_file: Path, *, duration: float, connections: int, threads: int = 1
) -> dict:
    """One wrk run; its summary from ``urls.lua``'s ``done``."""
    command = [
        "wrk",
        "--threads",
        str(threads),
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--script",
        str(LUA_SCRIPT),
        url,
    ]
    done = subprocess.run(
        command,
        env={**os.environ, "BENCH_URLS": str(paths_file)},
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if done.returncode or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    summary = json.loads(lines[-1].removeprefix("BENCH_JSON "))
    errors = summary["errors"]
    seconds = summary["duration_us"] / 1e6
    return {
        "requests": summary["requests"],
        "rps": round(summary["requests"] / seconds, 1),
        "errors": errors["connect"]
        + errors["read"]
        + errors["write"]
        + errors["timeout"]
        + errors["non_2xx"],
        "error_kinds": errors,
        "page_cache_hits": summary["page_cache_hits"],
        "latency_ms": {
            name: round(summary["latency_us"][name] / 1000, 2)
            for name in ("p50", "p95", "p99", "mean", "max")
        },
        "mb_per_s": round(summary["bytes"] / seconds / 1e6, 2),
    }


def _clear_cache_keys(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.RedisError:
        pass
    finally:
        client.close()


# --- The run --------------------------------------------------------------


def _ratio(a: float, b: float, *, digits: int = 3) -> float:
    return round(a / b, digits) if b else 0.0


def _median_phase(runs: list[dict]) -> dict:
    requests = sum(run["requests"] for run in runs)
    return {
        "rps": statistics.median(run["rps"] for run in runs),
        "latency_ms": {
            name: statistics.median(run["latency_ms"][name] for run in runs)
            for name in ("p50", "p95", "p99")
        },
        "requests": requests,
        "errors": sum(run["errors"] for run in runs),
        "page_cache_hit_rate": round(sum(run["page_cache_hits"] for run in runs) / requests, 3)
        if requests
        else 0.0,
        "rounds": runs,
    }


def run_http(
    database_url: str,
    redis_url: str,
    *,
    duration: float = 12,
    rounds: int = 3,
    connections: int | None = None,
    workers: int = 3,
    warmup: float = 3,
    extra_phases: tuple[str, ...] = (),
    log=print,
) -> dict:
    """Load the directory and the baseline over HTTP; see the module's doc.

    ``connections`` defaults to twice the workers, so that a worker always
    finds the next request waiting. Figures are medians over ``rounds``.
    ``extra_phases`` names phases of ``EXTRA_PHASES`` to run as well.
    """
    connections = connections or 2 * workers
    phase_list = {**PHASES, **{name: EXTRA_PHASES[name] for name in extra_phases}}
    server_names = dict.fromkeys(server for server, _paths in phase_list.values())
    started = time.monotonic()
    prefix = f"bench-http-{os.getpid()}"
    servers: dict[str, Gunicorn] = {}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        tmp_dir = Path(tmp)
        try:
            for name in server_names:
                env = server_env(database_url, redis_url, SERVERS[name], prefix)
                servers[name] = Gunicorn(name, env, workers=workers, log_dir=tmp_dir)
            for server in servers.values():
                server.wait_until_healthy()
            log(
                f"http: gunicorn with {workers} sync workers up ({', '.join(servers)}) "
                f"in {time.monotonic() - started:.1f} s"
            )

            plain = servers["plain"].url
            addresses, seeds = directory_addresses(_database_sample(database_url))
            addresses += follow_next_links(plain, seeds, workers=workers)
            addresses = list(dict.fromkeys(addresses))
            # Through the cached server: every address is checked, and its
            # page stored, so that the cached phase measures a warm cache.
            failing = check_addresses(servers["cached"].url, addresses, workers=workers)
            for path, status in failing.items():
                log(f"http: {status} from {path}")
            log(f"http: {len(addresses)} directory addresses, {len(failing)} not 200")
            setup_seconds = round(time.monotonic() - started, 1)

            files = {}
            for name, paths in (
                ("baseline", [BASELINE_PATH]),
                ("healthz", [HEALTHZ_PATH]),
                ("page", [FRAMED_PAGE_PATH]),
                ("directory", addresses),
            ):
                files[name] = tmp_dir / f"{name}.txt"
                files[name].write_text("\n".join(paths) + "\n")
            for name in server_names:
                if name != "cached":
                    run_wrk(
                        servers[name].url,
                        files["directory"],
                        duration=warmup,
                        connections=connections,
                    )
            run_wrk(plain, files["baseline"], duration=1, connections=connections)

            runs: dict[str, list] = {phase: [] for phase in phase_list}
            for n in range(rounds):
                for phase, (server_name, paths) in phase_list.items():
                    run = run_wrk(
                        servers[server_name].url,
                        files[paths],
                        duration=duration,
                        connections=connections,
                    )
                    runs[phase].append(run)
                    log(
                        f"http: round {n + 1}/{rounds} {phase}: {run['rps']} req/s, "
                        f"p50 {run['latency_ms']['p50']} ms, {run['errors']} errors"
                    )
        finally:
            for server in servers.values():
                server.stop()
            _clear_cache_keys(redis_url, prefix)

    phases = {phase: _median_phase(runs[phase]) for phase in phase_list}
    baseline, plain_dir = phases["baseline"], phases["directory"]
    cached = phases["directory_cached"]
    ratio = _ratio(plain_dir["rps"], baseline["rps"])
    errors = baseline["errors"] + plain_dir["errors"]
    return {
        "tool": "wrk, 1 thread, a random address of the list per request",
        "server": f"gunicorn chemster.wsgi, {workers} sync workers, loopback",
        "workers": workers,
        "connections": connections,
        "duration_s": duration,
        "rounds": rounds,
        "baseline_path": BASELINE_PATH,
        "baseline_query": "SELECT 1, through every middleware; no template",
        "caches": {
            "directory": "page cache off, fragment cache off (FRAGMENT_CACHE_ENABLED=0)",
            "directory_cached": (
                f"page cache on (ANONYMOUS_PAGE_CACHE_SECONDS={PAGE_CACHE_SECONDS}), "
                "fragment cache on"
            ),
            "directory_fragments": "page cache off, fragment cache on (production's default)",
        },
        "addresses": len(addresses),
        "addresses_not_200": failing,
        "address_sample": addresses[:: max(1, len(addresses) // 12)],
        "phases": phases,
        "ratio": ratio,
        # Every phase's errors (non-2xx statuses, timeouts, socket errors).
        "errors": sum(phase["errors"] for phase in phases.values()),
        "ratio_per_round": [
            _ratio(d["rps"], b["rps"])
            for d, b in zip(plain_dir["rounds"], baseline["rounds"], strict=True)
        ],
        "ratio_to_healthz": _ratio(plain_dir["rps"], phases["healthz"]["rps"]),
        "cached_gain": _ratio(cached["rps"], plain_dir["rps"], digits=2),
        **(
            {"ratio_to_framed_page": _ratio(plain_dir["rps"], phases["page"]["rps"])}
            if "page" in phases
            else {}
        ),
        "budgets": [
            {
                "name": "directory over HTTP / baseline, 10 rows, no cache",
                "figure": ratio,
                "limit": f">= {RATIO_BUDGET}, 0 errors ({errors})",
                "met": ratio >= RATIO_BUDGET and errors == 0,
            },
            {
                "name": "directory over HTTP with the page cache: errors",
                "figure": cached["errors"],
                "limit": "0",
                "met": cached["errors"] == 0,
            },
        ],
        "setup_seconds": setup_seconds,
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Load the directory over HTTP with wrk.")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--duration", type=float, default=12, help="seconds per phase and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=None)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument(
        "--extra",
        default="",
        help=f"comma-separated extra phases: {', '.join(EXTRA_PHASES)}",
    )
    args = parser.parse_args(argv)
    # A SIGTERM stops the servers on the way out, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run_http(
        args.database_url,
        args.redis_url,
        duration=args.duration,
        rounds=args.rounds,
        workers=args.workers,
        connections=args.connections,
        warmup=args.warmup,
        extra_phases=tuple(name for name in args.extra.split(",") if name),
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if all(budget["met"] for budget in result["budgets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
