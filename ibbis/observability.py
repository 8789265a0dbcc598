"""What operators see: request ids, JSON logs without personal data, error tracking, probes.

- RequestIdMiddleware gives every request an id (the caller's `X-Request-ID` when it is a
  sane token, else a fresh one), returns it as `X-Request-ID` and puts it on every log record
  written while the request runs (RequestIdFilter), so a log line, an access-log line and an
  error report can be matched.
- ProbeMiddleware answers `/livez` and `/healthz` before anything reads the Host header:
  a container or load-balancer probe sends `Host: 127.0.0.1`, which production's
  ALLOWED_HOSTS rightly refuses everywhere else. Neither response builds a URL from the host.
- PersonalDataFilter and axes_client_str keep usernames, e-mail addresses, CPR numbers and
  URL secrets out of the logs (docs/operations.md, Logs).
- sentry_init: error tracking, off unless SENTRY_DSN is set; never sends personal data.
"""
import contextvars
import logging
import re
import uuid

from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from ibbis.gunicorn_logging import redact

_request_id = contextvars.ContextVar("request_id", default="-")
# An id a caller may choose: short, no spaces or control characters (it is logged).
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
REQUEST_ID_HEADER = "X-Request-ID"


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _SANE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            # django.request logs a response after the middleware has returned: take the id
            # from the request it names.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or _request_id.get()
        return True


# What must never be written to a log line: e-mail addresses, Danish CPR numbers
# (ddmmyy-xxxx), and secrets in URLs (the calendar-feed token).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CPR = re.compile(r"\b\d{6}-?\d{4}\b")


def scrub(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _CPR.sub("[cpr]", text)
    return redact(text)


_STANDARD_RECORD_KEYS = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message", "asctime", "request_id"}


class PersonalDataFilter(logging.Filter):
    """Scrubs the formatted message of every record (and drops its args), and the extra
    fields a JSON formatter would write: a request becomes its method and scrubbed path."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not stop logging
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD_RECORD_KEYS:
                continue
            if isinstance(value, HttpRequest):
                setattr(record, key, f"{value.method} {scrub(value.path)}")
            elif isinstance(value, str):
                setattr(record, key, scrub(value))
            elif not isinstance(value, (int, float, bool, type(None))):
                setattr(record, key, scrub(str(value)))
        return True


def axes_client_str(username, ip_address, user_agent, path_info, request):
    """django-axes logs this for every failed sign-in; by default it names the username.
    The authentication trail (AuthEvent, in the database) records who; the log only where."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f'{{path_info: "{path_info}", request_id: "{current_request_id()}"}}'


# --- probes -------------------------------------------------------------------------------

def _no_store(response):
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    # XFrameOptionsMiddleware, which sets it on every other response, is not reached.
    response["X-Frame-Options"] = "DENY"
    return response


def livez(request):
    """The process is up and serving Python; checks nothing else (container liveness)."""
    return _no_store(JsonResponse({"status": "ok"}))


class ProbeMiddleware:
    """Early in MIDDLEWARE (after the request id, the metrics' timer and the security
    headers): probes are answered without the host check, sessions or authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.path_info in ("/livez", "/healthz"):
            from ibbis.views import healthz

            return _no_store(livez(request) if request.path_info == "/livez" else healthz(request))
        return self.get_response(request)


# --- error tracking -----------------------------------------------------------------------

_SENSITIVE_KEYS = re.compile(
    r"pass|secret|token|key|otp|code|cookie|session|csrf|authorization|email|username|"
    r"name|cpr|phone|address|note|agenda|minutes|diagnos",
    re.IGNORECASE,
)


def _scrub_value(value, depth=0):
    if depth > 8:
        return "[scrubbed]"
    if isinstance(value, dict):
        return {
            key: "[scrubbed]" if _SENSITIVE_KEYS.search(str(key)) else _scrub_value(v, depth + 1)
            for key, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_scrub_value(item, depth + 1) for item in value]
    if isinstance(value, str):
        return scrub(value)
    return value


def sentry_before_send(event, hint):
    """Strip what could identify a person from an error report before it leaves: the
    request's body, cookies, headers and query string, the user, and local variables
    (they hold case content); scrub e-mail addresses, CPR numbers and URL secrets from the
    rest."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            k: v for k, v in headers.items()
            if k.lower() in ("content-type", "content-length", "x-request-id", "user-agent")
        }
        if "url" in request:
            request["url"] = redact(request["url"])
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
        if isinstance(exception.get("value"), str):
            exception["value"] = scrub(exception["value"])
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        if isinstance(crumb.get("message"), str):
            crumb["message"] = scrub(crumb["message"])
        crumb.pop("data", None)
    if isinstance(event.get("logentry"), dict):
        event["logentry"] = {"message": scrub(str(event["logentry"].get("message", "")))}
    if isinstance(event.get("extra"), dict):
        event["extra"] = _scrub_value(event["extra"])
    tags = event.setdefault("tags", {})
    if isinstance(tags, dict):
        tags["request_id"] = current_request_id()
    return event


def sentry_init(dsn: str, *, environment: str = "production", traces_sample_rate=0.0):
    """Error tracking; called from the settings only when SENTRY_DSN is set."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=sentry_before_send,
    )
    return True
