"""Issue 16 item 2: "which decision is in force" is one rule, RuleSet.current_decision, used
by the status (case_status) and by the pages (caseload countdown, the service user's page)."""
from datetime import date

from coordination.benefit_rules import RULES_2026, Decision

EXTENDED = Decision("p27_3", date(2026, 7, 20), valid_until=date(2027, 1, 31))
NONE_LATER = Decision("none", date(2026, 8, 3))


def test_the_decision_in_force_is_the_latest_taken_by_that_day():
    decisions = [EXTENDED, NONE_LATER]
    assert RULES_2026.current_decision(decisions, date(2026, 7, 19)) is None
    assert RULES_2026.current_decision(decisions, date(2026, 7, 20)) is EXTENDED
    assert RULES_2026.current_decision(decisions, date(2026, 8, 2)) is EXTENDED
    # A later `none` ends the extension: it is in force, not the last extending ground.
    assert RULES_2026.current_decision(decisions, date(2026, 8, 3)) is NONE_LATER


def test_on_a_tie_the_last_given_is_in_force():
    first = Decision("p27_1", date(2026, 7, 20))
    second = Decision("p27_5", date(2026, 7, 20))
    assert RULES_2026.current_decision([first, second], date(2026, 7, 21)) is second


def test_the_status_follows_the_decision_in_force():
    decisions = [EXTENDED, NONE_LATER]
    reassessment = date(2026, 7, 31)
    assert RULES_2026.case_status(date(2026, 8, 2), reassessment, decisions) == "extended"
    assert RULES_2026.case_status(date(2026, 8, 3), reassessment, decisions) != "extended"

