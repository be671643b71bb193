"""docker-compose.yml, the Celery app and the layering contract."""

import shutil
import subprocess

import pytest
import yaml
from celery import shared_task
from celery.contrib.testing.worker import start_worker

from chemster.celery import app
from tests.helpers import ROOT


def test_docker_compose_file_passes_docker_compose_config(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")

    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert sorted(services) == ["backup", "beat", "db", "redis", "web", "worker"]
    assert {name: services[name]["command"][:2] for name in ("web", "worker", "beat")} == {
        "web": ["scripts/start", "web"],
        "worker": ["scripts/start", "worker"],
        "beat": ["scripts/start", "beat"],
    }
    assert all("healthcheck" in services[name] for name in ("web", "worker", "db", "redis"))
    assert services["db"]["image"] == "postgres:15.19-bookworm"


def test_docker_compose_backs_up_nightly_with_the_database_servers_pg_dump():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    backup = compose["services"]["backup"]

    assert backup["image"] == compose["services"]["db"]["image"]
    assert backup["entrypoint"] == ["scripts/backup-schedule"]
    assert backup["working_dir"] == "/app"
    assert backup["volumes"] == ["./scripts:/app/scripts:ro", "backups:/backups"]
    assert "backups" in compose["volumes"]
    environment = backup["environment"]
    assert environment["DATABASE_URL"] == compose["x-portal"]["environment"]["DATABASE_URL"]
    assert {key: environment[key] for key in ("BACKUP_DIR", "BACKUP_AT", "BACKUP_TZ")} == {
        "BACKUP_DIR": "/backups",
        "BACKUP_AT": "02:30",
        "BACKUP_TZ": "Europe/Warsaw",
    }
    assert backup["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "/backups/.last-failure" in backup["healthcheck"]["test"][1]
    for script in ("backup-schedule", "backup", "restore"):
        assert (ROOT / "scripts" / script).stat().st_mode & 0o111, script


def test_celery_app_acknowledges_late_and_never_runs_eagerly_by_default():
    conf = app.conf

    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit == 300
    assert conf.task_soft_time_limit == 240
    assert conf.task_always_eager is False


@pytest.mark.integration
def test_a_real_worker_answers_on_the_real_redis():
    # A broadcast through Redis that the worker must answer (the outbox, not
    # a result backend, records what tasks did, so there is none).
    with start_worker(app, perform_ping_check=False, shutdown_timeout=10):
        replies = app.control.ping(timeout=3)

    assert replies  # one reply per worker, e.g. [{"celery@host": {"ok": "pong"}}]
    assert all(list(reply.values()) == [{"ok": "pong"}] for reply in replies)


def test_import_linter_fails_on_an_upward_import(tmp_path):
    for package in ("chemster", "newsletters", "members", "projects", "events", "strategy"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    lint = ["lint-imports", "--no-cache", "--config", "pyproject.toml"]

    env = {"PYTHONPATH": str(tmp_path), "PATH": f"{ROOT / '.venv/bin'}:/usr/bin:/bin"}

    clean = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True, env=env)
    (tmp_path / "members" / "upward.py").write_text("import projects  # noqa\n")
    broken = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True, env=env)

    assert clean.returncode == 0, clean.stdout
    assert broken.returncode != 0
    assert "members.upward -> projects" in broken.stdout


@shared_task(name="tests.add")
def _add(a, b):
    return a + b


def test_tasks_run_in_process_only_for_a_test_that_asks(celery_eager):
    assert _add.delay(2, 3).get(timeout=1) == 5
