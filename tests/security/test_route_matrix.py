"""Every route, every kind of person, both cases: the status is the one the matrix names,
no answer shows an id, a note text or other case content (agenda, minutes, decision
reasoning, goals) the spine does not give that person, and every answer that shows a case's
service user or content to a professional, manager or admin left a new row in that case's
access log (DOMAIN.md: every read is logged; `_unlogged_reads`).

The URL resolver is walked (tests/urlwalk.py), so a route added later fails
`test_every_route_is_in_the_matrix` until someone decides, in tests/security/matrix.py, what
each role gets there. Skipped: `static/`, `i18n/` (the language switcher, no data) and
`admin/`: the admin site is Django's own and is covered by its own test
(tests/ibbis/test_admin_site.py).
"""
import functools
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from tests.security.matrix import ROWS
from tests.security.world import ACTORS
from tests.urlwalk import iter_patterns

SKIPPED = ("static/", "i18n/", "admin/")
KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


@functools.cache
def walked_routes() -> dict:
    routes = {}
    for route, pattern in iter_patterns():
        if not route.startswith(SKIPPED):
            routes.setdefault(route, pattern)
    return routes


def route_kwargs(route: str) -> list[str]:
    return [a or b for a, b in KWARG.findall(route)]


def declared_methods(callback) -> set[str] | None:
    """The methods a class-based view answers (DRF viewsets, APIViews, Django CBVs); None
    for function views, whose methods the matrix states by reading the view."""
    actions = getattr(callback, "actions", None)
    if actions:
        return {method.upper() for method in actions if method not in ("options", "head")}
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return None
    return {
        method.upper()
        for method in view_class.http_method_names
        if method not in ("options", "head") and hasattr(view_class, method)
    }


def fill(route: str, values: dict) -> str:
    """The URL of `route` with each kwarg replaced by its value."""
    path = KWARG.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)
    for token, text in (("^", ""), ("$", ""), ("\\Z", ""), ("\\.", "."), ("/?", "")):
        path = path.replace(token, text)
    return "/" + path


def values_for(world, row, target: str) -> dict:
    # Routes that name no object still take a `format` suffix; case A's values serve.
    side, _, variant = ("A", "", "") if target == "each" else target.partition("_")
    ids = dict(world["targets"][side])
    if variant:
        ids["note_id"] = ids["notes"][variant]
    if row.pk:
        ids["pk"] = ids[row.pk]
    return ids


def test_every_route_is_in_the_matrix():
    walked = set(walked_routes())
    listed = {row.route for row in ROWS}
    missing = sorted(walked - listed)
    stale = sorted(listed - walked)
    assert not missing and not stale, (
        "The role matrix (tests/security/matrix.py) is out of step with the URLconf.\n"
        + "".join(f"  in the URLconf, not in the matrix: {route!r}\n" for route in missing)
        + "".join(f"  in the matrix, no longer a route: {route!r}\n" for route in stale)
        + "Add a row per method saying what each actor gets (or drop the stale row)."
    )


def test_the_matrix_is_well_formed():
    routes = walked_routes()
    problems = []
    seen = set()
    for row in ROWS:
        key = (row.route, row.method)
        if key in seen:
            problems.append(f"{key}: listed twice")
        seen.add(key)
        objects = [name for name in route_kwargs(row.route) if name != "format"]
        wanted = {"A", "B"} if objects else {"each"}
        if not wanted <= set(row.expect) or (not objects and set(row.expect) != {"each"}):
            problems.append(f"{key}: needs {sorted(wanted)}, has {sorted(row.expect)}")
        if "pk" in objects and not row.pk:
            problems.append(f"{key}: says not which object `pk` is")
    for route, pattern in routes.items():
        declared = declared_methods(pattern.callback)
        listed = {row.method for row in ROWS if row.route == route}
        if declared is not None and listed and declared != listed:
            problems.append(f"{route!r}: the view answers {sorted(declared)}, "
                            f"the matrix lists {sorted(listed)}")
    assert not problems, "\n".join(problems)


def _client(world, actor: str, api: bool) -> Client:
    client = Client()
    if actor == "anonymous":
        return client
    if api:
        return Client(HTTP_AUTHORIZATION=f"Token {world['tokens'][actor]}")
    client.force_login(world["people"][actor])
    return client


def _request(client, method: str, url: str, api: bool):
    call = getattr(client, method.lower())
    if method == "GET":
        return call(url)
    if api:
        return call(url, data="{}", content_type="application/json")
    # What a browser's form always carries, so the form is bound and validated.
    return call(url, data={"csrfmiddlewaretoken": "not-checked-by-the-test-client"})


def _log_counts(world, actor: str) -> dict:
    from ibbis.audit.models import AccessLogEntry

    user = world["people"].get(actor)
    if user is None:
        return {}
    return {
        side: AccessLogEntry.objects.filter(case=case, who=user).count()
        for side, case in world["cases"].items()
    }


# Pages that name service users as accounts to choose from, not as cases: the form that
# opens a case lists the service-user accounts (no case, no health data), so no case is read.
NAMES_NOT_CASES = {"cases/new/"}


def _unlogged_reads(world, route: str, actor: str, before: dict, body: str) -> list[str]:
    """The cases whose content `body` shows while their access log gained no row by `actor`
    (DOMAIN.md: every read of a case by a professional or manager is logged). The service
    user reading their own case is not logged; anonymous requests read nothing."""
    from ibbis.accounts.models import Role
    from ibbis.audit.services import LOGGED_ROLES

    user = world["people"].get(actor)
    if user is None or user.role not in LOGGED_ROLES:
        return []
    after = _log_counts(world, actor)
    names_count = user.role != Role.ADMIN and route not in NAMES_NOT_CASES
    unlogged = []
    for side, markers in world["markers"].items():
        texts = markers["content"] | (markers["name"] if names_count else set())
        shown = sorted(text for text in texts if text in body)
        if shown and after[side] <= before[side]:
            unlogged.append(f"case {side} ({', '.join(shown[:3])})")
    return unlogged


# What a GET may write (issue 16: "GET handlers write rows"): the access-log entry of a read,
# which DOMAIN.md requires, and the session (a page may take a one-time message out of it, a
# two-factor set-up page keeps its fresh key there). Nothing else, for any route: the
# calendar feed derives "Last read" from its log entries, and the set-up pages make the
# authenticator only in the confirming POST (branch `getsafe`, docs/decisions.md).
GET_MAY_WRITE = {"trust_accesslogentry", "django_session"}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _tables_written(queries) -> set[str]:
    written = {match.group(1) for query in queries if (match := _WRITE.match(query["sql"]))}
    return written - GET_MAY_WRITE


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    ("row", "actor"),
    [(row, actor) for row in ROWS for actor in ACTORS],
    ids=[f"{row.method} /{row.route} {actor}" for row in ROWS for actor in ACTORS],
)
def test_route_answers_each_actor_as_the_matrix_says(world, db, row, actor):
    wrong = check_row(world, row, actor, targets=row.expect,
                      expected=lambda target: row.expect[target][actor],
                      unseen=world["unseen"][actor])
    assert not wrong, f"{actor} on {row.route!r}:\n" + "\n".join(wrong)


def check_row(world, row, actor, *, targets, expected, unseen, values=values_for) -> list[str]:
    """What is wrong when `actor` sends `row`'s request to each of `targets`: a status other
    than `expected(target)`, a 500, a GET that writes, a read with no access-log row, or a
    200 that shows any of `unseen`. Shared with the companion's and the glass actors' columns
    (test_companion_matrix.py, test_route_matrix_glass.py)."""
    cache.clear()  # the token endpoint's throttle counts per address
    api = row.route.startswith("api/")
    pattern = walked_routes().get(row.route)
    assert pattern is not None, f"{row.route!r} is no longer a route"
    client = _client(world, actor, api)
    wrong = []
    for target in targets:
        status = expected(target)
        url = fill(row.route, values(world, row, target))
        assert resolve(url).func is pattern.callback, f"{url} does not reach {row.route!r}"
        before = _log_counts(world, actor)
        try:
            with CaptureQueriesContext(connection) as queries:
                response = _request(client, row.method, url, api)
        except Exception as error:  # noqa: BLE001 - reported as the 500 it would be
            wrong.append(f"{target}: {row.method} {url} expected {status}, raised "
                         f"{type(error).__name__}: {error}")
            continue
        if row.method == "GET" and (
                written := _tables_written(queries.captured_queries)):
            wrong.append(f"{target}: GET {url} wrote to {sorted(written)}: a GET is safe")
        body = _body(response)
        unlogged = _unlogged_reads(world, row.route, actor, before, body)
        if unlogged:
            wrong.append(f"{target}: {row.method} {url} ({response.status_code}) shows "
                         f"{', '.join(unlogged)} with no access-log row")
        if response.status_code != status:
            wrong.append(f"{target}: {row.method} {url} expected {status}, "
                         f"got {response.status_code}")
        elif status == 302 and actor == "anonymous" and "/login/" not in response["Location"]:
            wrong.append(f"{target}: {url} sent an anonymous visitor to "
                         f"{response['Location']}, not to the login page")
        elif response.status_code == 200:
            leaked = sorted(text for text in unseen if text in body)
            if leaked:
                wrong.append(f"{target}: {row.method} {url} shows what {actor} may not see: "
                             f"{leaked}")
    return wrong


def test_the_leak_oracle_discriminates(world, db):
    """The body check above could not fail if the oracle said nothing: it must tell apart
    what each person sees from what they do not."""
    a, b = world["targets"]["A"], world["targets"]["B"]
    unseen = world["unseen"]
    assert str(a["case_id"]) not in unseen["care_manager"]
    assert str(b["case_id"]) in unseen["care_manager"]
    assert "MXNOTE-A-care_manager-private" not in unseen["care_manager"]
    assert "MXNOTE-A-employment_consultant-private" in unseen["care_manager"]
    assert "MXNOTE-A-care_manager-sector" not in unseen["former_cm"]
    assert "MXNOTE-A-care_manager-sector" in unseen["other_professional"]  # same organisation
    assert str(a["case_id"]) not in unseen["jobcentre_manager"]
    assert str(a["goal_id"]) in unseen["jobcentre_manager"]
    assert "MXNOTE-A-care_manager-shared" not in unseen["service_user"]
    assert "MXNOTE-A-care_manager-team" in unseen["service_user"]
    assert {str(a["case_id"]), str(b["case_id"])} <= unseen["admin_user"] & unseen["anonymous"]


def test_the_access_log_oracle_discriminates(world, db):
    """The access-log check above could not fail if no marker ever showed or every read
    counted as logged: a body naming case A with no new row is reported, a logged one is not,
    and the service user's own reads are never asked for a row."""
    from ibbis.audit.services import access_log_record

    care_manager, case_a = world["people"]["care_manager"], world["cases"]["A"]
    markers = world["markers"]["A"]
    assert "MXSUA" in markers["name"]
    assert {"MXAGENDA-A", "MXMINUTES-A", "MXREASON-A", "MXNOTE-A-care_manager-private"} <= (
        markers["content"]
    )
    before = _log_counts(world, "care_manager")
    assert _unlogged_reads(world, "caseload/", "care_manager", before, "<td>MXSUA Borger</td>")
    assert not _unlogged_reads(world, "caseload/", "care_manager", before, "<td>nobody</td>")
    access_log_record(actor=care_manager, case=case_a, action="case.viewed", object_type="case")
    assert not _unlogged_reads(world, "caseload/", "care_manager", before,
                               "<td>MXSUA Borger</td>")
    # Case B is still unlogged.
    assert _unlogged_reads(world, "caseload/", "care_manager", before, "MXSUB")
    own = _log_counts(world, "service_user")
    assert not _unlogged_reads(world, "my-case/", "service_user", own, "MXSUA")


def test_the_write_oracle_discriminates():
    """The safe-GET check above could not fail if it never saw a write: an INSERT, UPDATE or
    DELETE of any table but the access log and the session is reported, a read is not."""
    def queries(*sql):
        return [{"sql": text} for text in sql]

    assert _tables_written(queries(
        'INSERT INTO "coordination_notification" ("id") VALUES (1)',
        'UPDATE "coordination_case" SET "status" = 1',
        'DELETE FROM "otp_totp_totpdevice" WHERE 1',
    )) == {"coordination_notification", "coordination_case", "otp_totp_totpdevice"}
    # What the calendar feed and the set-up pages once wrote is reported like anything else.
    assert _tables_written(queries(
        'UPDATE "coordination_calendarfeed" SET "last_used_at" = 1',
        'INSERT INTO "otp_totp_totpdevice" ("id") VALUES (1)',
    )) == {"coordination_calendarfeed", "otp_totp_totpdevice"}
    assert _tables_written(queries(
        'SELECT "id" FROM "coordination_case"',
        'SELECT "id" FROM "coordination_calendarfeed" WHERE 1 FOR UPDATE',
        'INSERT INTO "trust_accesslogentry" ("id") VALUES (1)',
        'UPDATE "django_session" SET "session_data" = 1',
    )) == set()
