"""Template databases for the benchmarks (``bench.databases``), at 60 firms
and under a throw-away name prefix, so that real templates are never
touched. Building runs ``manage.py`` in subprocesses, hence ``integration``."""

import uuid

import psycopg
import pytest
from psycopg import sql

from bench import databases

pytestmark = pytest.mark.integration

SCALE = 60


@pytest.fixture
def prefix():
    """A template prefix of this test only; its databases are dropped after."""
    prefix = f"chemster_test_tpl_{uuid.uuid4().hex[:8]}_"
    yield prefix
    databases.drop(f"{prefix}clone")
    databases.drop(databases.template_name(SCALE, prefix=prefix))


def _databases_named(prefix: str) -> dict[str, tuple]:
    with databases._connect() as connection:
        rows = connection.execute(
            "SELECT datname, datistemplate, datallowconn, "
            "coalesce(shobj_description(oid, 'pg_database'), '') "
            "FROM pg_database WHERE datname LIKE %s",
            [f"{prefix}%"],
        ).fetchall()
    return {name: tuple(rest) for name, *rest in rows}


def test_server_url_prefers_the_bench_variable(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://bench@db.example:5433/any")
    monkeypatch.setenv("DATABASE_URL", "postgres://app@127.0.0.1:5432/chemster")

    assert databases.server_url() == "postgres://bench@db.example:5433/any"
    assert databases.database_url("x_1") == "postgres://bench@db.example:5433/x_1"


def test_template_name_takes_the_prefix_from_the_environment(monkeypatch):
    monkeypatch.setenv("BENCH_TEMPLATE_PREFIX", "mine_")

    assert databases.template_name(1000) == "mine_1000"
    assert databases.template_name(1000, prefix="other_") == "other_1000"


def test_fingerprint_is_stable_and_hex():
    assert databases.fingerprint() == databases.fingerprint()
    assert len(databases.fingerprint()) == 64


def test_ensure_template_builds_once_and_clone_copies_it(prefix):
    log = []
    template = databases.template_name(SCALE, prefix=prefix)

    name = databases.ensure_template(SCALE, prefix=prefix, log=log.append)
    again = databases.ensure_template(SCALE, prefix=prefix, log=log.append)
    url = databases.clone(SCALE, f"{prefix}clone", prefix=prefix, log=log.append)

    assert name == again == template
    assert any("built in" in line for line in log)
    assert f"{template}: up to date" in log
    assert _databases_named(prefix) == {
        template: (True, False, databases.fingerprint()),
        f"{prefix}clone": (False, True, ""),
    }
    with psycopg.connect(url) as connection:
        firms = connection.execute("SELECT count(*) FROM members_firm").fetchone()[0]
        vectors = connection.execute(
            "SELECT count(*) FROM members_firm WHERE search_vector IS NOT NULL"
        ).fetchone()[0]
    assert firms == vectors == SCALE

    databases.drop(f"{prefix}clone")
    databases.drop(template)

    assert _databases_named(prefix) == {}


def test_ensure_template_rebuilds_a_template_whose_fingerprint_differs(prefix):
    template = databases.template_name(SCALE, prefix=prefix)
    with databases._connect() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS 'stale'").format(sql.Identifier(template))
        )
    log = []

    databases.ensure_template(SCALE, prefix=prefix, log=log.append)

    assert any("built in" in line for line in log)
    assert _databases_named(prefix) == {template: (True, False, databases.fingerprint())}
