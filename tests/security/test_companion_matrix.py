"""The companion (issue 18) against every row of the route matrix: the status its column
file says (tests/security/matrix_companion.py), no answer showing what the spine hides from
it beyond its meeting, agenda and plan (`companion_unseen`), every answer that shows case A
leaving a row in case A's access log, and no GET writing. Also on the companion's own
meeting (`A_next`) for every route that names a meeting: 404, since only `companion/`
shows it."""
import pytest

from tests.security.matrix import ROWS
from tests.security.matrix_companion import EXCEPTIONS, companion_expects
from tests.security.test_route_matrix import (
    check_row,
    route_kwargs,
    values_for,
)
from tests.security.world import COMPANION, companion_sees, companion_unseen

MEETING_KWARGS = {"meeting_id"}


def _names_a_meeting(row) -> bool:
    kwargs = set(route_kwargs(row.route))
    return bool(kwargs & MEETING_KWARGS) or row.pk == "meeting_id"


def _targets(row) -> list[str]:
    targets = list(row.expect)
    if _names_a_meeting(row):
        targets.append("A_next")
    return targets


def _values(world, row, target):
    if target != "A_next":
        return values_for(world, row, target)
    ids = values_for(world, row, "A")
    ids["meeting_id"] = world["next_meeting"].pk
    ids["companion_id"] = world["companion_grant"].pk
    if row.pk == "meeting_id":
        ids["pk"] = ids["meeting_id"]
    return ids


@pytest.fixture(scope="module")
def unseen(world):
    return companion_unseen(world)


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.method} /{row.route}" for row in ROWS])
def test_the_companion_gets_what_its_column_says(world, unseen, db, row):
    wrong = check_row(world, row, COMPANION, targets=_targets(row),
                      expected=lambda target: companion_expects(row.route, row.method, target),
                      unseen=unseen, values=_values)
    assert not wrong, f"companion on {row.route!r}:\n" + "\n".join(wrong)


def test_every_companion_exception_names_a_matrix_row():
    """An exception for a route the matrix no longer has would silently widen nothing, but
    it would also say nothing: the file must follow matrix.py."""
    rows = {(row.route, row.method, target) for row in ROWS for target in row.expect}
    stale = sorted(key for key in EXCEPTIONS if key not in rows)
    assert not stale, f"matrix_companion.py names rows matrix.py lacks: {stale}"


def test_every_matrix_row_has_a_companion_expectation():
    """Every (route, method, target) gets a status from the column file (the rule or an
    exception), and that status is one a route can answer."""
    for row in ROWS:
        for target in _targets(row):
            assert companion_expects(row.route, row.method, target) in {
                200, 204, 302, 400, 401, 403, 404, 405, 409}


def test_the_companion_oracle_discriminates(world, unseen):
    """The leak check could not fail if `unseen` said nothing: notes, minutes, the other
    meeting's agenda, decisions, hearings and case B are hidden; the companion's meeting,
    its agenda item and the plan are not."""
    assert {"MXNOTE-A-care_manager-shared", "MXMINUTES-A", "MXAGENDA-A", "MXREASON-A",
            "MXBASIS-A", "MXITEM-A", "MXRESPONSE-A", "MXGOAL-B Back two days a week",
            str(world["targets"]["B"]["case_id"])} <= unseen
    assert {"MXNEXTAGENDA-A", "MXNEXTITEM-A", "MXGOAL-A Back two days a week"} <= (
        companion_sees(world))
    assert not companion_sees(world) & unseen
