"""bench.http end to end, briefly: two gunicorns on the test database, wrk
on loopback, every phase answered without errors."""

import shutil
import time

import pytest
from django.conf import settings
from django.db import connection

from bench.http import run_http
from tests.factories import FirmFactory


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db
def test_ping_baseline_asks_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/ping")

    assert (response.status_code, response.content) == (200, b"pong")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_run_http_loads_every_phase_without_errors():
    assert shutil.which("wrk"), "wrk is missing: apt-get install wrk (scripts/test does)"
    for n in range(12):
        FirmFactory(name=f"Zakłady Chemiczne {n} Sp. z o.o.", city=["Opole", "Nysa"][n % 2])

    result = run_http(
        _database_url(),
        settings.REDIS_URL,
        duration=2,
        rounds=1,
        warmup=1,
        workers=2,
        log=lambda message: print(f"{time.monotonic():.1f} {message}"),
    )

    assert (result["workers"], result["connections"]) == (2, 4)
    assert result["addresses"] > 20
    assert result["addresses_not_200"] == {}
    for phase in ("baseline", "healthz", "directory", "directory_cached"):
        assert result["phases"][phase]["rps"] > 0, phase
        assert result["phases"][phase]["errors"] == 0, phase
    assert result["phases"]["directory_cached"]["page_cache_hit_rate"] > 0
