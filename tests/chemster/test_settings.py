"""Settings come from the environment; a malformed value stops start-up."""

import json
import re
from importlib.metadata import packages_distributions

import pytest

from tests.helpers import ROOT, run_portal

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Jx9-production-like-secret-with-enough-length-and-variety-2026",
    "ALLOWED_HOSTS": "portal.chemster.pl",
    "CSRF_TRUSTED_ORIGINS": "https://portal.chemster.pl",
    "SITE_URL": "https://portal.chemster.pl",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    # Only the browser tests need it; production never sets it.
    "DJANGO_ALLOW_ASYNC_UNSAFE": "",
}


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "ture", "DEBUG='ture' is not a boolean"),
        ("DATABASE_CONN_MAX_AGE", "ten", "DATABASE_CONN_MAX_AGE='ten' is not a whole number"),
        ("EMAIL_PORT", "25a", "EMAIL_PORT='25a' is not a whole number"),
        (
            "DATABASE_RANDOM_PAGE_COST",
            "fast",
            "DATABASE_RANDOM_PAGE_COST must be a positive number, not 'fast'",
        ),
        (
            "DATABASE_URL",
            "mysql://root@localhost/chemster",
            "DATABASE_URL must be a PostgreSQL URL",
        ),
        ("DATABASE_URL", "postgres://host:port/x", "DATABASE_URL is not a valid URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be a URL starting with redis://"),
        ("REDIS_URL", "redis://localhost:99999999/0", "REDIS_URL is not a valid URL"),
        ("CSRF_TRUSTED_ORIGINS", "portal.chemster.pl", "CSRF_TRUSTED_ORIGINS contains"),
        (
            "REQUEST_MAX_BODY_BYTES",
            "1000",
            "REQUEST_MAX_BODY_BYTES must be larger than the largest UPLOAD_MAX_*_BYTES",
        ),
        (
            "SECRET_KEY_FILE",
            "/nonexistent/secret",
            "SECRET_KEY_FILE='/nonexistent/secret' cannot be read",
        ),
    ],
)
def test_malformed_value_stops_start_up_naming_the_variable(variable, value, message):
    result = run_portal(["manage.py", "check"], env={variable: value})

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_key_is_required_with_debug_off():
    result = run_portal(["manage.py", "check"], env={"DEBUG": "0", "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-secret-value-0123456789-abcdefghijklmnopqrstuvwxyz\n")

    result = run_portal(
        [
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        env={"SECRET_KEY": "", "SECRET_KEY_FILE": str(secret)},
    )

    assert (
        result.stdout.strip().splitlines()[-1]
        == "from-a-file-secret-value-0123456789-abcdefghijklmnopqrstuvwxyz"
    )


def test_deploy_check_passes_with_production_values():
    result = run_portal(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=PRODUCTION
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_with_debug_on():
    result = run_portal(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**PRODUCTION, "DEBUG": "true"},
    )

    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_core_settings_follow_the_design(settings):
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert settings.LANGUAGE_CODE == "pl"
    assert [code for code, _name in settings.LANGUAGES] == ["pl", "en"]
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 600
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["fragments"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def test_runtime_settings_need_only_the_runtime_requirements():
    """The run command and the image install requirements.txt alone."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.INSTALLED_APPS + settings.MIDDLEWARE))"
    )
    result = run_portal(
        ["-c", script], env={"ZEAL_ENABLED": "", "DJANGO_SETTINGS_MODULE": "chemster.settings"}
    )
    modules = {name.split(".")[0] for name in json.loads(result.stdout)}
    distributions = packages_distributions()
    runtime = {
        re.split(r"[=\[]", line)[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }

    third_party = {m for m in modules if m in distributions}
    needed = {distributions[m][0].lower().replace("_", "-") for m in third_party}

    assert result.returncode == 0, result.stderr
    assert needed - runtime == set()


def test_every_variable_settings_read_is_described_in_env_example():
    source = (ROOT / "chemster" / "settings.py").read_text()
    read = set(
        re.findall(r'env(?:bool|int|str|list|secret|url|origins)\(\s*"([A-Z_0-9]+)"', source)
    )
    described = set(re.findall(r"^#? ?([A-Z_0-9]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read  # the pattern still finds the settings' variables
    assert sorted(read - described) == []


@pytest.mark.django_db
def test_connections_price_random_reads_for_ssd_storage():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        (value,) = cursor.fetchone()

    assert value == "1.1"
