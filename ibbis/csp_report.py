"""Where browsers send Content-Security-Policy violation reports (the policy's report-uri).

A violation in production means either a template that breaks the no-inline rule or injected
markup trying to run, so each one is logged at WARNING for the operators. Anyone may post
(a browser sends reports without cookies or a CSRF token), so the body is size-limited,
parsed defensively (ibbis.parsers.loads_limited: a deeply nested body is a 400, never a
RecursionError) and only a few short, known fields are logged - never the raw body. Errors
are JSON, as on the API: 400 `parse_error`, 413 `too_large`.
"""
import json
import logging
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ibbis.parsers import loads_limited

logger = logging.getLogger("ibbis.csp")

MAX_REPORT_BYTES = 16 * 1024
MAX_FIELD_CHARS = 300
# report-uri bodies (application/csp-report) use the first spelling, the Reporting API
# (application/reports+json) the second.
FIELDS = {
    "document-uri": "documentURL",
    "violated-directive": "effectiveDirective",
    "effective-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "disposition": "disposition",
}
URL_FIELDS = {"document-uri", "blocked-uri", "source-file"}


def _without_query(value: str) -> str:
    """Query strings and fragments may carry tokens (a calendar feed link); drop them."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return "?"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _summary(report: dict) -> dict:
    summary = {}
    for name, reporting_api_name in FIELDS.items():
        value = report.get(name, report.get(reporting_api_name))
        if value is None or isinstance(value, dict | list):
            continue
        value = str(value)
        if name in URL_FIELDS:
            value = _without_query(value)
        summary[name] = value[:MAX_FIELD_CHARS]
    return summary


def _reports(payload) -> list[dict]:
    """The violation bodies in a report-uri or Reporting API payload; ValueError if none."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list) and payload:
        bodies = [
            item["body"] for item in payload
            if isinstance(item, dict) and item.get("type") == "csp-violation"
            and isinstance(item.get("body"), dict)
        ]
        if bodies:
            return bodies
    raise ValueError("not a CSP violation report")


def _too_large():
    return JsonResponse({"detail": "The report is too large.", "code": "too_large"}, status=413)


@csrf_exempt
@require_POST
def csp_report(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_REPORT_BYTES:
        return _too_large()
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return _too_large()
    try:
        reports = _reports(loads_limited(body))
    except ValueError:  # not JSON, not UTF-8, nested too deep, or not a violation report
        return JsonResponse(
            {"detail": "Expected a JSON Content-Security-Policy violation report.",
             "code": "parse_error"},
            status=400,
        )
    for report in reports[:10]:
        logger.warning("Content-Security-Policy violation: %s", json.dumps(_summary(report)))
    return HttpResponse(status=204)
