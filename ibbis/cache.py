"""Redis is optional for serving: the cache falls back to this process's memory while Redis
cannot be reached, and `cache_status()` says whether it can.

What the cache holds can be lost: the figures cache (ibbis/api.py) recounts, DRF's throttle
histories start afresh. While Redis is down each process keeps its own: the figures are
counted once per process per FIGURES_SECONDS, and the token throttle limits each process
rather than the installation (sign-in lockouts are django-axes', in PostgreSQL, unaffected).
After a failure Redis is left alone for RETRY_SECONDS, so a Redis that is down costs a
request at most one connect timeout, not one per cache call.
"""
import logging
import threading
import time

import redis
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("ibbis.cache")

# How long Redis is left alone after it failed.
RETRY_SECONDS = 5.0
# What a health probe waits for Redis's answer.
PROBE_TIMEOUT_SECONDS = 0.75
_DOWN_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
# Per location, shared by the cache objects of all threads of the process.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FallbackRedisCache(RedisCache):
    """Django's RedisCache; any call that finds Redis unreachable is answered by a
    local-memory cache instead of raising (a miss, for what only Redis held)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        self._local = LocMemCache(
            "ibbis-cache-fallback",
            {k: v for k, v in params.items() if k in ("TIMEOUT", "KEY_PREFIX", "VERSION")},
        )

    def _redis_usable(self) -> bool:
        return time.monotonic() >= _down_until.get(self._location, 0.0)

    def _went_down(self, error: BaseException) -> None:
        with _lock:
            was_up = self._redis_usable()
            _down_until[self._location] = time.monotonic() + RETRY_SECONDS
        if was_up:
            log.warning("cache: Redis unreachable (%s); serving from process memory",
                        type(error).__name__)


def _with_fallback(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if self._redis_usable():
            try:
                return redis_method(self, *args, **kwargs)
            except _DOWN_ERRORS as error:
                self._went_down(error)
        return getattr(self._local, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr",
              "set_many", "delete_many", "clear"):
    setattr(FallbackRedisCache, _name, _with_fallback(_name))


def cache_status(alias: str = "default") -> str:
    """"ok" when the shared cache (Redis) answers, "down" when it does not (the app serves
    from process memory meanwhile), "local" when there is no shared cache at all."""
    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        return "local"
    return redis_ping(backend._servers[0], PROBE_TIMEOUT_SECONDS)


def redis_ping(url: str, timeout: float) -> str:
    """"ok" when the Redis at `url` answers within `timeout` seconds, else "down" (the
    health check's probe of the cache and of the broker)."""
    client = redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout, retry_on_timeout=False,
    )
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"
