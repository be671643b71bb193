"""Fragments of anonymous pages cached in Redis, per language.

Services that change the data behind a fragment call ``invalidate(key)``;
views call ``cached(key, build)``. Redis being down turns every read into a
miss (``build`` runs) and every write into a no-op, so it only costs speed.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from chemster.lib.page_cache import bump_generation

logger = logging.getLogger("chemster.cache")

T = TypeVar("T")

_MISSING = object()


def _fragments():
    return caches["fragments"]


def language_key(key: str, language: str) -> str:
    return f"fragment:{key}:{language}"


def cached(key: str, build: Callable[[], T], *, timeout: int | None = None) -> T:
    """Return the fragment ``key`` in the active language, building it on a miss.

    ``build`` must return something picklable (a string, numbers, a dict).
    """
    if not settings.FRAGMENT_CACHE_ENABLED:
        return build()
    full_key = language_key(key, translation.get_language() or settings.LANGUAGE_CODE)
    value = _fragments().get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        _fragments().set(full_key, value, timeout)
    return value


def invalidate(*keys: str) -> None:
    """Drop the fragments ``keys`` in every language, and every cached page
    (``chemster.lib.page_cache``), which may show the same data."""
    _fragments().delete_many(
        [language_key(key, code) for key in keys for code, _name in settings.LANGUAGES]
    )
    bump_generation()
