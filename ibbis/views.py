"""Operational endpoints that sit outside the API: /healthz, /livez and /metrics.

/healthz and /livez are answered by ibbis.observability.ProbeMiddleware before the host
check (probes send `Host: 127.0.0.1`); the URL patterns remain for the resolver and the
route matrix.
"""
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.db.models import Min
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_GET

from ibbis.cache import cache_status, redis_ping
from ibbis.middleware import expects_json, too_large_response

# /healthz must answer well inside 2 s even when the broker is unreachable or silent.
BROKER_TIMEOUT_SECONDS = 0.75
CACHE_PROBE_KEY = "healthz:probe"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down" to a health probe
        return "down"
    return "ok"


def _redis_ping(url: str) -> str:
    return redis_ping(url, BROKER_TIMEOUT_SECONDS)


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "eager"
    return _redis_ping(settings.REDIS_URL)



def sweep_status(now=None) -> dict:
    """When the daily deadline sweep last succeeded, and whether a day was missed: the
    sweep runs daily (beat, 06:00), so a last success older than SWEEP_MAX_AGE_HOURS (26 h:
    a day and a margin for a slow or retried run) means a day went unswept. An installation
    whose sweep has never run reports `sweep_last_run: null` and is not degraded for it."""
    from coordination.models import SweepRun

    now = now or timezone.now()
    last = SweepRun.objects.order_by("-finished_at").only("finished_at", "day").first()
    if last is None:
        return {"sweep_last_run": None, "sweep_last_day": None, "sweep_missed": False}
    missed = now - last.finished_at > timedelta(hours=settings.SWEEP_MAX_AGE_HOURS)
    return {
        "sweep_last_run": last.finished_at.isoformat(),
        "sweep_last_day": last.day.isoformat(),
        "sweep_missed": missed,
    }


def oldest_unsent_notification_seconds(now=None) -> int | None:
    """Age of the oldest notification not yet mailed (`emailed_at` empty), or None."""
    from coordination.models import Notification

    now = now or timezone.now()
    oldest = Notification.objects.filter(emailed_at__isnull=True).aggregate(
        oldest=Min("created_at")
    )["oldest"]
    return None if oldest is None else max(0, int((now - oldest).total_seconds()))


def oldest_unsent_mail_seconds(now=None) -> int | None:
    """Age of the oldest mail in the outbox not yet sent (dead rows included), or None."""
    from ibbis.outbox.selectors import outbox_oldest_unsent

    now = now or timezone.now()
    oldest = outbox_oldest_unsent()
    return None if oldest is None else max(0, int((now - oldest).total_seconds()))


@require_GET
def healthz(request):
    database = database_status()
    body = {"status": "ok", "database": database, "broker": broker_status(),
            "cache": cache_status()}
    if database != "ok":
        body["status"] = "error"
        return JsonResponse(body, status=503)
    try:
        body.update(sweep_status())
        body["oldest_unsent_notification_seconds"] = oldest_unsent_notification_seconds()
        body["oldest_unsent_mail_seconds"] = oldest_unsent_mail_seconds()
    except Exception:  # noqa: BLE001 - e.g. migrations not applied yet: say so, stay up
        body["status"] = "error"
        body["database"] = "unmigrated"
        return JsonResponse(body, status=503)
    if body.pop("sweep_missed"):
        body["status"] = "degraded"
    return JsonResponse(body, status=200)


def _metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[len("Bearer "):].encode(), token.encode())
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_admin_role)


@require_GET
def metrics(request):
    """Prometheus metrics for operators: a bearer token (METRICS_TOKEN) or a signed-in
    admin. Anyone else gets 404, as for a page that does not exist."""
    if not _metrics_allowed(request):
        raise Http404
    from ibbis.metrics import exposition

    body, content_type = exposition()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store, private"
    return response


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
