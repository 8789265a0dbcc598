"""Sickness benefit rules: the reassessment time (week 22), the extension grounds, follow-ups.

Pure functions over plain values (no ORM), so views, the API, the daily deadline sweep
and bulk recomputation all share one implementation. DOMAIN.md is the specification and
each public method names the rule it implements.

The law changed in 2014 and is changing again with the 2024-2026 employment reforms, so
the rules form dated rule sets: a reform is a new ``RuleSet`` subclass with a later
``effective_from`` added to ``RULE_SETS``; callers ask ``rules_for(day)`` and never name
a rule set themselves.

One module a seam; import from the package (``from coordination.benefit_rules import …``):

- ``values``: the codes and the plain values (Absence, Decision, FollowUpDue, ExtensionRefused);
- ``clock``: months, benefit days and weeks, week 22; § 24 a and § 25;
- ``follow_up``: the follow-up plan and regime; the LÆ 285 certificate;
- ``extensions``: what a decision may say (§ 27); the hearing (§ 19); p27_3's waiting time;
- ``grounds``: the seven grounds and ``none``, in each period's words;
- ``rule_sets``: ``RuleSet``, the dated rule sets, ``rules_for``.
"""

from coordination.benefit_rules.clock import (
    HOLIDAYS_LEFT_OUT_OF_COUNT,
    PENSIONER_LIMIT_DAYS,
    PENSIONER_WINDOW_MONTHS,
    ClockRules,
    absence_starts,
    add_months,
    current_absence,
    is_pensioner_rules,
    month_end,
    month_start,
    pensioner_rules,
    relapse_after_limit,
    uninterrupted_absences,
)
from coordination.benefit_rules.extensions import (
    HEARING_DEFAULT_RESPONSE_DAYS,
    HEARING_MIN_RESPONSE_DAYS,
    HEARING_STATUSES,
    P27_3_WEEKS,
    ExtensionRules,
    check_extension_with_waiting,
    check_hearing,
    hearing_needed,
    hearing_status,
    p27_3_limit,
    waiting_days_after,
)
from coordination.benefit_rules.follow_up import (
    CERTIFICATE_MIN_DAYS,
    CERTIFICATE_USUAL_DAYS,
    FollowUpRules,
    certificate_due,
    certificate_status,
    check_certificate,
)
from coordination.benefit_rules.grounds import Ground
from coordination.benefit_rules.rule_sets import (
    RULE_SETS,
    RULES_2014,
    RULES_2025,
    RULES_2026,
    RULES_2027,
    Rules2014,
    Rules2025,
    Rules2026,
    Rules2027,
    RuleSet,
    ground_on,
    none_outcome,
    rules_for,
)
from coordination.benefit_rules.values import (
    ABSENCE_KINDS,
    CASE_STATUSES,
    EARLY_FOLLOW_UP_REQUESTERS,
    EMPLOYMENTS,
    EXTENSION_GROUND_CODES,
    FOLLOW_UP_REGIMES,
    GROUND_CODES,
    Absence,
    Decision,
    ExtensionRefused,
    FollowUpDue,
)

__all__ = [
    "ABSENCE_KINDS",
    "CASE_STATUSES",
    "CERTIFICATE_MIN_DAYS",
    "CERTIFICATE_USUAL_DAYS",
    "EARLY_FOLLOW_UP_REQUESTERS",
    "EMPLOYMENTS",
    "EXTENSION_GROUND_CODES",
    "FOLLOW_UP_REGIMES",
    "GROUND_CODES",
    "HEARING_DEFAULT_RESPONSE_DAYS",
    "HEARING_MIN_RESPONSE_DAYS",
    "HEARING_STATUSES",
    "HOLIDAYS_LEFT_OUT_OF_COUNT",
    "P27_3_WEEKS",
    "PENSIONER_LIMIT_DAYS",
    "PENSIONER_WINDOW_MONTHS",
    "RULES_2014",
    "RULES_2025",
    "RULES_2026",
    "RULES_2027",
    "RULE_SETS",
    "Absence",
    "ClockRules",
    "Decision",
    "ExtensionRefused",
    "ExtensionRules",
    "FollowUpDue",
    "FollowUpRules",
    "Ground",
    "RuleSet",
    "Rules2014",
    "Rules2025",
    "Rules2026",
    "Rules2027",
    "absence_starts",
    "add_months",
    "certificate_due",
    "certificate_status",
    "check_certificate",
    "check_extension_with_waiting",
    "check_hearing",
    "current_absence",
    "ground_on",
    "hearing_needed",
    "hearing_status",
    "is_pensioner_rules",
    "month_end",
    "month_start",
    "none_outcome",
    "p27_3_limit",
    "pensioner_rules",
    "relapse_after_limit",
    "rules_for",
    "uninterrupted_absences",
    "waiting_days_after",
]
