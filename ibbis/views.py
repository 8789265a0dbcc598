"""Operational endpoints that sit outside the API."""
import redis
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_GET

from ibbis.middleware import expects_json, too_large_response

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
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)


# --- error pages: JSON where JSON is expected (API.md, Conventions) -------------------------
# Django answers errors raised outside DRF's views - an unknown /api/ path, a body Django
# itself refuses, an exception in a plain view under /api/ - with HTML pages. These handlers
# answer JSON for the paths in ibbis.middleware.JSON_PATH_PREFIXES and Django's own pages
# everywhere else.


@require_GET
def accessibility_statement(request):
    """The accessibility statement (webtilgængelighedsloven): public, linked from every page."""
    return render(request, "accessibility.html")


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    if expects_json(request):
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    if expects_json(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if expects_json(request):
        return JsonResponse({"detail": "Server error.", "code": "server_error"}, status=500)
    return defaults.server_error(request)
