"""The newsletter benchmark (issue 10, Mail).

A campaign to the confirmed subscribers (topped up to ``recipients``) goes
through the real path: ``send_campaign_now`` in this process, the nudge
through Redis, one Celery worker with two prefork pool processes writing
and draining the outbox, and a local SMTP sink (``bench/smtp_sink.py``, a
subprocess). It is timed from "send now" until the sink has every
recipient's mail and the campaign is ``sent``. The reference is a plain
loop in this process that computes the same audience, renders the same
personalised messages with the same functions and sends them in batches
over one SMTP connection to the same sink.

Each round runs one campaign and one plain loop (their order alternates),
with nothing else of the benchmark running; then the directory's latency:
sequential GETs of the public directory through gunicorn (two sync
workers), first idle, then while a third campaign sends. Figures are
medians over the rounds. Budget: campaign >= 200 mails/s and >= 0.7 x the
plain loop; the directory's latency during the send is reported (aim:
<= 2 x idle). Each run also reports the CPU time per mail of the worker
(or this process), the sink and PostgreSQL: on a shared machine the rates
vary with the neighbours' load, the CPU per mail hardly does.

Why one worker with ``--concurrency 2`` rather than two worker processes:
it is what ``scripts/start worker`` runs on a two-core machine (prefork,
one pool process per core), with the task time limits enforced; either way
two processes run tasks, and the pool's parent only hands them out.

Run: ``python -m bench.mail --database-url URL --redis-url URL
[--recipients 10000] [--rounds 3] [--json result.json]``. The database
needs the portal's migrations. The campaign goes to every confirmed
subscriber, so a database with more than ``recipients`` of them sends more
(the result says how many); fewer are topped up with
``bench<n>@bench.example.org``. Everything else the benchmark creates
(campaigns, their mail, their audit entries) is deleted between runs. Mail
already due in the database is drained to the sink before the first run.
Use a Redis database of its own: the benchmark purges its Celery queue.
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

RATE_BUDGET = 200.0  # mails per second, campaign
RATIO_BUDGET = 0.7  # campaign rate / plain-loop rate
LATENCY_AIM = 2.0  # directory latency during the send / idle
DIRECTORY_PATH = "/pl/firms/"
SEGMENTS = [{"code": "newsletters.subscribers", "params": {}}]
CAMPAIGN_SUBJECT = "Bench mail"
COORDINATOR_EMAIL = "bench-coordinator@bench.example.org"
SUBSCRIBER_DOMAIN = "bench.example.org"
IDLE_REQUESTS = 30

BODY_PL = """\
## Wiadomości klastra CHEM-STER

Dzień dobry! W tym miesiącu **trzy nowe firmy** dołączyły do klastra, a
projekt *Zielona synteza* zaprasza partnerów z branży chemii specjalistycznej.

- warsztaty z gospodarki obiegu zamkniętego, 14 maja, Kędzierzyn-Koźle;
- nabór do programu wsparcia eksportu;
- nowe oferty współpracy w katalogu członków.

Szczegóły znajdziesz na [portalu klastra](https://chemster.example.org/pl/).
"""
BODY_EN = """\
## CHEM-STER cluster news

Good morning! This month **three new firms** joined the cluster, and the
*Green synthesis* project invites partners from specialty chemistry.

- a circular-economy workshop, 14 May, Kędzierzyn-Koźle;
- the export support programme is open;
- new cooperation offers in the members' directory.

Read more on the [cluster's portal](https://chemster.example.org/en/).
"""


# --- Set-up ---------------------------------------------------------------


def _portal_defaults() -> dict:
    """Settings the portal needs to run here, unless the environment says otherwise."""
    return {
        "DJANGO_SETTINGS_MODULE": "chemster.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_MANIFEST": "0",
    }


def _setup_django(database_url: str, redis_url: str) -> None:
    """Configure Django in this process for ``database_url`` (once)."""
    from django.apps import apps

    if apps.ready:
        # Already set up (the benchmark's own test): it must be that database.
        from django.db import connection

        wanted = urlsplit(database_url).path.lstrip("/")
        if connection.settings_dict["NAME"] != wanted:
            raise ValueError(
                f"Django in this process uses the database "
                f"{connection.settings_dict['NAME']!r}, not {wanted!r}"
            )
        return
    for name, value in _portal_defaults().items():
        os.environ.setdefault(name, value)
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ["ZEAL_ENABLED"] = "0"
    import django

    django.setup()


def _portal_env(database_url: str, redis_url: str, smtp_port: int) -> dict:
    """The environment of the worker and gunicorn: production-like, mail to the sink."""
    env = {**_portal_defaults(), **os.environ}
    env.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DEBUG": "0",
            # A request-time test tool, never on in production.
            "ZEAL_ENABLED": "0",
            "SECURE_SSL_REDIRECT": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
            # Raw throughput: no sending rate limit.
            "MAIL_RATE_PER_MINUTE": "0",
        }
    )
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen | None, *, timeout: float = 15) -> None:
    """Stop a subprocess started in its own session, with all its children."""
    if process is None:
        return
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # Whatever is left of its session: pool processes of a parent that died first.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


class Sink:
    """The SMTP sink subprocess and its counting commands."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.smtp_sink", "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "ready":
            self.stop()
            raise RuntimeError(f"the SMTP sink did not start: {line!r}")
        self.port = int(line[1])

    def _command(self, verb: str):
        with (
            socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock,
            sock.makefile("rb") as reader,
        ):
            reader.readline()  # the greeting
            sock.sendall(verb.encode() + b"\r\nQUIT\r\n")
            reply = reader.readline().decode()
        if not reply.startswith("250 "):
            raise RuntimeError(f"the SMTP sink answered {reply!r} to {verb}")
        return json.loads(reply[4:]) if verb != "XRESET" else None

    def stats(self) -> dict:
        return self._command("XSTAT")

    def received(self) -> dict[str, int]:
        return self._command("XDUMP")

    def reset(self) -> None:
        self._command("XRESET")

    def stop(self) -> None:
        _stop(self.process)
        self.process.stdout.close()


def _bench_celery(redis_url: str):
    """A Celery client of its own, to ping, purge and nudge the worker."""
    from celery import Celery

    return Celery("bench", broker=redis_url, set_as_current=False)


def _start_worker(env: dict, log_path: Path) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "chemster",
                "worker",
                "--loglevel",
                "WARNING",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--hostname",
                "benchmail@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_for_worker(client, process: subprocess.Popen, log_path: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited; see {log_path}")
        replies = client.control.ping(timeout=0.5)
        if any(host.startswith("benchmail@") for reply in replies for host in reply):
            return
    raise RuntimeError(f"the worker did not answer within {timeout} s; see {log_path}")


def _start_web(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "chemster.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _get(port: int, path: str) -> tuple[int, float]:
    """One GET through a new connection: ``(status, seconds)``."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response.status, time.perf_counter() - started


def _wait_for_web(process: subprocess.Popen, port: int, log_path: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log_path}")
        try:
            status, _seconds = _get(port, DIRECTORY_PATH)
        except OSError:
            time.sleep(0.2)
            continue
        if status != 200:
            raise RuntimeError(f"GET {DIRECTORY_PATH} answered {status}; see {log_path}")
        return
    raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {log_path}")


# --- CPU accounting ---------------------------------------------------------
# Wall-clock rates on a shared two-core machine are noisy; the CPU each side
# spends per mail is not, and tells where the time goes.

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_of(pid: int) -> float:
    """CPU seconds a process has used (0 when it is gone or unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _family(pid: int) -> list[int]:
    """``pid`` and its descendants (a worker and its pool processes)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
    return pids


def _database_backends() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [pid for (pid,) in cursor.fetchall()]


class CPUMeter:
    """CPU seconds used by groups of processes between ``start()`` and ``stop()``.

    ``poll()`` during the run catches processes that come and go (Celery
    closes a worker's database connection after each task, so its
    PostgreSQL backend lives as long as the task).
    """

    def __init__(self, **groups):
        self.groups = groups  # name -> callable returning pids

    def poll(self) -> None:
        for name, pids in self.groups.items():
            for pid in pids():
                used = _cpu_of(pid)
                self.latest[name][pid] = used
                self.before[name].setdefault(pid, 0.0)

    def start(self) -> None:
        self.before = {name: {} for name in self.groups}
        self.latest = {name: {} for name in self.groups}
        self.poll()
        self.before = {name: dict(used) for name, used in self.latest.items()}

    def stop(self) -> dict[str, float]:
        self.poll()
        return {
            name: sum(used - self.before[name][pid] for pid, used in self.latest[name].items())
            for name in self.groups
        }


# --- Data -------------------------------------------------------------------


def ensure_recipients(count: int, log=print) -> list[tuple[str, str]]:
    """Make the subscribers' segment reach at least ``count`` addresses; return them.

    Tops up with confirmed newsletter consents of
    ``bench<n>@bench.example.org`` (every third in English), in bulk.
    Returns the audience's ``(address, language)`` pairs.
    """
    from django.utils import timezone

    from newsletters.campaigns import audience
    from newsletters.models import Consent, ConsentText

    recipients = audience(SEGMENTS).recipients
    missing = count - len(recipients)
    if missing <= 0:
        return recipients
    wording = "Zgoda na newsletter CHEM-STER (benchmark)."
    text, _created = ConsentText.objects.get_or_create(
        purpose=Consent.Purpose.NEWSLETTER,
        version="bench-mail",
        defaults={"text": wording, "sha256": hashlib.sha256(wording.encode()).hexdigest()},
    )
    taken = set(
        Consent.objects.filter(email__endswith=f"@{SUBSCRIBER_DOMAIN}").values_list(
            "email", flat=True
        )
    )
    now = timezone.now()
    new = []
    number = 0
    while len(new) < missing:
        address = f"bench{number:06d}@{SUBSCRIBER_DOMAIN}"
        if address not in taken:
            new.append(
                Consent(
                    email=address,
                    purpose=Consent.Purpose.NEWSLETTER,
                    language="en" if number % 3 == 0 else "pl",
                    text=text,
                    method=Consent.Method.IMPORT,
                    given_at=now,
                    confirmed_at=now,
                )
            )
        number += 1
    Consent.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    log(f"Added {len(new)} confirmed subscribers for the benchmark.")
    return audience(SEGMENTS).recipients


def _coordinator():
    from members.services import create_coordinator

    return create_coordinator(email=COORDINATOR_EMAIL, name="Bench coordinator", password=None)


def _new_campaign(coordinator, label: str):
    from newsletters.campaigns import create_campaign

    return create_campaign(
        actor=coordinator,
        subject_pl=f"{CAMPAIGN_SUBJECT} {label}: wiadomości klastra",
        body_pl=BODY_PL,
        subject_en=f"{CAMPAIGN_SUBJECT} {label}: cluster news",
        body_en=BODY_EN,
        segments=SEGMENTS,
    )


def reset() -> None:
    """Delete the benchmark's campaigns, their mail and their audit entries."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from chemster.models import AuditEntry
    from newsletters.models import Campaign, OutboundMessage

    campaigns = Campaign.objects.filter(subject_pl__startswith=f"{CAMPAIGN_SUBJECT} ")
    ids = list(campaigns.values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic():
        OutboundMessage.objects.filter(campaign_id__in=ids).delete()
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Campaign),
            object_id__in=[str(pk) for pk in ids],
        ).delete()
        Campaign.objects.filter(pk__in=ids).delete()
    # Each run starts from the same table, without the last run's dead rows.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE newsletters_outboundmessage")


def _drain_due_mail(client, log, timeout: float = 120) -> None:
    """Let the worker send mail already due, so that it is not timed with a run."""
    from django.utils import timezone

    from newsletters.models import OutboundMessage
    from newsletters.selectors import mail_is_due

    due = OutboundMessage.objects.filter(
        state=OutboundMessage.State.PENDING, next_attempt_at__lte=timezone.now()
    ).count()
    deadline = time.monotonic() + timeout
    while mail_is_due() and time.monotonic() < deadline:
        client.send_task("newsletters.send_pending")
        time.sleep(1)
    # The nudges left over would otherwise start with the first run.
    client.control.purge()
    if due:
        log(f"Drained {due} mail(s) already due in the outbox before the runs.")


# --- Runs -------------------------------------------------------------------


def _check_deliveries(received: dict[str, int], expected: list[tuple[str, str]]) -> dict:
    addresses = {address for address, _language in expected}
    missing = sorted(addresses - set(received))
    repeated = sorted(address for address in addresses if received.get(address, 0) > 1)
    return {
        "exactly_once": not missing and not repeated,
        "missing": len(missing),
        "repeated": len(repeated),
        "others": len(set(received) - addresses),
        "examples": (missing + repeated)[:5],
    }


class _Prober:
    """Sequential GETs of the directory in a thread until stopped."""

    def __init__(self, port: int):
        self.port = port
        self.samples: list[float] = []
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                status, seconds = _get(self.port, DIRECTORY_PATH)
            except OSError:
                self.errors += 1
                continue
            if status == 200:
                self.samples.append(seconds)
            else:
                self.errors += 1

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=60)


def _idle_latency(port: int, count: int = IDLE_REQUESTS) -> list[float]:
    samples = []
    for _ in range(count):
        status, seconds = _get(port, DIRECTORY_PATH)
        if status == 200:
            samples.append(seconds)
    return samples


def _per_mail(cpu: dict[str, float], count: int) -> dict[str, float]:
    return {f"cpu_ms_per_mail_{name}": 1000 * used / count for name, used in cpu.items()}


def campaign_run(
    *, coordinator, sink: Sink, expected, label: str, timeout: float, meter: CPUMeter
) -> dict:
    """Send one campaign through the worker; time "send now" to delivered and sent."""
    from newsletters.campaigns import campaign_progress, send_campaign_now
    from newsletters.models import Campaign

    sink.reset()
    campaign = _new_campaign(coordinator, label)
    meter.start()
    started_wall, started = time.time(), time.monotonic()
    send_campaign_now(actor=coordinator, campaign=campaign)

    deadline = started + timeout
    delivered_at = None
    while time.monotonic() < deadline:
        if delivered_at is None:
            stats = sink.stats()
            if stats["recipients"] >= len(expected):
                delivered_at = stats["last_at"]
        if delivered_at is not None:
            campaign.refresh_from_db(fields=["state", "written_at", "finished_at"])
            if campaign.state == Campaign.State.SENT:
                break
        meter.poll()
        # The end comes from the sink's and the campaign's own clocks; this
        # only decides when to look.
        time.sleep(0.25)
    else:
        meter.stop()
        raise RuntimeError(
            f"campaign {label} did not finish in {timeout:.0f} s: sink {sink.stats()}, "
            f"outbox {campaign_progress(campaign)}, state {campaign.state}"
        )
    cpu = meter.stop()
    finished = campaign.finished_at.timestamp() - started_wall
    seconds = max(delivered_at - started, finished)
    check = _check_deliveries(sink.received(), expected)
    return {
        "seconds": seconds,
        "rate": len(expected) / seconds,
        "write_seconds": (campaign.written_at.timestamp() - started_wall),
        "delivered_seconds": delivered_at - started,
        "progress": campaign_progress(campaign),
        **_per_mail(cpu, len(expected)),
        **check,
    }


def plain_run(*, coordinator, sink: Sink, expected, label: str, meter: CPUMeter) -> dict:
    """The reference: render and send the same mail in this process, one connection."""
    from django.conf import settings
    from django.core.mail import get_connection

    from newsletters.campaigns import audience, campaign_rows, rendered_for_recipients
    from newsletters.services import build_email

    campaign = _new_campaign(coordinator, label)
    sink.reset()
    meter.start()
    started = time.monotonic()
    recipients = audience(campaign.segments).recipients
    rendered = rendered_for_recipients(campaign)
    smtp = get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host="127.0.0.1",
        port=sink.port,
        username="",
        password="",
        use_tls=False,
        use_ssl=False,
        fail_silently=False,
    )
    batch_size = settings.MAIL_BATCH_SIZE
    sent = 0
    with smtp:
        for start in range(0, len(recipients), batch_size):
            rows = campaign_rows(
                campaign, recipients[start : start + batch_size], rendered=rendered
            )
            for number, row in enumerate(rows, start=start + 1):
                row.pk = number  # for the Message-ID, as the outbox row's
            sent += smtp.send_messages([build_email(row, smtp) for row in rows])
    seconds = time.monotonic() - started
    cpu = meter.stop()
    if sent != len(expected):
        raise RuntimeError(f"the plain loop sent {sent} of {len(expected)} mails")
    check = _check_deliveries(sink.received(), expected)
    return {
        "seconds": seconds,
        "rate": len(expected) / seconds,
        **_per_mail(cpu, len(expected)),
        **check,
    }


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[index]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def run_mail(
    database_url: str,
    redis_url: str,
    *,
    recipients: int = 10000,
    rounds: int = 3,
    log=print,
) -> dict:
    """Run the mail benchmark and return its figures (see the module's docstring).

    Keys: ``recipients``, ``rounds``, ``workers``, ``campaign`` and
    ``plain`` (per-run ``runs``, ``median_seconds``, ``rate`` in mails per
    second, CPU ms per mail by process group), ``ratio`` (campaign ÷ plain
    rate), ``budget`` (limits and ``passed``), ``directory`` (latencies in
    ms, idle and during a send, and their ``ratio``), ``exactly_once``
    (every run delivered each recipient one mail), and for
    ``bench/budgets.py`` ``campaign_per_second``, ``plain_per_second`` and
    ``latency_ratio``.
    """
    _setup_django(database_url, redis_url)
    from django.db import connections

    from chemster.celery import app

    if app.conf.broker_url != redis_url:
        raise ValueError(
            f"this process's Celery app publishes to {app.conf.broker_url}, not {redis_url}"
        )
    client = _bench_celery(redis_url)
    sink = worker = web = None
    logs = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    try:
        reset()
        expected = ensure_recipients(recipients, log)
        coordinator = _coordinator()
        sink = Sink()
        env = _portal_env(database_url, redis_url, sink.port)
        client.control.purge()
        worker = _start_worker(env, logs / "worker.log")
        web_port = _free_port()
        web = _start_web(env, web_port, logs / "web.log")
        _wait_for_worker(client, worker, logs / "worker.log")
        _wait_for_web(web, web_port, logs / "web.log")
        _drain_due_mail(client, log)
        log(f"{len(expected)} recipients; sink on port {sink.port}, logs in {logs}")
        sink_pids = [sink.process.pid]
        meters = {
            "campaign": CPUMeter(
                worker=lambda: _family(worker.pid),
                sink=lambda: sink_pids,
                postgres=_database_backends,
            ),
            "plain": CPUMeter(
                bench=lambda: [os.getpid()], sink=lambda: sink_pids, postgres=_database_backends
            ),
        }
        timeout = max(120.0, len(expected) / 20)

        runs = {"campaign": [], "plain": [], "loaded": []}
        idle, busy = [], []
        for number in range(1, rounds + 1):
            order = ("campaign", "plain") if number % 2 else ("plain", "campaign")
            for kind in order:
                label = f"{number}{kind[0]}"
                if kind == "campaign":
                    result = campaign_run(
                        coordinator=coordinator,
                        sink=sink,
                        expected=expected,
                        label=label,
                        timeout=timeout,
                        meter=meters["campaign"],
                    )
                else:
                    result = plain_run(
                        coordinator=coordinator,
                        sink=sink,
                        expected=expected,
                        label=label,
                        meter=meters["plain"],
                    )
                runs[kind].append(result)
                cpu = ", ".join(
                    f"{name[len('cpu_ms_per_mail_') :]} {value:.2f}"
                    for name, value in result.items()
                    if name.startswith("cpu_ms_per_mail_")
                )
                log(
                    f"round {number} {kind:8}: {result['seconds']:6.2f} s, "
                    f"{result['rate']:6.0f} mails/s, exactly once: {result['exactly_once']}; "
                    f"CPU ms per mail: {cpu}"
                )
                reset()
            idle_samples = _idle_latency(web_port)
            with _Prober(web_port) as prober:
                result = campaign_run(
                    coordinator=coordinator,
                    sink=sink,
                    expected=expected,
                    label=f"{number}l",
                    timeout=timeout,
                    meter=meters["campaign"],
                )
            reset()
            runs["loaded"].append(result)
            idle.append(idle_samples)
            busy.append(prober.samples)
            log(
                f"round {number} directory: idle median {_ms(statistics.median(idle_samples))} ms, "
                f"during the send median {_ms(statistics.median(prober.samples or [0]))} ms "
                f"({len(prober.samples)} requests, {prober.errors} errors); campaign "
                f"{result['rate']:.0f} mails/s under that load"
            )
        result = _summary(len(expected), rounds, runs, idle, busy)
        # The logs are kept only when something failed.
        shutil.rmtree(logs, ignore_errors=True)
        return result
    finally:
        for process in (web, worker):
            _stop(process)
        if sink is not None:
            sink.stop()
        with contextlib.suppress(Exception):
            client.control.purge()
            reset()
        client.close()
        # Let the caller drop the database (Django reconnects if it is used).
        connections.close_all()


def _summary(count: int, rounds: int, runs: dict, idle: list, busy: list) -> dict:
    def figures(results):
        median_seconds = statistics.median(r["seconds"] for r in results)
        return {
            "runs": [
                {
                    key: round(value, 3) if isinstance(value, float) else value
                    for key, value in r.items()
                }
                for r in results
            ],
            "median_seconds": round(median_seconds, 3),
            "rate": round(count / median_seconds, 1),
            **{
                key: round(statistics.median(r[key] for r in results), 2)
                for key in results[0]
                if key.startswith("cpu_ms_per_mail_")
            },
        }

    campaign = figures(runs["campaign"])
    campaign["median_write_seconds"] = round(
        statistics.median(r["write_seconds"] for r in runs["campaign"]), 3
    )
    plain = figures(runs["plain"])
    loaded = figures(runs["loaded"])
    ratio = campaign["rate"] / plain["rate"]
    idle_median = statistics.median(statistics.median(s) for s in idle)
    idle_p95 = statistics.median(_percentile(s, 0.95) for s in idle)
    busy_median = statistics.median(statistics.median(s) for s in busy if s)
    busy_p95 = statistics.median(_percentile(s, 0.95) for s in busy if s)
    every_run = [r for kind in runs.values() for r in kind]
    return {
        "recipients": count,
        "rounds": rounds,
        "workers": "one Celery worker, prefork, --concurrency 2",
        "campaign": campaign,
        "plain": plain,
        "ratio": round(ratio, 3),
        "campaign_per_second": campaign["rate"],
        "plain_per_second": plain["rate"],
        "latency_ratio": round(busy_median / idle_median, 2),
        "budget": {
            "rate_min": RATE_BUDGET,
            "ratio_min": RATIO_BUDGET,
            "rate_ok": campaign["rate"] >= RATE_BUDGET,
            "ratio_ok": ratio >= RATIO_BUDGET,
            "passed": campaign["rate"] >= RATE_BUDGET and ratio >= RATIO_BUDGET,
        },
        "directory": {
            "path": DIRECTORY_PATH,
            "idle_median_ms": _ms(idle_median),
            "idle_p95_ms": _ms(idle_p95),
            "busy_median_ms": _ms(busy_median),
            "busy_p95_ms": _ms(busy_p95),
            "ratio": round(busy_median / idle_median, 2),
            "aim": LATENCY_AIM,
            "busy_requests": [len(s) for s in busy],
            "campaign_under_load": loaded,
        },
        "exactly_once": all(r["exactly_once"] for r in every_run),
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }


def _cpu_text(figures: dict) -> str:
    prefix = "cpu_ms_per_mail_"
    return ", ".join(
        f"{key[len(prefix) :]} {value:.2f}"
        for key, value in figures.items()
        if key.startswith(prefix)
    )


def _report(result: dict) -> str:
    campaign, plain, directory = result["campaign"], result["plain"], result["directory"]
    budget = result["budget"]
    return "\n".join(
        [
            f"Mail benchmark: {result['recipients']} recipients, {result['rounds']} rounds "
            f"({result['workers']})",
            f"  campaign   {campaign['median_seconds']:7.2f} s  {campaign['rate']:7.1f} mails/s"
            f"  (rows written after {campaign['median_write_seconds']:.2f} s)",
            f"  plain loop {plain['median_seconds']:7.2f} s  {plain['rate']:7.1f} mails/s",
            f"  CPU ms per mail, campaign: {_cpu_text(campaign)}; plain loop: {_cpu_text(plain)}",
            f"  ratio {result['ratio']:.2f} (budget >= {budget['ratio_min']}), campaign "
            f"{'>=' if budget['rate_ok'] else '<'} {budget['rate_min']:.0f} mails/s: "
            f"{'PASS' if budget['passed'] else 'FAIL'}",
            f"  directory {directory['path']}: idle median {directory['idle_median_ms']} ms "
            f"(p95 {directory['idle_p95_ms']}), during a send median "
            f"{directory['busy_median_ms']} ms (p95 {directory['busy_p95_ms']}), "
            f"ratio {directory['ratio']} (aim <= {directory['aim']}); the campaign then ran at "
            f"{directory['campaign_under_load']['rate']} mails/s",
            f"  every recipient got exactly one mail in every run: {result['exactly_once']}",
        ]
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The newsletter benchmark (issue 10).")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--recipients", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    # Stop on SIGTERM and SIGINT (even in a background job) through the
    # clean-up of run_mail's ``finally``.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    result = run_mail(
        args.database_url,
        args.redis_url,
        recipients=args.recipients,
        rounds=args.rounds,
    )
    print(_report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
