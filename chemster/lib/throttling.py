"""The API's throttles, counting in Redis (the "throttles" cache).

A read and a write per throttle, instead of five statements on the database
cache for every API request. While Redis is down every read misses, so the
API is not throttled then (it fails open rather than failing); logins keep
their own limits in the database cache (allauth).

Kept apart from chemster.lib.api: DRF imports these classes while its own
views module is still loading.
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

_throttle_cache = ConnectionProxy(caches, "throttles")


class PortalAnonRateThrottle(AnonRateThrottle):
    cache = _throttle_cache


class PortalUserRateThrottle(UserRateThrottle):
    """Per user; visitors are left to the anonymous throttle (DRF's own
    class counts them a second time, by address)."""

    cache = _throttle_cache

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class PortalScopedRateThrottle(ScopedRateThrottle):
    cache = _throttle_cache
