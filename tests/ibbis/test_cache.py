"""Redis is optional for serving (issue 15): with the cache's Redis stopped, pages and the
API answer, the throttle still counts (per process), and /healthz says `cache: down`."""
import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from rest_framework.throttling import ScopedRateThrottle

import ibbis.cache
from tests import factories
from tests.redis_server import REDIS_SERVER, RedisServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(REDIS_SERVER is None, reason="needs the redis-server binary"),
]


@pytest.fixture
def redis_cache():
    """The production cache backend on a Redis of the test's own."""
    server = RedisServer().start()
    ibbis.cache._down_until.clear()
    LocMemCache("ibbis-cache-fallback", {}).clear()
    caches = {"default": {
        "BACKEND": "ibbis.cache.FallbackRedisCache", "LOCATION": server.url,
        "KEY_PREFIX": "ibbis-test", "OPTIONS": {"socket_connect_timeout": 0.5,
                                                "socket_timeout": 1.0},
    }}
    try:
        with override_settings(CACHES=caches):
            yield server
    finally:
        server.cleanup()
        ibbis.cache._down_until.clear()


def test_the_cache_serves_from_redis_then_from_memory_while_redis_is_down(redis_cache):
    cache.set("figure", 41)
    assert cache.get("figure") == 41
    assert ibbis.cache.cache_status() == "ok"
    redis_cache.stop()
    assert cache.get("figure") is None  # only Redis held it: a miss, not an error
    cache.set("figure", 42)
    assert cache.get("figure") == 42
    assert cache.incr("figure") == 43
    assert cache.get_or_set("other", 7) == 7
    assert ibbis.cache.cache_status() == "down"
    redis_cache.start()
    ibbis.cache._down_until.clear()  # as RETRY_SECONDS later
    assert cache.get("figure") is None  # Redis again, which was restarted empty
    assert ibbis.cache.cache_status() == "ok"


def test_pages_and_the_api_answer_while_the_cache_is_down(
    redis_cache, client, api, consultant, caplog
):
    factories.CaseFactory(employment_consultant=consultant)
    redis_cache.stop()
    token_client = api.as_user(consultant)
    cases = token_client.get("/api/cases/")
    assert cases.status_code == 200 and cases.json()["count"] == 1
    client.force_login(consultant)
    assert client.get("/caseload/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["cache"] == "down"
    assert "serving from process memory" in caplog.text


def test_the_token_throttle_still_counts_while_the_cache_is_down(
    redis_cache, api, service_user, monkeypatch
):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    redis_cache.stop()
    answers = [
        api.post("/api/auth/token/",
                 # A service user: a password alone gets a token (professionals need a code).
                 {"username": service_user.username, "password": factories.TEST_PASSWORD},
                 format="json").status_code
        for _ in range(4)
    ]
    # The fourth within the minute is refused, counted in process memory meanwhile.
    assert answers == [200, 200, 200, 429]
