"""Strict readers for settings that come from the environment.

Each helper raises ``ImproperlyConfigured`` naming the variable when its value
is malformed, so a typo such as ``DEBUG=ture`` stops start-up instead of
silently meaning something else.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a boolean; use one of "
        "1, 0, true, false, yes, no, on, off."
    )


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str, default: str | None = None) -> str | None:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE", "").strip()
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name!r} cannot be read: {error.strerror}."
            ) from None
    return os.environ.get(name, "").strip() or default


def envurl(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    """Read a URL and check that it has one of ``schemes`` and a host."""
    value = os.environ.get(name, "").strip() or default
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid URL: {error}.") from None
    if parts.scheme not in schemes or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with "
            f"{' or '.join(s + '://' for s in schemes)} and naming a host."
        )
    return value


def envorigins(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list of origins such as https://portal.example."""
    origins = envlist(name, default)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"{name} contains {origin!r}, which is not an origin such as "
                "https://portal.example."
            )
    return origins
