"""Request ids, JSON logs without personal data, error tracking that sends none, /metrics."""
import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings as django_settings
from pythonjsonlogger.json import JsonFormatter

from coordination.calendar_feed import calendar_feed_issue
from coordination.services.sweep import deadlines_sweep
from ibbis.observability import (
    PersonalDataFilter,
    RequestIdFilter,
    sentry_before_send,
    sentry_init,
)
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
CPR = "010203-1234"


# --- request ids ----------------------------------------------------------------------------

def test_every_response_carries_a_request_id(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/api/")["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32 and first != second


def test_a_sane_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="lb-7f3a.1")["X-Request-ID"] == "lb-7f3a.1"
    for forged in ("a b", "x\r\nSet-Cookie: y", "z" * 200, "<script>"):
        answered = client.get("/login/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
        assert answered != forged and len(answered) == 32


# --- logs -----------------------------------------------------------------------------------

@pytest.fixture
def json_log():
    """The production log handler (JSON formatter and both filters of settings.LOGGING),
    writing to a buffer, on the root logger at DEBUG while the test runs."""
    config = django_settings.LOGGING["formatters"]["json"]
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter(config["fmt"], rename_fields=config["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    loggers = [root, logging.getLogger("axes"), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    root.addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield buffer
    root.removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def test_logs_are_json_with_time_level_logger_and_request_id(client, json_log):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert {"time", "level", "logger", "request_id", "message"} <= set(not_found)
    assert not_found["level"] == "WARNING"
    assert not_found["request_id"] == response["X-Request-ID"]


def test_no_personal_data_reaches_the_logs(client, api, json_log, care_manager, settings):
    settings.AXES_FAILURE_LIMIT = 3
    case = CaseFactory(care_manager=care_manager)
    person = case.service_user
    person.email = "sara.hansen@borger.example.dk"
    person.save()
    token = calendar_feed_issue(user=care_manager)
    json_log.seek(0)
    json_log.truncate()  # factory_boy's own debug lines while setting up are not the app's
    # Failed sign-ins on the page and the API, until locked out; one with an e-mail and a
    # CPR number as the username, as people type them.
    for _ in range(4):
        client.post("/login/", {"username": care_manager.username, "password": "wrong-one"})
    client.post("/login/", {"username": person.email, "password": "wrong"})
    client.post("/login/", {"username": CPR, "password": "wrong"})
    api.post("/api/auth/token/", {"username": person.username, "password": "nope"},
             format="json")
    # Signed-in reads, a 404 and the calendar feed (its secret is in the path).
    client.force_login(care_manager)
    client.get(f"/cases/{case.pk}/")
    client.get("/cases/")
    client.get(f"/calendar/{token}.ics")
    client.get("/calendar/not-a-real-secret-token-123.ics")
    client.post("/csp-report/", data=json.dumps({"csp-report": {
        "document-uri": f"https://x/?email={person.email}", "violated-directive": "script-src",
    }}), content_type="application/csp-report")

    output = json_log.getvalue()
    assert "AXES" in output  # the failures were logged, by django-axes too
    forbidden = [care_manager.username, care_manager.email, care_manager.first_name,
                 care_manager.last_name, person.username, person.email, person.first_name,
                 person.last_name, CPR, token, "not-a-real-secret-token-123"]
    for value in forbidden:
        assert value and value not in output, f"{value!r} is in the log"
    for line in output.splitlines():
        json.loads(line)


# --- error tracking -------------------------------------------------------------------------

def test_error_tracking_is_off_without_a_dsn():
    import sentry_sdk

    assert django_settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()
    assert sentry_init("") is False


def test_before_send_scrubs_what_could_identify_a_person():
    event = {
        "request": {"url": "https://ibbis.dk/calendar/abc123secret.ics", "data": {"note": "x"},
                    "cookies": {"sessionid": "s"}, "query_string": "email=a@b.dk",
                    "headers": {"Authorization": "Token t", "Cookie": "c",
                                "User-Agent": "UA", "X-Request-ID": "r1"}},
        "user": {"username": "carla.cm", "email": "carla@x.dk"},
        "exception": {"values": [{"value": f"no user sara@x.dk with CPR {CPR}",
                                  "stacktrace": {"frames": [{"vars": {"password": "p"}}]}}]},
        "breadcrumbs": {"values": [{"message": "login carla@x.dk", "data": {"u": "carla"}}]},
        "extra": {"username": "carla.cm", "count": 3, "nested": {"email": "e", "ok": "fine"}},
    }
    scrubbed = sentry_before_send(event, {})
    text = json.dumps(scrubbed)
    for value in ("carla", "sara@x.dk", CPR, "abc123secret", "Token t", "sessionid",
                  '"p"', "a@b.dk"):
        assert value not in text, value
    assert scrubbed["request"]["headers"] == {"User-Agent": "UA", "X-Request-ID": "r1"}
    assert scrubbed["extra"]["count"] == 3 and scrubbed["extra"]["nested"]["ok"] == "fine"


def decoded(encoding: str, chunk: bytes) -> str:
    """sentry-sdk compresses with brotli when it is importable (WeasyPrint brings it), else
    gzip; the header says which."""
    if encoding == "br":
        import brotli

        return brotli.decompress(chunk).decode()
    if encoding == "gzip":
        import gzip

        return gzip.decompress(chunk).decode()
    return chunk.decode()


def test_a_real_error_report_leaves_without_personal_data(client, care_manager):
    """sentry-sdk against a local HTTP sink: the envelope it really sends is checked."""
    import sentry_sdk

    received = []

    class Sink(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers.get("Content-Encoding", ""), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert sentry_init(f"http://publickey@127.0.0.1:{server.server_port}/1")
        client.force_login(care_manager)

        def explode():
            raise RuntimeError(f"boom for {care_manager.email} {CPR}")

        with sentry_sdk.new_scope():
            try:
                explode()
            except RuntimeError:
                sentry_sdk.capture_exception()
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.init()  # off again for the rest of the run
        server.shutdown()
    assert received, "no report reached the sink"
    body = "".join(decoded(encoding, chunk) for encoding, chunk in received)
    assert "boom for" in body and "RuntimeError" in body
    for value in (care_manager.email, CPR, care_manager.username):
        assert value not in body


# --- metrics --------------------------------------------------------------------------------

def test_metrics_are_for_operators_only(client, care_manager, jobcentre_manager, settings):
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Token scrape-token-0123456789"
                      ).status_code == 404
    for user in (care_manager, jobcentre_manager):
        client.force_login(user)
        assert client.get("/metrics").status_code == 404
    client.logout()
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_metrics_with_no_token_configured_refuse_every_bearer(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_report_latency_and_the_sweep(client, admin_user):
    client.get("/login/")
    deadlines_sweep()
    client.force_login(admin_user)
    body = client.get("/metrics").content.decode()
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in body
    values = {line.split()[0]: float(line.split()[1]) for line in body.splitlines()
              if line.startswith("ibbis_")}
    assert values["ibbis_sweep_last_success_timestamp_seconds"] > 0
    assert 0 <= values["ibbis_sweep_last_success_age_seconds"] < 60
    assert values["ibbis_sweep_duration_seconds"] >= 0
    assert values["ibbis_notifications_unsent"] == 0
    assert values["ibbis_notification_unsent_oldest_age_seconds"] == 0


def test_metrics_report_the_outbox_by_state_and_its_oldest_unsent_mail(
    client, admin_user, care_manager
):
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from ibbis.outbox.models import OutboxMessage
    from ibbis.outbox.services import outbox_add

    with transaction.atomic():
        outbox_add(kind="plain", key="metrics-probe", recipient=care_manager,
                   subject="Ny besked", body="Se IBBIS.", )
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    client.force_login(admin_user)
    body = client.get("/metrics").content.decode()
    values = {line.split()[0]: float(line.split()[1]) for line in body.splitlines()
              if line.startswith("ibbis_outbox")}
    waiting = OutboxMessage.objects.get().state
    assert values[f'ibbis_outbox_messages{{state="{waiting}"}}'] == 1
    assert 290 <= values["ibbis_outbox_oldest_unsent_age_seconds"] <= 400
