"""The route matrix's columns for both sides of two lines (issue 19): the handover period
(DOMAIN.md: a former professional reads the case for 30 days after the handover, then only
their own notes) and emergency access (break the glass: 24 hours, read only). The actors are
world.GLASS_ACTORS; tests/security/test_route_matrix_glass.py sends every row of
tests/security/matrix.py to each of them.

Every (route, method, target) has an expectation for every glass actor: the DEFAULT rule
takes it from an existing actor of matrix.py who stands where the glass actor stands, and
EXCEPTIONS says where the glass actor must differ, with why. A row the rule cannot answer
(a new kind of target) fails the test until someone decides here.

The rule, per glass actor and side of the row's target (A = case A's objects, B = case B's,
each = routes without an object):

- fcm_29 (handover 29 days ago) reads case A as `former_cm` does (handover today).
- fcm_31 (handover 31 days ago) is, on case A, the `other_professional`: a care manager of the same
  organisation who is not on it (their own notes aside: they wrote none in the world).
- glass_before / glass_after (no access / expired) are the `other_professional` on case A.
- glass_during (open emergency access to A) reads case A as `former_cm` does, except notes
  (emergency access reads the case, not the notes: trust.querysets) and the request itself.
- On case B and on routes without an object, every glass actor is `former_cm`: a care
  manager of Psykiatrien Matrix who is not on case B.
"""
# The existing actors (tests/security/world.py ACTORS) the rule borrows columns from.
FORMER = "former_cm"
SAME_ORGANISATION_NOT_ON_CASE = "other_professional"

READS_A = {"fcm_29": FORMER, "glass_during": FORMER}
DEFAULT = {
    actor: {"A": READS_A.get(actor, SAME_ORGANISATION_NOT_ON_CASE), "B": FORMER, "each": FORMER}
    for actor in ("fcm_29", "fcm_31", "glass_before", "glass_during", "glass_after")
}

EMERGENCY = "api/cases/<uuid:case_id>/emergency-access/"
# (route, method, target) -> {glass actor: status}, where the rule above does not hold.
EXCEPTIONS = {
    # glass_during holds open access: the empty request meets validation (with a reason it
    # would be the 409 `emergency_access_open`, tests/security/test_emergency_access.py);
    # former_cm, within the handover period, reads already and may not break the glass.
    (EMERGENCY, "POST", "A"): {"glass_during": 400},
    # The care manager's sector note of case A: a former professional reads it during the
    # handover period (DOMAIN.md, Note scopes: sector, "are or were on the case"); emergency
    # access reads no notes.
    ("api/notes/<uuid:note_id>/", "GET", "A_sector"): {"glass_during": 404},
}


def side_of(target: str) -> str:
    side = target.partition("_")[0]
    if side not in ("A", "B", "each"):
        raise KeyError(f"no glass rule for target {target!r}")
    return side


def expected(row, target: str, actor: str) -> int:
    """The status `actor` (a glass actor) gets for `row` on `target`; KeyError when the
    rule has no answer (decide it in DEFAULT or EXCEPTIONS)."""
    override = EXCEPTIONS.get((row.route, row.method, target), {})
    if actor in override:
        return override[actor]
    source = DEFAULT[actor][side_of(target)]
    return row.expect[target][source]
