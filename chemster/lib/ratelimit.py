"""A small fixed-window rate limit kept in the default (database) cache,
so that it works while Redis is down."""

from django.core.cache import cache


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under ``key``; False once ``limit`` is passed
    within the window."""
    cache_key = f"ratelimit:{key}"
    # add() starts the window only if it is not running yet.
    cache.add(cache_key, 0, window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, window_seconds)
        count = 1
    return count <= limit
