"""Operational endpoints that sit outside the API."""
import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ibbis.cache import cache_status

# /healthz must answer well inside 2 s even when the broker is unreachable or silent.
BROKER_TIMEOUT_SECONDS = 0.75


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down" to a health probe
        return "down"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "eager"
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        retry_on_timeout=False,
    )
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"


@require_GET
def healthz(request):
    database = database_status()
    body = {
        "status": "ok" if database == "ok" else "error",
        "database": database,
        "broker": broker_status(),
        "cache": cache_status(),
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
