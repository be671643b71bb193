"""PostgreSQL template databases of generated clusters, built once and cloned.

Building a cluster of 100,000 firms takes minutes; copying a template takes
seconds. ``ensure_template(scale)`` keeps ``chemster_bench_tpl_<scale>``
(migrated, filled by ``manage.py seed_demo --scale``, vacuumed and analysed)
and rebuilds it only when its fingerprint changed: the generator's code and
word lists, this module, the names of the migration files, or the pinned
requirements.
The fingerprint is the database's comment. ``clone(scale, name)`` makes a
fresh copy for one benchmark run; ``drop(name)`` removes it.

No Django here: this runs before settings are loaded (a benchmark picks its
database first). Django runs in subprocesses with ``DATABASE_URL`` set.

    python -m bench.databases 1000 10000     # build or refresh those templates

``BENCH_DATABASE_URL`` (else ``DATABASE_URL``) names the server;
``BENCH_TEMPLATE_PREFIX`` changes the templates' names (the tests use their
own, so that they never replace real templates).
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_PREFIX = "chemster_bench_tpl_"
# What a template is built from, and how: when any of it changes, templates
# are rebuilt.
GENERATOR_FILES = ("bench/generate.py", "bench/words.py", "bench/databases.py")
REQUIREMENTS = "requirements.txt"


def server_url() -> str:
    """The PostgreSQL server's URL (any database name)."""
    return (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    )


def database_url(name: str) -> str:
    """The server's URL with the database ``name``."""
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def template_name(scale: int, *, prefix: str | None = None) -> str:
    if prefix is None:
        prefix = os.environ.get("BENCH_TEMPLATE_PREFIX", DEFAULT_PREFIX)
    return f"{prefix}{scale}"


def fingerprint() -> str:
    """SHA-256 over the generator's code, the migration files' names and the
    requirements: what decides a template's content."""
    digest = hashlib.sha256()
    for path in GENERATOR_FILES:
        digest.update((REPO / path).read_bytes())
    migrations = sorted(str(path.relative_to(REPO)) for path in REPO.glob("*/migrations/[0-9]*.py"))
    digest.update("\n".join(migrations).encode())
    digest.update((REPO / REQUIREMENTS).read_bytes())
    return digest.hexdigest()


def _connect(name: str = "postgres") -> psycopg.Connection:
    """An autocommit connection (CREATE/DROP DATABASE and VACUUM need one)."""
    return psycopg.connect(database_url(name), autocommit=True)


def _comment(connection, name: str) -> str | None:
    """The database's comment, or None when there is no such database."""
    row = connection.execute(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
        "WHERE datname = %s",
        [name],
    ).fetchone()
    return row[0] if row else None


def _drop(connection, name: str) -> None:
    """Drop ``name`` if it exists, a template too, closing its sessions."""
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists:
        connection.execute(
            sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE false ALLOW_CONNECTIONS true").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def _manage(name: str, *args: str) -> None:
    """Run ``manage.py`` on the database ``name`` in a subprocess."""
    environment = os.environ | {"DATABASE_URL": database_url(name)}
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=environment, check=True)


def ensure_template(scale: int, *, log=print, prefix: str | None = None) -> str:
    """The name of the template of ``scale`` firms, built or rebuilt when it
    is missing or its fingerprint differs.

    Building: create the database, ``migrate``, ``createcachetable`` (API
    throttles live there), ``seed_demo --scale``, ``VACUUM FULL`` of the
    firms' table (the search vectors' UPDATE left half of it dead, and
    benchmarks should read a compact table), ``VACUUM ANALYZE``; then the
    fingerprint goes into the comment and the database becomes a template
    that accepts no connections (so that it can be copied at any time). A
    build that fails leaves a database without the fingerprint, rebuilt on
    the next call. Concurrent callers wait for each other (an advisory lock).
    """
    name = template_name(scale, prefix=prefix)
    wanted = fingerprint()
    with _connect() as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", [zlib.crc32(name.encode())])
        if _comment(connection, name) == wanted:
            log(f"{name}: up to date")
            return name
        started = time.monotonic()
        log(f"{name}: building {scale:,} firms")
        _drop(connection, name)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        _manage(name, "migrate", "--no-input", "-v0")
        _manage(name, "createcachetable", "-v0")
        seeding = time.monotonic()
        _manage(name, "seed_demo", "--scale", str(scale))
        log(f"{name}: seed_demo --scale {scale} took {time.monotonic() - seeding:.1f} s")
        with _connect(name) as target:
            target.execute("VACUUM FULL members_firm")
            target.execute("VACUUM ANALYZE")
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(wanted)
            )
        )
        connection.execute(
            sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false").format(
                sql.Identifier(name)
            )
        )
        size = connection.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name])
        log(f"{name}: built in {time.monotonic() - started:.1f} s, {size.fetchone()[0]}")
    return name


def clone(scale: int, name: str, *, log=print, prefix: str | None = None) -> str:
    """A fresh copy ``name`` of the template of ``scale`` firms (replacing
    any database of that name); returns its URL. The template must exist
    (``ensure_template``)."""
    template = template_name(scale, prefix=prefix)
    started = time.monotonic()
    with _connect() as connection:
        _drop(connection, name)
        # FILE_COPY copies the files after a checkpoint instead of writing
        # the whole database to the WAL, as WAL_LOG (the default) would.
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    log(f"{name}: cloned from {template} in {time.monotonic() - started:.1f} s")
    return database_url(name)


def drop(name: str) -> None:
    """Drop the database ``name`` (a clone or a template) if it exists."""
    with _connect() as connection:
        _drop(connection, name)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.databases",
        description="Build or refresh the benchmarks' template databases.",
    )
    parser.add_argument("scales", nargs="+", type=int, help="numbers of firms, e.g. 1000 10000")
    parser.add_argument("--prefix", help=f"template name prefix (default {DEFAULT_PREFIX})")
    arguments = parser.parse_args(argv)
    for scale in arguments.scales:
        ensure_template(scale, prefix=arguments.prefix)


if __name__ == "__main__":
    main()
