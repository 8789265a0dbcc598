"""Every row of the route matrix, sent to the glass actors (tests/security/matrix_glass.py:
a former professional at day 29 and day 31 after the handover; a professional of case A's
organisation before, during and after emergency access), with the same checks as the main
matrix: the status, no leak of what the spine does not give them, a logged read for every
case shown, no write on a GET."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from tests.security import matrix_glass
from tests.security.matrix import ROWS
from tests.security.test_route_matrix import (
    _body,
    _client,
    _log_counts,
    _request,
    _tables_written,
    _unlogged_reads,
    fill,
    values_for,
    walked_routes,
)
from tests.security.world import ACTORS, GLASS_ACTORS


def test_every_row_has_an_expectation_for_every_glass_actor():
    missing = []
    for row in ROWS:
        for target in row.expect:
            for actor in GLASS_ACTORS:
                try:
                    matrix_glass.expected(row, target, actor)
                except KeyError as error:
                    missing.append(f"{row.method} /{row.route} {target} {actor}: {error}")
    rows = {(row.route, row.method, target) for row in ROWS for target in row.expect}
    stale = sorted(key for key in matrix_glass.EXCEPTIONS if key not in rows)
    unknown = sorted({actor for override in matrix_glass.EXCEPTIONS.values()
                      for actor in override} - set(GLASS_ACTORS))
    borrowed = {source for sides in matrix_glass.DEFAULT.values() for source in sides.values()}
    assert set(matrix_glass.DEFAULT) == set(GLASS_ACTORS)
    assert borrowed <= set(ACTORS)
    assert not missing and not stale and not unknown, (missing, stale, unknown)


def test_the_glass_world_stands_where_the_columns_say(world, db):
    """The actors are what their names say: the line is crossed between 29 and 31 days, and
    during emergency access only."""
    from coordination.models import Case

    case_a = world["cases"]["A"]
    sees = {actor: Case.objects.for_user(world["people"][actor]).filter(pk=case_a.pk).exists()
            for actor in GLASS_ACTORS}
    assert sees == {"fcm_29": True, "fcm_31": False, "glass_before": False,
                    "glass_during": True, "glass_after": False}


@pytest.mark.parametrize(
    ("row", "actor"),
    [(row, actor) for row in ROWS for actor in GLASS_ACTORS],
    ids=[f"{row.method} /{row.route} {actor}" for row in ROWS for actor in GLASS_ACTORS],
)
def test_route_answers_each_glass_actor_as_matrix_glass_says(world, db, row, actor):
    cache.clear()
    api = row.route.startswith("api/")
    pattern = walked_routes().get(row.route)
    assert pattern is not None, f"{row.route!r} is no longer a route"
    client = _client(world, actor, api)
    wrong = []
    for target in row.expect:
        expected = matrix_glass.expected(row, target, actor)
        url = fill(row.route, values_for(world, row, target))
        assert resolve(url).func is pattern.callback
        before = _log_counts(world, actor)
        try:
            with CaptureQueriesContext(connection) as queries:
                response = _request(client, row.method, url, api)
        except Exception as error:  # noqa: BLE001 - reported as the 500 it would be
            wrong.append(f"{target}: {row.method} {url} expected {expected}, raised "
                         f"{type(error).__name__}: {error}")
            continue
        if row.method == "GET" and (written := _tables_written(queries.captured_queries)):
            wrong.append(f"{target}: GET {url} wrote to {sorted(written)}")
        body = _body(response)
        unlogged = _unlogged_reads(world, row.route, actor, before, body)
        if unlogged:
            wrong.append(f"{target}: {url} shows {', '.join(unlogged)} with no access-log row")
        if response.status_code != expected:
            wrong.append(f"{target}: {row.method} {url} expected {expected}, "
                         f"got {response.status_code}")
        elif response.status_code == 200:
            leaked = sorted(text for text in world["unseen"][actor] if text in body)
            if leaked:
                wrong.append(f"{target}: {url} shows what {actor} may not see: {leaked}")
    assert not wrong, f"{actor} on {row.route!r}:\n" + "\n".join(wrong)


def test_reads_during_emergency_access_are_marked_in_the_access_log(world, db):
    from ibbis.audit.models import AccessLogEntry

    during, case_a = world["people"]["glass_during"], world["cases"]["A"]
    client = _client(world, "glass_during", api=True)
    assert client.get(f"/api/cases/{case_a.pk}/").status_code == 200
    entries = AccessLogEntry.objects.filter(case=case_a, who=during)
    assert entries.exists() and all(entry.emergency for entry in entries)
    fcm = world["people"]["fcm_29"]
    assert _client(world, "fcm_29", api=True).get(f"/api/cases/{case_a.pk}/").status_code == 200
    assert not AccessLogEntry.objects.filter(case=case_a, who=fcm, emergency=True).exists()
