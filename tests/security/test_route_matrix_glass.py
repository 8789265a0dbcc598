"""Every row of the route matrix, sent to the glass actors (tests/security/matrix_glass.py:
a former professional at day 29 and day 31 after the handover; a professional of case A's
organisation before, during and after emergency access), with the same checks as the main
matrix: the status, no leak of what the spine does not give them, a logged read for every
case shown, no write on a GET."""
import pytest

from tests.security import matrix_glass
from tests.security.matrix import ROWS
from tests.security.test_route_matrix import (
    _client,
    check_row,
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
    wrong = check_row(world, row, actor, targets=row.expect,
                      expected=lambda target: matrix_glass.expected(row, target, actor),
                      unseen=world["unseen"][actor])
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
