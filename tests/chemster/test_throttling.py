"""The API's throttles: counted in Redis in fixed windows, one round trip
each, failing open while Redis is down (chemster.lib.throttling)."""

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

from chemster.lib.throttling import PortalAnonRateThrottle


@pytest.mark.django_db
def test_a_visitor_past_the_rate_gets_429_and_another_address_does_not(monkeypatch, api_client_as):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    client = api_client_as("visitor")
    firms = reverse("api:firms")

    statuses = [client.get(firms).status_code for _ in range(3)]
    other = client.get(firms, REMOTE_ADDR="192.0.2.7")

    assert statuses == [200, 200, 429]
    assert 1 <= int(client.get(firms)["Retry-After"]) <= 60
    assert other.status_code == 200


@pytest.mark.django_db
def test_a_views_scope_is_counted_apart_with_its_own_rate(monkeypatch, api_client_as):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": "1/minute"})
    client = api_client_as("visitor")
    applications = reverse("api:applications")

    # An empty application is refused (400) but still counts.
    statuses = [client.post(applications, {}, format="json").status_code for _ in range(2)]

    assert statuses == [400, 429]
    # The visitor's reads are not in the applications' scope.
    assert client.get(reverse("api:firms")).status_code == 200


@pytest.mark.django_db
def test_a_window_count_expires_with_its_window(monkeypatch, api_client_as):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "5/hour"})

    api_client_as("visitor").get(reverse("api:firms"))

    cache = caches["throttles"]
    redis = cache.client.get_client()
    (key,) = redis.keys(cache.make_key("*"))
    assert redis.get(key) == b"1"
    assert 0 < redis.ttl(key) <= 3600


def test_the_window_ends_where_the_wait_says(monkeypatch):
    throttle = PortalAnonRateThrottle()
    monkeypatch.setattr(throttle, "timer", lambda: 7200 + 1000.5)
    throttle.rate, throttle.num_requests, throttle.duration = "1/hour", 1, 3600
    monkeypatch.setattr(throttle, "get_cache_key", lambda request, view: "anon_test")
    caches["throttles"].delete_pattern("*")

    assert throttle.allow_request(None, None) is True
    assert throttle.allow_request(None, None) is False
    assert throttle.wait() == pytest.approx(2599.5)


@pytest.mark.django_db
def test_the_api_fails_open_while_redis_is_down(settings, monkeypatch, api_client_as):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    # Nothing listens on port 1.
    settings.CACHES = {
        **settings.CACHES,
        "throttles": {**settings.CACHES["throttles"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    client = api_client_as("visitor")

    statuses = [client.get(reverse("api:firms")).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
