"""The portal's benchmark: ``scripts/bench`` (or ``python -m bench``).

1. Builds (or reuses) the generated databases of 1,000, 10,000 and 100,000
   firms as PostgreSQL templates, and clones each for this run.
2. Times the key pages and endpoints in process, at every size, in
   interleaved rounds (a fresh process per size and round), with the SQL
   twins of the directory and the API firm list; checks django-zeal at
   10,000 firms.
3. Loads the directory over HTTP (gunicorn, wrk) at 10,000 firms.
4. Sends a campaign to 10,000 recipients through the real worker.
5. Writes ``bench/results/<date>-<label>.json`` and prints every budget
   with its figure; exits 1 when a budget other than HTTP and mail fails.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import databases
from bench.budgets import evaluate, report

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
SCALES = (1_000, 10_000, 100_000)
BUDGET_SCALE = 10_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _pages(url: str, *, zeal: bool = False, app_dir: Path = REPO) -> dict:
    """One round of bench.pages in a process of its own."""
    command = [sys.executable, "-m", "bench.pages", "--database-url", url]
    if zeal:
        command.append("--zeal")
    env = {
        **os.environ,
        "PYTHONPATH": f"{app_dir}{os.pathsep}{REPO}",
        "BENCH_APP_DIR": str(app_dir),
    }
    done = subprocess.run(
        command, cwd=app_dir, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"bench.pages failed on {url}:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _own_redis_database(url: str, number: int = 13) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


def _median_rounds(rounds: list[dict]) -> dict:
    """The rounds of one size combined: every timing the median over rounds;
    the query counts and checks of the last round (they do not vary)."""
    combined = dict(rounds[-1])
    combined["timings"] = {
        name: statistics.median(r["timings"][name] for r in rounds) for name in rounds[0]["timings"]
    }
    combined["rounds"] = [r["timings"] for r in rounds]
    return combined


def machine() -> dict:
    import psycopg

    with psycopg.connect(databases.database_url("postgres"), autocommit=True) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "postgresql": server,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run the portal's benchmarks.")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--label", default="after", help="a word for the results' file name")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-mail", action="store_true")
    parser.add_argument(
        "--app-dir",
        type=Path,
        default=REPO,
        help="time the portal of another checkout (e.g. before a change); default: this one",
    )
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    started = time.monotonic()
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "machine": machine(),
        "rounds": args.rounds,
        "scales": scales,
    }

    urls = {}
    builds = {}
    for scale in scales:
        t0 = time.monotonic()
        databases.ensure_template(scale, log=log)
        builds[scale] = round(time.monotonic() - t0, 1)
        urls[scale] = databases.clone(scale, f"chemster_bench_run_{scale}", log=log)
    results["template_seconds"] = builds

    rounds: dict[int, list] = {scale: [] for scale in scales}
    for n in range(args.rounds):
        for scale in scales:
            log(f"pages: round {n + 1} of {args.rounds}, {scale:,} firms")
            rounds[scale].append(_pages(urls[scale], app_dir=args.app_dir))
    results["pages"] = {str(scale): _median_rounds(rounds[scale]) for scale in scales}

    if BUDGET_SCALE in urls:
        log("django-zeal at 10,000 firms")
        results["zeal"] = _pages(urls[BUDGET_SCALE], zeal=True, app_dir=args.app_dir)
        # A Redis database of the benchmark's own: the mail benchmark purges
        # its Celery queue.
        redis_url = _own_redis_database(os.environ.get("REDIS_URL", "redis://127.0.0.1:6390/0"))
        if not args.skip_http:
            from bench.http import run_http

            log("HTTP at 10,000 firms")
            results["http"] = run_http(urls[BUDGET_SCALE], redis_url, rounds=args.rounds, log=log)
        if not args.skip_mail:
            from bench.mail import run_mail

            log("mail: a campaign to 10,000 recipients")
            mail_url = databases.clone(BUDGET_SCALE, "chemster_bench_mail", log=log)
            try:
                results["mail"] = run_mail(mail_url, redis_url, rounds=args.rounds, log=log)
            finally:
                databases.drop("chemster_bench_mail")

    for scale in scales:
        databases.drop(f"chemster_bench_run_{scale}")
    results["seconds"] = round(time.monotonic() - started, 1)
    results["budgets"] = evaluate(results)

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today().isoformat()}-{args.label}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(report(results))
    print(f"Results: {path.relative_to(REPO)} ({results['seconds']:.0f} s)")
    hard = [b for b in results["budgets"] if not b["met"] and b["hard"]]
    return 1 if hard else 0


if __name__ == "__main__":
    sys.exit(main())
