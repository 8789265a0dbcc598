"""coordination.benefit_rules against DOMAIN.md.

The hand-computed examples carry their own day counts in comments, month by month; a
deliberately naive day-by-day reference at the bottom cross-checks the module on random
absence histories, but no example relies on it.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordination.benefit_rules import (
    CASE_STATUSES,
    EMPLOYMENTS,
    GROUND_CODES,
    RULES_2014,
    RULES_2025,
    RULES_2026,
    RULES_2027,
    Absence,
    Decision,
    ExtensionRefused,
    RuleSet,
    add_months,
    month_end,
    rules_for,
)

RULES = RULES_2014
WEEK_22 = date(2026, 7, 31)  # the worked example's reassessment date


def worked_example():
    """DOMAIN.md: an employee, continuously absent from Monday 2026-01-05."""
    return [Absence(date(2026, 1, 5))]


# --- DOMAIN.md's worked example -----------------------------------------------------------


def test_employee_continuously_absent_reaches_week_22_at_end_of_july():
    assert RULES.reassessment_date(worked_example(), "employee") == date(2026, 7, 31)


def test_worked_example_employer_period_runs_from_5_january_to_3_february():
    # Jan 5-31 is 27 days, Feb 1-3 is 3 more: 30 employer days, no benefit days.
    assert RULES.benefit_days(worked_example(), "employee", date(2026, 1, 5), date(2026, 2, 3)) == 0
    assert RULES.benefit_days(worked_example(), "employee", date(2026, 2, 4), date(2026, 2, 4)) == 1


def test_worked_example_counts_147_days_at_end_of_june_and_178_at_end_of_july():
    # Feb 4-28: 25, Mar: 31 (56), Apr: 30 (86), May: 31 (117), Jun: 30 (147), Jul: 31 (178).
    absences = worked_example()
    assert RULES.benefit_days(absences, "employee", date(2025, 10, 1), date(2026, 6, 30)) == 147
    assert RULES.benefit_days(absences, "employee", date(2025, 11, 1), date(2026, 7, 31)) == 178


def test_worked_example_155th_benefit_day_is_8_july():
    # 147 by the end of June, so 7 July is the 154th day and 8 July the 155th.
    absences = worked_example()
    assert RULES.benefit_days(absences, "employee", date(2025, 11, 1), date(2026, 7, 7)) == 154
    assert RULES.benefit_days(absences, "employee", date(2025, 11, 1), date(2026, 7, 8)) == 155


# --- employment and the employer period ---------------------------------------------------


def test_employer_period_is_30_days_for_employees_and_14_for_everyone_else():
    assert RULES.employer_period_days("employee") == 30
    assert RULES.employer_period_days("self_employed") == 14
    assert RULES.employer_period_days("unemployed") == 14


def test_self_employed_continuously_absent_reaches_week_22_at_end_of_june():
    # Employer period Jan 5-18 (14 days); benefit from Jan 19.
    # Jan 19-31: 13, Feb: 28 (41), Mar: 31 (72), Apr: 30 (102), May: 31 (133 - not enough),
    # Jun: 30 (163 > 154).
    assert RULES.reassessment_date(worked_example(), "self_employed") == date(2026, 6, 30)


def test_unemployed_person_continuously_absent_reaches_week_22_at_end_of_june():
    # Same 14-day employer period as self-employed, so the same count: 133 in May, 163 in June.
    assert RULES.reassessment_date(worked_example(), "unemployed") == date(2026, 6, 30)


def test_unemployed_person_with_two_spells_reaches_week_22_at_end_of_august():
    # Spell A Feb 1 - Mar 31: employer Feb 1-14, benefit Feb 15-28 (14) + Mar (31) = 45.
    # Spell B from Apr 10: employer Apr 10-23, benefit from Apr 24:
    #   Apr 24-30: 7, May: 31 (38), Jun: 30 (68), Jul: 31 (99), Aug: 31 (130).
    # Windows (all still include A): Jun 45+68=113, Jul 45+99=144, Aug 45+130=175 > 154.
    absences = [Absence(date(2026, 2, 1), date(2026, 3, 31)), Absence(date(2026, 4, 10))]
    assert RULES.reassessment_date(absences, "unemployed") == date(2026, 8, 31)


def test_employee_with_the_same_two_spells_reaches_week_22_a_month_later():
    # Spell A Feb 1 - Mar 31: employer Feb 1 - Mar 2 (28 + 2), benefit Mar 3-31 = 29.
    # Spell B from Apr 10: employer Apr 10 - May 9 (21 + 9), benefit from May 10:
    #   May 10-31: 22, Jun: 30 (52), Jul: 31 (83), Aug: 31 (114), Sep: 30 (144).
    # Windows: Aug (Dec-Aug) 29+114=143, Sep (Jan-Sep) 29+144=173 > 154.
    absences = [Absence(date(2026, 2, 1), date(2026, 3, 31)), Absence(date(2026, 4, 10))]
    assert RULES.reassessment_date(absences, "employee") == date(2026, 9, 30)


# --- the 154-day threshold ----------------------------------------------------------------


def test_exactly_154_benefit_days_in_the_window_do_not_reach_week_22():
    # Employee, Jan 1 - Jul 3 2026: employer Jan 1-30, benefit from Jan 31.
    # Jan 31: 1, Feb: 28 (29), Mar: 31 (60), Apr: 30 (90), May: 31 (121), Jun: 30 (151),
    # Jul 1-3: 3 (154). Every window holds at most 154: "more than 22 weeks" is not met.
    absences = [Absence(date(2026, 1, 1), date(2026, 7, 3))]
    assert RULES.benefit_days(absences, "employee", date(2026, 1, 1), date(2026, 12, 31)) == 154
    assert RULES.reassessment_date(absences, "employee") is None


def test_155_benefit_days_in_the_window_reach_week_22_at_that_month_end():
    # As above but ending Jul 4: 155 days, all inside the window Nov 2025 - Jul 2026.
    absences = [Absence(date(2026, 1, 1), date(2026, 7, 4))]
    assert RULES.reassessment_date(absences, "employee") == date(2026, 7, 31)


def test_partial_sick_leave_counts_as_whole_days():
    # The 155-day absence above, recorded as partial leave: still 155 whole days.
    absences = [Absence(date(2026, 1, 1), date(2026, 7, 4), kind="partial")]
    assert RULES.benefit_days(absences, "employee", date(2026, 1, 1), date(2026, 12, 31)) == 155
    assert RULES.reassessment_date(absences, "employee") == date(2026, 7, 31)


# --- several spells and the 9-month window -------------------------------------------------


def test_each_absence_period_starts_its_own_employer_period():
    # A Jan 1 - Mar 31 2026: employer Jan 1-30, benefit Jan 31 (1) + Feb (28) + Mar (31) = 60.
    # B from May 1: a new employer period May 1-30, benefit from May 31:
    #   May 31: 1, Jun: 30 (31), Jul: 31 (62), Aug: 31 (93), Sep: 30 (123).
    # Windows: Jul 60+62=122, Aug 60+93=153, Sep (Jan-Sep) 60+123=183 > 154.
    absences = [Absence(date(2026, 1, 1), date(2026, 3, 31)), Absence(date(2026, 5, 1))]
    assert RULES.reassessment_date(absences, "employee") == date(2026, 9, 30)


def test_two_spells_that_stay_at_153_days_never_reach_week_22():
    # A as above: 60 days (Jan 31 - Mar 31). B May 1 - Aug 31: benefit May 31 - Aug 31 =
    # 1 + 30 + 31 + 31 = 93. Aug (Dec-Aug) 153, Sep (Jan-Sep) 153, Oct (Feb-Oct) loses Jan 31:
    # 152; later windows only lose more.
    absences = [
        Absence(date(2026, 1, 1), date(2026, 3, 31)),
        Absence(date(2026, 5, 1), date(2026, 8, 31)),
    ]
    assert RULES.reassessment_date(absences, "employee") is None


def test_two_spells_reach_week_22_when_the_second_lasts_two_days_longer():
    # B now ends Sep 2: 93 + 2 = 95. Sep (Jan-Sep) window: 60 + 95 = 155 > 154.
    absences = [
        Absence(date(2026, 1, 1), date(2026, 3, 31)),
        Absence(date(2026, 5, 1), date(2026, 9, 2)),
    ]
    assert RULES.reassessment_date(absences, "employee") == date(2026, 9, 30)


def test_an_old_spell_leaving_the_window_is_not_counted():
    # A Jan 1 - Apr 30 2025: benefit Jan 31 - Apr 30 = 1 + 28 + 31 + 30 = 90.
    # B Aug 1 - Nov 30 2025: benefit Aug 31 - Nov 30 = 1 + 30 + 31 + 30 = 92. 182 in all, but:
    #   Sep (Jan-Sep): 90 + 31 = 121      Oct (Feb-Oct): 89 + 62 = 151
    #   Nov (Mar-Nov): 61 + 92 = 153      Dec (Apr-Dec): 30 + 92 = 122, then fewer.
    absences = [
        Absence(date(2025, 1, 1), date(2025, 4, 30)),
        Absence(date(2025, 8, 1), date(2025, 11, 30)),
    ]
    assert RULES.reassessment_date(absences, "employee") is None


def test_an_old_spell_leaving_the_window_delays_week_22_to_february():
    # A as above (90 days, Jan 31 - Apr 30 2025). B from Aug 1 2025, ongoing: benefit from
    # Aug 31: Aug 1, Sep 31, Oct 62, Nov 92, Dec 123, Jan 154, Feb 182.
    #   Oct (Feb-Oct): A 89 + B 62 = 151    Nov (Mar-Nov): A 61 + B 92 = 153
    #   Dec (Apr-Dec): A 30 + B 123 = 153   Jan 2026 (May-Jan): A 0 + B 154 = 154
    #   Feb 2026 (Jun-Feb): B 182 > 154.
    # A drops out exactly as fast as B grows, so the date is the same as B's alone.
    a = Absence(date(2025, 1, 1), date(2025, 4, 30))
    b = Absence(date(2025, 8, 1))
    assert RULES.reassessment_date([a, b], "employee") == date(2026, 2, 28)
    assert RULES.reassessment_date([b], "employee") == date(2026, 2, 28)


def test_absence_shorter_than_the_employer_period_never_reaches_week_22():
    # Mar 1-30 is 30 days: all of it is an employee's employer period. A self-employed
    # person gets benefit Mar 15-30 (16 days), far from 155.
    absences = [Absence(date(2026, 3, 1), date(2026, 3, 30))]
    assert RULES.benefit_days(absences, "employee", date(2026, 1, 1), date(2026, 12, 31)) == 0
    assert RULES.reassessment_date(absences, "employee") is None
    assert RULES.benefit_days(absences, "self_employed", date(2026, 1, 1), date(2026, 12, 31)) == 16
    assert RULES.reassessment_date(absences, "self_employed") is None


def test_no_absences_means_no_reassessment_date():
    assert RULES.reassessment_date([], "employee") is None


def test_overlapping_or_repeated_periods_do_not_count_a_day_twice():
    # The worked example recorded twice, plus a period Mar 1-10 inside it: still 178 days in
    # the window ending July, and week 22 is still the end of July.
    absences = [*worked_example(), *worked_example(), Absence(date(2026, 3, 1), date(2026, 3, 10))]
    assert RULES.benefit_days(absences, "employee", date(2025, 11, 1), date(2026, 7, 31)) == 178
    assert RULES.reassessment_date(absences, "employee") == WEEK_22


# --- leap years and year ends -------------------------------------------------------------


def test_leap_day_2028_tips_the_count_over_154_days():
    # Jan 1 - Jul 3 2028: benefit Jan 31 (1) + Feb (29: 30) + Mar (61) + Apr (91) + May (122)
    # + Jun (152) + Jul 1-3 (155). The same dates in 2027 give 154 (see the 154-day test).
    leap_year = [Absence(date(2028, 1, 1), date(2028, 7, 3))]
    common_year = [Absence(date(2027, 1, 1), date(2027, 7, 3))]
    assert RULES.reassessment_date(leap_year, "employee") == date(2028, 7, 31)
    assert RULES.reassessment_date(common_year, "employee") is None


def test_reassessment_date_can_be_29_february():
    # From Aug 1 2027: employer Aug 1-30, benefit from Aug 31: Aug 1, Sep 31, Oct 62, Nov 92,
    # Dec 123, Jan 2028 154 (not enough), Feb 2028 (29 days) 183.
    assert RULES.reassessment_date([Absence(date(2027, 8, 1))], "employee") == date(2028, 2, 29)


def test_spell_starting_in_november_reaches_week_22_at_end_of_may():
    # From Nov 15 2025: employer Nov 15-30 (16) + Dec 1-14 (14); benefit from Dec 15:
    # Dec 17, Jan 48, Feb 76, Mar 107, Apr 137, May 168 > 154.
    assert RULES.reassessment_date([Absence(date(2025, 11, 15))], "employee") == date(2026, 5, 31)


def test_employer_period_spanning_new_year_ends_on_18_january():
    # From Dec 20 2025: employer Dec 20-31 (12) + Jan 1-18 (18); benefit from Jan 19:
    # Jan 13, Feb 41, Mar 72, Apr 102, May 133, Jun 163 > 154.
    absences = [Absence(date(2025, 12, 20))]
    assert RULES.benefit_days(absences, "employee", date(2025, 12, 20), date(2026, 1, 18)) == 0
    assert RULES.benefit_days(absences, "employee", date(2026, 1, 19), date(2026, 1, 19)) == 1
    assert RULES.reassessment_date(absences, "employee") == date(2026, 6, 30)


def test_two_spells_across_a_year_end_reach_week_22_together():
    # A Oct 1 2025 - Jan 31 2026: employer Oct 1-30, benefit Oct 31 (1) + Nov (30) + Dec (31)
    # + Jan (31) = 93. B from Mar 1 2026: employer Mar 1-30, benefit from Mar 31.
    # Mar (Jul-Mar) 93+1=94, Apr (Aug-Apr) 93+31=124, May (Sep-May) 93+62=155 > 154.
    absences = [Absence(date(2025, 10, 1), date(2026, 1, 31)), Absence(date(2026, 3, 1))]
    assert RULES.reassessment_date(absences, "employee") == date(2026, 5, 31)


# --- benefit weeks used -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("absences", "as_of", "weeks"),
    [
        # Worked example. Employer period: nothing used yet.
        (worked_example(), date(2026, 2, 3), Decimal("0.0")),
        # Feb 4-6: 3 days / 7 = 0.43 -> 0.4.
        (worked_example(), date(2026, 2, 6), Decimal("0.4")),
        # Feb 4-7: 4 days / 7 = 0.57 -> 0.6 (rounds up).
        (worked_example(), date(2026, 2, 7), Decimal("0.6")),
        # Feb 4-13: 10 days / 7 = 1.43 -> 1.4.
        (worked_example(), date(2026, 2, 13), Decimal("1.4")),
        # End of June: 147 days = 21.0 weeks.
        (worked_example(), date(2026, 6, 30), Decimal("21.0")),
        # 8 July: 155 days / 7 = 22.14 -> 22.1.
        (worked_example(), date(2026, 7, 8), Decimal("22.1")),
        # 15 Oct: window from Feb 1. Feb 4-28 25, Mar 31 (56), Apr 30 (86), May 31 (117),
        # Jun 30 (147), Jul 31 (178), Aug 31 (209), Sep 30 (239), Oct 1-15 15 (254).
        # 254 / 7 = 36.29 -> 36.3.
        (worked_example(), date(2026, 10, 15), Decimal("36.3")),
        # 30 Nov: window Mar 1 - Nov 30, all benefit days:
        # 31+30+31+30+31+31+30+31+30 = 275; 275 / 7 = 39.29 -> 39.3.
        (worked_example(), date(2026, 11, 30), Decimal("39.3")),
        # Ended absence Jan 1 - Jul 3 2026 (benefit from Jan 31); on 31 Dec the window starts
        # Apr 1: Apr 30 + May 31 + Jun 30 + Jul 3 = 94; 94 / 7 = 13.43 -> 13.4.
        ([Absence(date(2026, 1, 1), date(2026, 7, 3))], date(2026, 12, 31), Decimal("13.4")),
    ],
)
def test_benefit_weeks_used_counts_the_window_up_to_the_day_and_rounds_to_one_decimal(
    absences, as_of, weeks
):
    used = RULES.benefit_weeks_used(absences, "employee", as_of)
    assert used == weeks
    assert str(used) == str(weeks)


# --- follow-up conversations --------------------------------------------------------------


def test_first_follow_up_is_due_at_the_end_of_week_8():
    # Day 1 is Jan 5; Jan 5-31 are days 1-27, Feb 1-28 days 28-55, so day 56 is Mar 1.
    assert RULES.first_follow_up_due(date(2026, 1, 5)) == date(2026, 3, 1)


def test_first_follow_up_in_a_leap_year_falls_on_29_february():
    # Jan 5-31 are days 1-27, Feb 1-29 days 28-56.
    assert RULES.first_follow_up_due(date(2028, 1, 5)) == date(2028, 2, 29)


def test_next_follow_up_is_the_first_until_one_is_held():
    assert RULES.next_follow_up_due(date(2026, 1, 5), []) == date(2026, 3, 1)


def test_next_follow_up_after_the_first_is_the_four_in_six_months_deadline():
    # § 13 b, stk. 1 (LBK nr. 1179 af 21.09.2023), no longer "every 28 days": after the
    # first conversation the next deadline is the end of the first six months
    # (2026-01-05 + 6 months - 1 day = 2026-07-04). Input order does not matter.
    held = [date(2026, 3, 10), date(2026, 2, 20)]
    assert RULES.next_follow_up_due(date(2026, 1, 5), held) == date(2026, 7, 4)


# --- extension grounds --------------------------------------------------------------------


def test_the_seven_grounds_and_none_match_the_domain_table():
    grounds = RULES.grounds
    assert tuple(grounds) == GROUND_CODES
    assert {code for code, g in grounds.items() if g.needs_medical_evidence} == {"p27_3", "p27_5"}
    assert {code: g.max_weeks for code, g in grounds.items() if g.max_weeks} == {
        "p27_2": 69,
        "p27_3": 134,
    }
    for code, ground in grounds.items():
        assert ground.code == code
        assert all((ground.label_en, ground.label_da, ground.plain_en, ground.plain_da))
    assert "jobafklaringsforløb" in grounds["none"].plain_en
    assert "134 weeks" in grounds["p27_3"].plain_en


def test_p27_2_extension_may_last_69_weeks_from_the_reassessment_date():
    # 69 weeks = 483 days. Jul 31 2026 + 365 = Jul 31 2027 (no Feb 29 between); 118 left:
    # Aug 31, Sep 30 (61), Oct 31 (92), then 26 -> Nov 26 2027.
    limit = date(2027, 11, 26)
    assert RULES.max_valid_until("p27_2", WEEK_22, date(2026, 7, 20)) == limit
    RULES.check_extension("p27_2", False, limit, WEEK_22, date(2026, 7, 20))
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("p27_2", False, limit + timedelta(days=1), WEEK_22, date(2026, 7, 20))
    assert (refused.value.code, refused.value.field) == ("extension_too_long", "valid_until")
    assert "69 weeks" in str(refused.value)


def test_p27_3_extension_may_last_134_weeks_from_the_reassessment_date():
    # 134 weeks = 938 days. Jul 31 2026 + 365 = Jul 31 2027; + 366 (Feb 29 2028) = Jul 31 2028
    # (731); 207 left: Aug 31, Sep 30 (61), Oct 31 (92), Nov 30 (122), Dec 31 (153),
    # Jan 31 (184), then 23 -> Feb 23 2029.
    limit = date(2029, 2, 23)
    assert RULES.max_valid_until("p27_3", WEEK_22, date(2026, 7, 20)) == limit
    RULES.check_extension("p27_3", True, limit, WEEK_22, date(2026, 7, 20))
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("p27_3", True, date(2029, 2, 24), WEEK_22, date(2026, 7, 20))
    assert refused.value.code == "extension_too_long"


def test_extension_limit_counts_from_the_decision_day_without_a_reassessment_date():
    # Mar 2 2026 + 483 days: + 365 = Mar 2 2027; 118 left: Mar 31 (29), Apr 30 (59),
    # May 31 (90), then 28 -> Jun 28 2027.
    assert RULES.max_valid_until("p27_2", None, date(2026, 3, 2)) == date(2027, 6, 28)


def test_grounds_lasting_until_an_event_have_no_fixed_limit():
    for ground in ("p27_1", "p27_4", "p27_5", "p27_6", "p27_7", "none"):
        assert RULES.max_valid_until(ground, WEEK_22, date(2026, 7, 20)) is None
    RULES.check_extension("p27_4", False, date(2035, 1, 1), WEEK_22, date(2026, 7, 20))


def test_p27_3_without_medical_evidence_is_refused_before_its_length_is_checked():
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("p27_3", False, date(2040, 1, 1), WEEK_22, date(2026, 7, 20))
    assert (refused.value.code, refused.value.field) == (
        "medical_evidence_required",
        "medical_evidence",
    )


def test_p27_5_needs_medical_evidence_and_then_has_no_limit():
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("p27_5", False, None, WEEK_22, date(2026, 7, 20))
    assert refused.value.code == "medical_evidence_required"
    RULES.check_extension("p27_5", True, date(2040, 1, 1), WEEK_22, date(2026, 7, 20))


def test_none_decision_with_a_valid_until_is_refused():
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("none", False, date(2026, 12, 31), WEEK_22, date(2026, 7, 20))
    assert (refused.value.code, refused.value.field) == ("valid_until_not_allowed", "valid_until")
    RULES.check_extension("none", False, None, WEEK_22, date(2026, 7, 20))


def test_unknown_ground_is_refused():
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("p27_8", False, None, WEEK_22, date(2026, 7, 20))
    assert (refused.value.code, refused.value.field) == ("unknown_ground", "ground")
    assert "p27_8" in str(refused.value)


def test_valid_until_before_the_decision_day_is_refused():
    with pytest.raises(ExtensionRefused) as refused:
        RULES.check_extension("p27_2", False, date(2026, 7, 19), WEEK_22, date(2026, 7, 20))
    assert (refused.value.code, refused.value.field) == ("invalid", "valid_until")


# --- case status and the reassessment deadline --------------------------------------------


def test_case_without_a_decision_is_active():
    assert RULES.case_status(date(2026, 8, 15), WEEK_22, []) == "active"


def test_case_is_closed_from_its_closing_day():
    decisions = [Decision("p27_2", date(2026, 7, 20))]
    assert RULES.case_status(date(2026, 9, 1), WEEK_22, decisions, date(2026, 9, 1)) == "closed"
    assert RULES.case_status(date(2026, 8, 31), WEEK_22, decisions, date(2026, 9, 1)) == "extended"


def test_case_is_extended_until_the_extensions_valid_until_day():
    decisions = [Decision("p27_3", date(2026, 7, 20), date(2027, 1, 31))]
    assert RULES.case_status(date(2026, 8, 15), WEEK_22, decisions) == "extended"
    assert RULES.case_status(date(2027, 1, 31), WEEK_22, decisions) == "extended"
    assert RULES.case_status(date(2027, 2, 1), WEEK_22, decisions) == "active"


def test_extension_without_valid_until_keeps_the_case_extended():
    decisions = [Decision("p27_7", date(2026, 7, 20))]
    assert RULES.case_status(date(2030, 1, 1), WEEK_22, decisions) == "extended"


def test_none_decision_starts_job_clarification_the_day_after_the_reassessment_date():
    decisions = [Decision("none", date(2026, 7, 20))]
    assert RULES.case_status(date(2026, 7, 31), WEEK_22, decisions) == "active"
    assert RULES.case_status(date(2026, 8, 1), WEEK_22, decisions) == "job_clarification"
    assert RULES.case_status(date(2026, 8, 1), None, decisions) == "active"


def test_latest_decision_decides_the_status_and_the_last_given_wins_a_tie():
    extension = Decision("p27_2", date(2026, 7, 20))
    refusal = Decision("none", date(2027, 3, 1))
    assert RULES.case_status(date(2027, 2, 1), WEEK_22, [refusal, extension]) == "extended"
    assert RULES.case_status(date(2027, 3, 1), WEEK_22, [refusal, extension]) == (
        "job_clarification"
    )
    same_day = Decision("none", date(2026, 7, 20))
    assert RULES.case_status(date(2026, 8, 1), WEEK_22, [extension, same_day]) == (
        "job_clarification"
    )
    assert RULES.case_status(date(2026, 8, 1), WEEK_22, [same_day, extension]) == "extended"


def test_reassessment_deadline_is_open_then_overdue_without_a_decision():
    assert RULES.reassessment_deadline_status(date(2026, 7, 31), WEEK_22, []) == "open"
    assert RULES.reassessment_deadline_status(date(2026, 8, 1), WEEK_22, []) == "overdue"


def test_reassessment_deadline_is_met_by_a_decision_on_or_before_the_date():
    on_the_day = [Decision("p27_4", WEEK_22)]
    assert RULES.reassessment_deadline_status(date(2026, 7, 31), WEEK_22, on_the_day) == "met"
    assert RULES.reassessment_deadline_status(date(2026, 9, 1), WEEK_22, on_the_day) == "met"


def test_reassessment_deadline_stays_overdue_after_a_late_decision():
    late = [Decision("p27_4", date(2026, 8, 3))]
    assert RULES.reassessment_deadline_status(date(2026, 8, 10), WEEK_22, late) == "overdue"


def test_reassessment_deadline_ignores_decisions_dated_after_the_day_asked_about():
    planned = [Decision("p27_4", date(2026, 7, 25))]
    assert RULES.reassessment_deadline_status(date(2026, 7, 20), WEEK_22, planned) == "open"


# --- rule sets, constants and helpers -----------------------------------------------------


def test_rules_for_picks_the_rule_set_in_force_on_the_day():
    assert rules_for(date(2024, 12, 31)) is RULES_2014
    assert rules_for(date(2025, 1, 1)) is RULES_2025
    assert rules_for(date(2026, 1, 31)) is RULES_2025
    assert rules_for(date(2026, 2, 1)) is RULES_2026  # lov nr. 1750/2025 in force
    assert rules_for(date(2026, 12, 31)) is RULES_2026
    assert rules_for(date(2027, 1, 1)) is RULES_2027
    assert isinstance(RULES_2014, RuleSet)
    assert RULES_2014.effective_from == date(2014, 7, 1)


def test_rules_for_days_before_the_earliest_rule_set_returns_the_earliest():
    assert rules_for(date(2000, 1, 1)) is RULES_2014


def test_the_value_lists_other_code_relies_on():
    assert EMPLOYMENTS == ("employee", "self_employed", "unemployed")
    assert GROUND_CODES == ("p27_1", "p27_2", "p27_3", "p27_4", "p27_5", "p27_6", "p27_7", "none")
    assert CASE_STATUSES == (
        "active", "extended", "job_clarification", "reduced_benefit", "closed")


def test_month_helpers_clamp_to_the_end_of_shorter_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 3, 31), -1) == date(2028, 2, 29)
    assert add_months(date(2026, 7, 31), -8) == date(2025, 11, 30)
    assert month_end(date(2028, 2, 10)) == date(2028, 2, 29)


def test_an_absence_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Absence(date(2026, 3, 2), date(2026, 3, 1))


# --- properties, and a naive day-by-day reference -----------------------------------------

fast = settings(max_examples=100, deadline=None)
employments = st.sampled_from(EMPLOYMENTS)
kinds = st.sampled_from(("full", "partial"))
days_in_range = st.integers(0, 1100).map(lambda n: date(2024, 1, 1) + timedelta(days=n))


@st.composite
def absence_histories(draw, min_size=0, max_size=5):
    """Non-overlapping absences in date order; only the last may be ongoing."""
    start = draw(days_in_range)
    size = draw(st.integers(min_size, max_size))
    history = []
    for position in range(size):
        kind = draw(kinds)
        if position == size - 1 and draw(st.booleans()):
            history.append(Absence(start, None, kind))
            break
        end = start + timedelta(days=draw(st.integers(0, 250)))
        history.append(Absence(start, end, kind))
        start = end + timedelta(days=draw(st.integers(1, 200)))
    return history


@st.composite
def touching_absences(draw):
    """Periods in date order, each starting the day after the last ends (touching), or
    after a gap of one day or a few; partial and full mixed; the last may be ongoing."""
    start = draw(days_in_range)
    absences = []
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.integers(0, 120))
        end = start + timedelta(days=length)
        absences.append(Absence(start, end, draw(kinds)))
        start = end + timedelta(days=draw(st.sampled_from((1, 1, 1, 2, 3, 20))))
    if draw(st.booleans()):
        last = absences[-1]
        absences[-1] = Absence(last.start, None, last.kind)
    return absences


@st.composite
def any_absences(draw):
    """Absences in any order, overlapping or not."""
    absences = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(days_in_range)
        length = draw(st.none() | st.integers(0, 300))
        end = None if length is None else start + timedelta(days=length)
        absences.append(Absence(start, end, draw(kinds)))
    return absences


def naive_benefit_days(absences, employer_days, horizon):
    """Every benefit day, one by one, up to ``horizon`` for ongoing absences: a day counts
    once it is past the first ``employer_days`` days of its run of consecutive absent days
    (DOMAIN.md rule 2: touching or overlapping periods are one uninterrupted absence)."""
    absent = set()
    for absence in absences:
        day = absence.start
        while day <= (absence.end or horizon):
            absent.add(day)
            day += timedelta(days=1)
    days = set()
    position = 0
    for day in sorted(absent):
        position = position + 1 if day - timedelta(days=1) in absent else 1
        if position > employer_days:
            days.add(day)
    return days


def naive_window_start(month_end_day):
    months = month_end_day.year * 12 + month_end_day.month - 1 - 8
    return date(months // 12, months % 12 + 1, 1)


def naive_count(days, first, last):
    return sum(1 for n in range((last - first).days + 1) if first + timedelta(days=n) in days)


def naive_reassessment_date(absences, employer_days):
    if not absences:
        return None
    horizon = max(a.start for a in absences) + timedelta(days=800)
    days = naive_benefit_days(absences, employer_days, horizon)
    day = min(a.start for a in absences)
    while day <= horizon:
        is_month_end = (day + timedelta(days=1)).day == 1
        if is_month_end and naive_count(days, naive_window_start(day), day) > 154:
            return day
        day += timedelta(days=1)
    return None


@fast
@given(absences=any_absences() | touching_absences(), employment=employments)
def test_reassessment_date_matches_a_naive_day_by_day_count(absences, employment):
    employer_days = RULES.employer_period_days(employment)
    assert RULES.reassessment_date(absences, employment) == naive_reassessment_date(
        absences, employer_days
    )


@fast
@given(absences=any_absences() | touching_absences(), employment=employments,
       as_of=days_in_range)
def test_benefit_weeks_used_matches_a_naive_count_rounded_half_up(absences, employment, as_of):
    employer_days = RULES.employer_period_days(employment)
    days = naive_benefit_days(absences, employer_days, as_of)
    counted = naive_count(days, naive_window_start(month_end(as_of)), as_of)
    tenths = (counted * 20 + 7) // 14  # floor(counted * 10 / 7 + 1/2), in integers
    used = RULES.benefit_weeks_used(absences, employment, as_of)
    assert used == Decimal(tenths) / 10
    assert used.as_tuple().exponent == -1


@fast
@given(absences=any_absences(), employment=employments, as_of=days_in_range)
def test_benefit_weeks_used_never_stands_for_more_days_than_were_absent(
    absences, employment, as_of
):
    # Rounding to a tenth of a week can add up to 0.35 of a day (4 days -> 0.6 weeks -> 4.2),
    # so the whole days the figure stands for are compared, not the exact product.
    window_start = naive_window_start(month_end(as_of))
    covered = naive_count(naive_benefit_days(absences, 0, as_of), window_start, as_of)
    counted = RULES.benefit_days(absences, employment, window_start, as_of)
    weeks_as_days = RULES.benefit_weeks_used(absences, employment, as_of) * 7
    assert counted <= covered
    assert int(weeks_as_days) <= counted
    assert abs(weeks_as_days - counted) <= Decimal("0.35")


@fast
@given(history=absence_histories(min_size=1), data=st.data(), employment=employments)
def test_adding_an_absence_never_makes_the_reassessment_date_later(history, data, employment):
    left_out = data.draw(st.integers(0, len(history) - 1))
    without = history[:left_out] + history[left_out + 1 :]
    before = RULES.reassessment_date(without, employment)
    after = RULES.reassessment_date(history, employment)
    if before is not None:
        assert after is not None
        assert after <= before


@fast
@given(absences=any_absences(), employment=employments)
def test_reassessment_date_is_always_the_last_day_of_a_month(absences, employment):
    found = RULES.reassessment_date(absences, employment)
    if found is not None:
        assert found == month_end(found)


@fast
@given(absences=any_absences(), employment=employments)
def test_an_ongoing_absence_always_gives_a_reassessment_date(absences, employment):
    ongoing = Absence(date(2025, 6, 1))
    assert RULES.reassessment_date([*absences, ongoing], employment) is not None


@fast
@given(absences=any_absences(), order=st.randoms(use_true_random=False))
def test_the_order_absences_are_given_in_does_not_matter(absences, order):
    shuffled = list(absences)
    order.shuffle(shuffled)
    assert RULES.reassessment_date(shuffled, "employee") == RULES.reassessment_date(
        absences, "employee"
    )


@fast
@given(absences=any_absences())
def test_a_longer_employer_period_never_makes_the_reassessment_date_earlier(absences):
    employee = RULES.reassessment_date(absences, "employee")
    self_employed = RULES.reassessment_date(absences, "self_employed")
    if employee is not None:
        assert self_employed is not None
        assert self_employed <= employee
    assert RULES.reassessment_date(absences, "unemployed") == self_employed
