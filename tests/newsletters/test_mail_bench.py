"""The mail benchmark (bench/mail.py) end to end on a small audience.

Not a timing test: it checks that the benchmark still runs the real path
(worker, Redis, SMTP sink, gunicorn) and counts what it should, so that the
benchmark cannot rot between the times it is run.
"""

import os
import subprocess

import pytest
from django.db import connection

import bench.mail
from bench.mail import run_mail
from newsletters.models import Campaign

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def started_processes(monkeypatch):
    """Every subprocess started during the test, to check that none is left."""
    started = []

    class RecordingPopen(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(subprocess, "Popen", RecordingPopen)
    return started


def _group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_benchmark_delivers_every_mail_once_and_reports_its_figures(
    running_private_redis, started_processes, monkeypatch
):
    monkeypatch.setattr(bench.mail, "IDLE_REQUESTS", 5)
    database_url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    lines = []

    result = run_mail(
        database_url, running_private_redis.url, recipients=200, rounds=1, log=lines.append
    )

    assert result["recipients"] == 200
    assert result["exactly_once"] is True
    for kind in ("campaign", "plain"):
        [run] = result[kind]["runs"]
        assert (run["exactly_once"], run["missing"], run["repeated"]) == (True, 0, 0)
        assert result[kind]["rate"] > 0
        assert result[kind]["median_seconds"] > 0
    [run] = result["campaign"]["runs"]
    assert run["progress"] == {"total": 200, "sent": 200, "failed": 0, "pending": 0}
    assert result["ratio"] > 0
    assert result["campaign_per_second"] == result["campaign"]["rate"]
    assert result["plain_per_second"] == result["plain"]["rate"]
    assert result["latency_ratio"] > 0
    assert set(result["budget"]) == {"rate_min", "ratio_min", "rate_ok", "ratio_ok", "passed"}
    directory = result["directory"]
    assert directory["path"] == "/pl/firms/"
    assert directory["idle_median_ms"] > 0
    assert directory["busy_median_ms"] > 0
    assert directory["campaign_under_load"]["runs"][0]["exactly_once"] is True
    # The sink, the worker (with its pool) and gunicorn (with its workers)
    # are all gone, and the benchmark's campaigns were cleaned up.
    assert len(started_processes) == 3
    assert not any(_group_alive(process.pid) for process in started_processes)
    assert not Campaign.objects.exists()
