"""The API's throttles, counting in Redis (the "throttles" cache).

Each throttle counts requests in a fixed window (an hour for "100/hour"):
one ``INCR`` and one ``EXPIRE`` sent together, so a throttle costs one
round trip to Redis, instead of DRF's read and write of a list of times
(or five statements on the database cache, before that). A client may
thus make up to twice its rate across the end of one window and the start
of the next; the limits are set with that in mind.

While Redis is down, a throttle lets the request through: the API fails
open rather than failing; logins keep their own limits in the database
cache (allauth).

Kept apart from chemster.lib.api: DRF imports these classes while its own
views module is still loading.
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from redis.exceptions import RedisError
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

_throttle_cache = ConnectionProxy(caches, "throttles")


class _WindowCounter(SimpleRateThrottle):
    """``allow_request`` and ``wait`` of DRF's SimpleRateThrottle, counted
    in fixed windows in Redis (see the module's docstring). It comes after
    DRF's class among the bases, so that ScopedRateThrottle still picks the
    view's rate before counting."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = _throttle_cache.make_key(f"{self.key}:{window}")
        try:
            redis = _throttle_cache.client.get_client(write=True)
            with redis.pipeline(transaction=False) as pipe:
                pipe.incr(key)
                pipe.expire(key, int(self.duration))
                count, _ = pipe.execute()
        except (RedisError, OSError):
            return True
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 1)


class PortalAnonRateThrottle(AnonRateThrottle, _WindowCounter):
    pass


class PortalUserRateThrottle(UserRateThrottle, _WindowCounter):
    """Per user; visitors are left to the anonymous throttle (DRF's own
    class counts them a second time, by address)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class PortalScopedRateThrottle(ScopedRateThrottle, _WindowCounter):
    pass
