"""Issue 14's rules in coordination.benefit_rules, each test naming its source.

- One employer period per uninterrupted absence: DOMAIN.md, Sickness benefit, rule 2;
  sygedagpengeloven § 24 ("de første 30 kalenderdage af fraværsperioden"), § 30, stk. 1.
- Follow-up: sygedagpengeloven § 13 b, stk. 1 and 2 (LBK nr. 1179 af 21.09.2023,
  elov.dk/sygedagpengeloven/paragraf/13b); § 13 f (2025, secondary source); lov nr. 1750
  af 29.12.2025 (in force 2026-02-01, star.dk).
- The 2027 outcome: DOMAIN.md, The seven extension grounds; KL høringssvar 12.11.2025
  ("jobafklaringsforløb afskaffes fra 1. januar 2027 ... reduceret sygedagpengesats").
Day counts are worked by hand in the comments, month by month.
"""
from datetime import date, timedelta

import pytest

from coordination.benefit_rules import (
    RULE_SETS,
    RULES_2014,
    RULES_2025,
    RULES_2026,
    RULES_2027,
    Absence,
    Decision,
    ExtensionRefused,
    current_absence,
    ground_on,
    none_outcome,
    rules_for,
    uninterrupted_absences,
)

ONGOING = date.max


# --- one employer period per uninterrupted absence (DOMAIN.md rule 2, § 24) --------------


def test_partial_leave_turning_full_the_next_day_keeps_one_employer_period():
    # DOMAIN.md rule 2: full 2026-01-05 - 2026-02-15, partial from 2026-02-16 (touching).
    # One employer period 2026-01-05 - 2026-02-03, benefit from 2026-02-04 as in the worked
    # example: June end 147 days, July end 178 > 154 -> 2026-07-31 (not a month late).
    absences = [Absence(date(2026, 1, 5), date(2026, 2, 15)),
                Absence(date(2026, 2, 16), None, "partial")]
    assert uninterrupted_absences(absences) == [(date(2026, 1, 5), ONGOING)]
    assert RULES_2014.reassessment_date(absences, "employee") == date(2026, 7, 31)


def test_an_extended_sick_note_entered_as_a_new_period_is_the_same_absence():
    # DOMAIN.md rule 2: three notes end to end, entered in any order.
    absences = [Absence(date(2026, 3, 1), date(2026, 3, 31)),
                Absence(date(2026, 1, 5), date(2026, 1, 31)),
                Absence(date(2026, 2, 1), None)]
    assert RULES_2014.reassessment_date(absences, "employee") == date(2026, 7, 31)


def test_a_gap_of_one_day_inside_the_window_starts_a_new_employer_period():
    # DOMAIN.md rule 2: A 2026-01-05 - 2026-03-31, B from 2026-04-02 (2026-04-01 not absent).
    # A: employer Jan 5 - Feb 3, benefit Feb 4 - Mar 31 = 25 + 31 = 56.
    # B: employer Apr 2 - May 1, benefit from May 2: May 30, Jun 30, Jul 31, Aug 31.
    # Windows (9 months back): Jun 56+60 = 116, Jul 147, Aug 178 > 154 -> 2026-08-31.
    absences = [Absence(date(2026, 1, 5), date(2026, 3, 31)), Absence(date(2026, 4, 2))]
    assert len(uninterrupted_absences(absences)) == 2
    assert RULES_2014.reassessment_date(absences, "employee") == date(2026, 8, 31)
    # Touching (B from Apr 1) is one absence: the worked example's 2026-07-31.
    touching = [Absence(date(2026, 1, 5), date(2026, 3, 31)), Absence(date(2026, 4, 1))]
    assert RULES_2014.reassessment_date(touching, "employee") == date(2026, 7, 31)


def test_overlapping_periods_are_one_absence_with_one_employer_period():
    absences = [Absence(date(2026, 1, 5), date(2026, 3, 10)),
                Absence(date(2026, 3, 1), None, "partial")]
    assert uninterrupted_absences(absences) == [(date(2026, 1, 5), ONGOING)]
    # Feb 4 - Mar 31: 25 + 31 = 56 benefit days, once each.
    assert RULES_2014.benefit_days(
        absences, "employee", date(2026, 1, 1), date(2026, 3, 31)) == 56


def test_touching_periods_over_the_leap_day_reach_week_22_on_29_february_2028():
    # DOMAIN.md rules 2-3. Full 2027-08-29 - 2027-09-15, partial from 2027-09-16 (touching):
    # employer Aug 29 - Sep 27, benefit from Sep 28: Sep 3, Oct 31 (34), Nov 30 (64),
    # Dec 31 (95), Jan 31 (126), Feb 29 (155) > 154 -> 2028-02-29, the leap day.
    absences = [Absence(date(2027, 8, 29), date(2027, 9, 15)),
                Absence(date(2027, 9, 16), None, "partial")]
    assert RULES_2027.reassessment_date(absences, "employee") == date(2028, 2, 29)
    # With a day's gap (partial from Sep 17) the first period (18 days) pays no benefit and
    # a second employer period runs Sep 17 - Oct 16; benefit from Oct 17:
    # Oct 15, Nov 45, Dec 76, Jan 107, Feb 136, Mar 167 > 154 -> 2028-03-31.
    gap = [Absence(date(2027, 8, 29), date(2027, 9, 15)),
           Absence(date(2027, 9, 17), None, "partial")]
    assert RULES_2027.reassessment_date(gap, "employee") == date(2028, 3, 31)


def test_a_self_employed_persons_touching_periods_lose_14_days_once():
    # DOMAIN.md rule 2 (14 days). Jan 1 - Jan 10 and Jan 11 onwards: benefit from Jan 15.
    # Jan 17, Feb 28 (45), Mar 31 (76), Apr 30 (106), May 31 (137), Jun 30 (167) -> Jun 30.
    absences = [Absence(date(2026, 1, 1), date(2026, 1, 10)), Absence(date(2026, 1, 11))]
    assert RULES_2014.reassessment_date(absences, "self_employed") == date(2026, 6, 30)


def test_the_current_absence_is_the_one_going_on_or_the_latest_begun():
    absences = [Absence(date(2026, 1, 5), date(2026, 2, 28)), Absence(date(2026, 4, 1))]
    assert current_absence(absences, date(2026, 2, 10)) == (date(2026, 1, 5), date(2026, 2, 28))
    assert current_absence(absences, date(2026, 3, 15)) == (date(2026, 1, 5), date(2026, 2, 28))
    assert current_absence(absences, date(2026, 4, 2)) == (date(2026, 4, 1), ONGOING)
    assert current_absence(absences, date(2026, 1, 1)) is None


# --- rule sets chosen by the event's date ---------------------------------------------------


def test_the_switch_dates_are_data_with_their_sources():
    assert [r.effective_from for r in RULE_SETS] == [
        date(2014, 7, 1), date(2025, 1, 1), date(2026, 2, 1), date(2027, 1, 1)]
    assert all(r.source for r in RULE_SETS)
    assert "1750" in RULES_2026.source and "01.02.2026" in RULES_2026.source
    assert RULES_2027.none_outcome == "reduced_benefit"
    assert RULES_2026.none_outcome == "job_clarification"


def test_a_case_from_20_july_2026_reassessed_31_january_2027_gets_the_2027_outcome():
    # Issue 14's example. Employee from 2026-07-20: employer until 2026-08-18, benefit from
    # 2026-08-19: Aug 13, Sep 43, Oct 74, Nov 104, Dec 135, Jan 166 > 154 -> 2027-01-31.
    absences = [Absence(date(2026, 7, 20))]
    reassessment = rules_for(date(2026, 7, 20)).reassessment_date(absences, "employee")
    assert reassessment == date(2027, 1, 31)
    decisions = [Decision("none", date(2027, 1, 20))]
    # Whichever rule set is asked, the outcome follows the reassessment date.
    for rule_set in RULE_SETS:
        assert rule_set.case_status(date(2027, 1, 31), reassessment, decisions) == "active"
        assert rule_set.case_status(
            date(2027, 2, 1), reassessment, decisions) == "reduced_benefit"


def test_a_reassessment_on_31_december_2026_still_leads_to_job_clarification():
    # DOMAIN.md: "`none`, reassessment before 2027-01-01 ... job_clarification".
    # Employee from 2026-06-19: employer until 2026-07-18, benefit from 2026-07-19:
    # Jul 13, Aug 44, Sep 74, Oct 105, Nov 135, Dec 166 > 154 -> 2026-12-31.
    absences = [Absence(date(2026, 6, 19))]
    reassessment = RULES_2026.reassessment_date(absences, "employee")
    assert reassessment == date(2026, 12, 31)
    decisions = [Decision("none", date(2026, 12, 20))]
    # Asked about in 2027 (RULES_2027 in force), the 2026 reassessment still governs.
    assert RULES_2027.case_status(
        date(2027, 1, 1), reassessment, decisions) == "job_clarification"
    assert none_outcome(date(2026, 12, 31)) == "job_clarification"
    assert none_outcome(date(2027, 1, 1)) == "reduced_benefit"


def test_the_none_text_follows_the_reassessment_date_and_says_same_case_lower_rate():
    # A decision taken in December 2026 for a reassessment on 2027-01-31.
    after = ground_on("none", date(2026, 12, 20), date(2027, 1, 31))
    assert "lower rate" in after.plain_en and "same case" in after.plain_en
    assert "same employment consultant" in after.plain_en
    assert "lavere sats" in after.plain_da and "samme sag" in after.plain_da
    before = ground_on("none", date(2026, 12, 20), date(2026, 12, 31))
    assert "job clarification programme" in before.plain_en
    assert "jobafklaringsforløb" in before.plain_da


def test_p27_1_and_p27_4_read_as_after_lov_1750_2025_from_its_in_force_date():
    # lov nr. 1750 af 29.12.2025: revalidering and ressourceforløb abolished for new
    # citizens, the rehabilitation team requirement removed; in force 2026-02-01.
    assert "rehabilitation team" in ground_on("p27_4", date(2026, 1, 31)).label_en
    assert ground_on("p27_1", date(2026, 1, 31)).plain_en.startswith("It is likely")
    p27_1 = ground_on("p27_1", date(2026, 2, 1))
    assert "no longer granted to new citizens" in p27_1.plain_en
    assert "ikke længere bevilget til nye borgere" in p27_1.plain_da
    p27_4 = ground_on("p27_4", date(2027, 3, 1))
    assert "no longer goes to a rehabilitation team" in p27_4.plain_en
    assert "ikke længere forelægges et rehabiliteringsteam" in p27_4.plain_da
    # The other grounds are unchanged.
    assert ground_on("p27_3", date(2027, 3, 1)) == ground_on("p27_3", date(2025, 3, 1))


# --- the recording forms' limits (DOMAIN.md, The seven extension grounds) -----------------


@pytest.mark.parametrize("ground,weeks", [("p27_2", 69), ("p27_3", 134)])
def test_a_capped_ground_without_valid_until_is_refused(ground, weeks):
    with pytest.raises(ExtensionRefused) as refused:
        RULES_2027.check_extension(ground, True, None, date(2027, 1, 31), date(2027, 1, 20))
    assert refused.value.code == "valid_until_required"
    assert refused.value.field == "valid_until"
    assert str(weeks) in str(refused.value)


def test_a_ground_until_an_event_needs_no_valid_until():
    for ground in ("p27_1", "p27_4", "p27_6", "p27_7"):
        RULES_2027.check_extension(ground, False, None, date(2027, 1, 31), date(2027, 1, 20))
    RULES_2027.check_extension("p27_5", True, None, date(2027, 1, 31), date(2027, 1, 20))


# --- follow-up per § 13 b ------------------------------------------------------------------


def plan(rules, absences, on, **kwargs):
    kwargs.setdefault("employment", "employee")
    kwargs.setdefault("held", [])
    return [(d.reason, d.due, d.status) for d in rules.follow_up_plan(
        absences=absences, on=on, **kwargs)]


def test_the_first_conversation_is_due_by_the_end_of_week_8_and_four_by_six_months():
    # § 13 b, stk. 1: first by 2026-01-05 + 55 = 2026-03-01; four by 2026-07-04
    # (2026-01-05 + 6 months - 1 day).
    assert plan(RULES_2026, [Absence(date(2026, 1, 5))], date(2026, 2, 1)) == [
        ("first", date(2026, 3, 1), "open"), ("minimum", date(2026, 7, 4), "open")]


def test_three_conversations_do_not_meet_the_six_month_minimum_and_four_do():
    # § 13 b, stk. 1: "mindst fire gange inden for det første halve år".
    absences = [Absence(date(2026, 1, 5))]
    three = [date(2026, 2, 20), date(2026, 4, 1), date(2026, 6, 1)]
    assert plan(RULES_2026, absences, date(2026, 7, 5), held=three) == [
        ("first", date(2026, 3, 1), "met"), ("minimum", date(2026, 7, 4), "overdue")]
    four = [*three, date(2026, 7, 4)]
    assert plan(RULES_2026, absences, date(2026, 7, 5), held=four) == [
        ("first", date(2026, 3, 1), "met"), ("minimum", date(2026, 7, 4), "met")]


def test_the_six_months_end_at_a_month_end_and_across_february():
    # Six months from 2026-08-31: add_months clamps to 2027-02-28, less a day: 2027-02-27.
    # From 2027-09-01 the first six months end 2028-02-29 (leap year).
    assert ("minimum", date(2027, 2, 27), "open") in plan(
        RULES_2026, [Absence(date(2026, 8, 31))], date(2026, 9, 1))
    assert ("minimum", date(2028, 2, 29), "open") in plan(
        RULES_2027, [Absence(date(2027, 9, 1))], date(2027, 9, 2))
    # Week 8 from 2028-01-05 is the leap day.
    assert ("first", date(2028, 2, 29), "open") in plan(
        RULES_2027, [Absence(date(2028, 1, 5))], date(2028, 1, 6))


def test_a_new_absence_after_a_gap_starts_its_own_week_8_and_touching_ones_do_not():
    # DOMAIN.md, Follow-up conversations: "A new absence after a gap starts its own week 8".
    gap = [Absence(date(2026, 1, 5), date(2026, 2, 28)), Absence(date(2026, 4, 1))]
    assert plan(RULES_2026, gap, date(2026, 4, 2), held=[date(2026, 2, 20)])[0] == (
        "first", date(2026, 5, 26), "open")  # 2026-04-01 + 55; February's does not count
    touching = [Absence(date(2026, 1, 5), date(2026, 3, 31)), Absence(date(2026, 4, 1))]
    assert plan(RULES_2026, touching, date(2026, 4, 2), held=[date(2026, 2, 20)])[0] == (
        "first", date(2026, 3, 1), "met")


def test_an_early_follow_up_request_brings_the_first_conversation_within_14_days():
    # § 13 b, stk. 2: "senest 2 uger efter" the request (§§ 7 c, 7 e).
    absences = [Absence(date(2026, 3, 2))]
    assert plan(RULES_2026, absences, date(2026, 3, 10), early_requests=[date(2026, 3, 9)])[0] \
        == ("early", date(2026, 3, 23), "open")
    # A request whose 14 days end after week 8 changes nothing (2026-03-02 + 55 = 04-26).
    assert plan(RULES_2026, absences, date(2026, 4, 20), early_requests=[date(2026, 4, 20)])[0] \
        == ("first", date(2026, 4, 26), "open")


def test_after_six_months_follow_up_is_as_agreed_and_met_from_the_day_recorded():
    # § 13 b, stk. 1, 3. pkt.: "Efter de første 6 måneder aftales opfølgningen".
    absences = [Absence(date(2026, 1, 5))]
    held = [date(2026, 2, 20), date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    agreed = dict(agreed_on=date(2026, 9, 15), agreed_recorded_on=date(2026, 8, 1))
    assert plan(RULES_2026, absences, date(2026, 8, 2), held=held, **agreed)[-1] == (
        "agreed", date(2026, 9, 15), "open")
    assert plan(RULES_2026, absences, date(2026, 9, 16), held=held, **agreed)[-1] == (
        "agreed", date(2026, 9, 15), "overdue")
    assert plan(RULES_2026, absences, date(2026, 9, 16), held=[*held, date(2026, 9, 10)],
                **agreed)[-1] == ("agreed", date(2026, 9, 15), "met")
    # Without an agreement, no automatic clock after six months.
    assert [r for r, _d, _s in plan(RULES_2026, absences, date(2026, 9, 16), held=held)] == [
        "first", "minimum"]


def test_nothing_falls_due_after_the_absence_has_ended():
    # Back at work on 2026-02-15, before week 8 (2026-03-01): no conversation is due.
    assert plan(RULES_2026, [Absence(date(2026, 1, 5), date(2026, 2, 15))],
                date(2026, 3, 10)) == []


def test_2026_employed_people_expected_back_within_26_weeks_are_exempt():
    # lov nr. 1750/2025: "Sygemeldte i ansættelse, der forventes raskmeldt inden 26 uger,
    # fritages som udgangspunkt for kommunal opfølgning og samtaler".
    absences = [Absence(date(2026, 3, 2))]
    within = date(2026, 3, 2) + timedelta(weeks=26)
    assert RULES_2026.follow_up_regime(
        employment="employee", absence_start=date(2026, 3, 2), expected_return_date=within,
        first_conversation=date(2026, 4, 26)) == "exempt"
    assert plan(RULES_2026, absences, date(2026, 3, 10), expected_return_date=within) == []
    # A day later than 26 weeks, or not employed, or no expected date: standard.
    later = within + timedelta(days=1)
    assert plan(RULES_2026, absences, date(2026, 3, 10), expected_return_date=later)[0][0] \
        == "first"
    assert plan(RULES_2026, absences, date(2026, 3, 10), expected_return_date=within,
                employment="unemployed")[0][0] == "first"
    # An early request is still answered within 14 days.
    assert plan(RULES_2026, absences, date(2026, 3, 10), expected_return_date=within,
                early_requests=[date(2026, 3, 9)]) == [("early", date(2026, 3, 23), "open")]


def test_2025_a_predictable_course_needs_the_first_conversation_and_a_return_check():
    # § 13 f (2025, secondary source): back within 13 weeks of the first conversation.
    absences = [Absence(date(2025, 3, 3))]
    first_due = date(2025, 3, 3) + timedelta(days=55)  # 2025-04-27
    back = first_due + timedelta(weeks=13)
    result = RULES_2025.follow_up_plan(absences=absences, employment="employee", held=[],
                                       on=date(2025, 3, 10), expected_return_date=back)
    assert [(d.reason, d.due, d.statutory) for d in result] == [
        ("first", first_due, True), ("return_check", back, False)]
    # The 2014 rules had no exemption.
    assert RULES_2014.follow_up_regime(
        employment="employee", absence_start=date(2024, 3, 3), expected_return_date=back,
        first_conversation=first_due) == "standard"


def test_the_return_check_is_met_once_the_absence_has_ended():
    back = date(2025, 6, 1)
    absences = [Absence(date(2025, 3, 3), date(2025, 5, 30))]
    result = RULES_2025.follow_up_plan(absences=absences, employment="employee",
                                       held=[date(2025, 4, 10)], on=date(2025, 6, 2),
                                       expected_return_date=back)
    assert [(d.reason, d.status) for d in result] == [("first", "met"),
                                                     ("return_check", "met")]
