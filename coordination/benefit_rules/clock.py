"""The benefit clock: calendar months, benefit days and weeks, the reassessment date (week
22), and the time limit's variants (§ 24 a after the limit, § 25 for pensioners).

``ClockRules`` is the part of a ``RuleSet`` that counts; it reads the rule set's figures
``employer_periods``, ``window_months`` and ``reassessment_after_days``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from coordination.benefit_rules.values import ONGOING, Absence

# Søgnehelligdage (weekday public holidays) are NOT left out of the count. Sygedagpengeloven
# § 24, stk. 1 measures "mere end 22 uger i de forudgående 9 kalendermåneder" (calendar
# time), and § 30, stk. 1 says the employer period of 30 kalenderdage "forlænges ikke, selv
# om der i perioden forekommer søgnehelligdage" (https://danskelove.dk/sygedagpengeloven/30).
# What is withheld on a weekday holiday is the payment for that day, not the day's place in
# the period. So the clock counts calendar days and keeps no holiday calendar.
HOLIDAYS_LEFT_OUT_OF_COUNT = False


# --- month arithmetic -------------------------------------------------------------------


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day past the target month's end is clamped."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


# --- counting benefit days --------------------------------------------------------------


def uninterrupted_absences(absences: Iterable[Absence]) -> list[tuple[date, date]]:
    """Sorted (first, last) days of each uninterrupted absence; ``last`` is ``date.max``
    while it is ongoing.

    DOMAIN.md, Sickness benefit, rule 2 (sygedagpengeloven § 24: "de første 30
    kalenderdage af fraværsperioden"): recorded periods that touch (the next starts the
    day after the last ends) or overlap are one absence; a gap of a day or more starts a
    new one.
    """
    periods = sorted((a.start, ONGOING if a.end is None else a.end) for a in absences)
    merged: list[tuple[date, date]] = []
    for first, last in periods:
        # Subtracting (not adding a day) stays safe when the previous one is ongoing.
        if merged and (first - merged[-1][1]).days <= 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def current_absence(absences: Iterable[Absence], on: date) -> tuple[date, date] | None:
    """The uninterrupted absence going on on ``on``, else the latest one begun by then."""
    current = None
    for first, last in uninterrupted_absences(absences):
        if first <= on:
            current = (first, last)
    return current


def benefit_spans(absences: Iterable[Absence], employer_days: int) -> list[tuple[date, date]]:
    """Sorted, disjoint (first, last) day spans of benefit days.

    Each uninterrupted absence loses one employer period at its start (DOMAIN.md rule 2);
    a day counts once however many recorded periods cover it.
    """
    spans = []
    for start, last in uninterrupted_absences(absences):
        first = start + timedelta(days=employer_days)
        if first <= last:
            spans.append((first, last))
    return spans


def days_within(spans: list[tuple[date, date]], start: date, end: date) -> int:
    total = 0
    for first, last in spans:
        low, high = max(first, start), min(last, end)
        if low <= high:
            total += (high - low).days + 1
    return total


# --- the rule set's counting ------------------------------------------------------------


class ClockRules:
    """The counting rules of a ``RuleSet`` (DOMAIN.md, Sickness benefit)."""

    window_months: int
    reassessment_after_days: int
    employer_periods: dict[str, int]

    def employer_period_days(self, employment: str) -> int:
        """DOMAIN.md, Sickness benefit, rule 2: the employer period's length (2014: 30 or 14)."""
        try:
            return self.employer_periods[employment]
        except KeyError:
            raise ValueError(f"unknown employment {employment!r}") from None

    def benefit_days(
        self, absences: Iterable[Absence], employment: str, start: date, end: date
    ) -> int:
        """Benefit days from ``start`` to ``end`` inclusive.

        DOMAIN.md, Sickness benefit, rules 1 and 2: every calendar day covered by an
        absence period (partial leave counts whole), less the first 30 (employee) or 14
        (self-employed, unemployed) days of each period. An ongoing period never ends.
        A day that any period pays benefit on counts once, however many periods cover it.
        """
        spans = benefit_spans(absences, self.employer_period_days(employment))
        return days_within(spans, start, end)

    def reassessment_date(self, absences: Iterable[Absence], employment: str) -> date | None:
        """The first month-end whose 9-month window holds more than 154 benefit days.

        DOMAIN.md, Sickness benefit, rules 3 and 5. Ongoing absence continues, so a date
        is always found; with every absence ended and the threshold never passed: None.
        """
        spans = benefit_spans(absences, self.employer_period_days(employment))
        if not spans:
            return None
        # Windows before the first benefit day are empty, so start the scan there; once the
        # last benefit day is inside a window, later windows can only hold fewer days. An
        # ongoing span fills a whole window 9 months after it starts (273+ days > 154).
        first_benefit_day, last_benefit_day = spans[0][0], spans[-1][1]
        if last_benefit_day == ONGOING:
            last_month = month_end(add_months(spans[-1][0], self.window_months))
        else:
            last_month = month_end(last_benefit_day)
        month = month_end(first_benefit_day)
        while month <= last_month:
            window_start = month_start(add_months(month, 1 - self.window_months))
            if days_within(spans, window_start, month) > self.reassessment_after_days:
                return month
            month = month_end(month + timedelta(days=1))
        return None

    def benefit_weeks_used(
        self, absences: Iterable[Absence], employment: str, as_of: date
    ) -> Decimal:
        """Weeks of benefit used in the 9-month window up to ``as_of``, to one decimal.

        DOMAIN.md, Sickness benefit, rule 4: benefit days from the first day of the window
        of 9 calendar months ending with ``as_of``'s month, up to and including ``as_of``,
        divided by 7 and rounded half up.
        """
        window_start = month_start(add_months(as_of, 1 - self.window_months))
        days = self.benefit_days(absences, employment, window_start, as_of)
        return (Decimal(days) / 7).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- § 24 a: a new absence after the limit was reached --------------------------------


def absence_starts(absences: Iterable[Absence]) -> list[date]:
    """The first days of each uninterrupted absence: periods that touch (the next starts the
    day after the last ends) are one absence (DOMAIN.md, Sickness benefit, rule 2)."""
    return [first for first, _last in uninterrupted_absences(absences)]


def relapse_after_limit(
    rules: ClockRules, absences: Iterable[Absence], employment: str
) -> date | None:
    """The first day of a new absence that began with the limit already reached, or None.

    Sygedagpengeloven § 24 a, stk. 1: a person who "på første nye sygefraværsdag har
    modtaget sygedagpenge i 22 uger inden for de sidste 9 kalendermåneder" is "omfattet af
    tidsbegrænsningen" and gets no new sickness-benefit period (before 2027:
    jobafklaringsforløb after the employer period, § 24 a, stk. 2). Source: STAR,
    "Jobafklaringsforløb til personer omfattet af tidsbegrænsning i sygedagpengeloven";
    vejledning nr. 9078 af 13.2.2020, pkt. 7. The window is the rule set's (9 calendar
    months, 12 for § 25) ending with the month before the new first day, plus that month's
    days before it; "more than" the threshold, as in § 24, stk. 1.
    """
    absences = list(absences)
    for first_day in absence_starts(absences)[1:]:
        window_start = month_start(add_months(first_day, -rules.window_months))
        used = rules.benefit_days(absences, employment, window_start, first_day - timedelta(days=1))
        if used > rules.reassessment_after_days:
            return first_day
    return None


# --- § 25: pensioners, 26 weeks in 12 calendar months -----------------------------------

PENSIONER_WINDOW_MONTHS = 12
PENSIONER_LIMIT_DAYS = 26 * 7  # "mere end 26 uger": the 183rd day passes it


Rules = TypeVar("Rules", bound=ClockRules)


def pensioner_rules(rule_set: Rules) -> Rules:
    """``rule_set`` with § 25's figures for a pensioner.

    Sygedagpengeloven § 25, stk. 1: payment ends after a calendar month "når der er udbetalt
    sygedagpenge … for mere end 26 uger i de 12 forudgående kalendermåneder" to a person who
    receives senior or disability pension, meets its health conditions, or has reached the
    state pension age; stk. 3 applies § 24, stk. 3 and 4 to the count
    (https://www.elov.dk/sygedagpengeloven/paragraf/25/). Everything else (the employer
    period, the month-end scan, the grounds) is the rule set's own, so a later rule set
    (RULES_2027) gets § 25 the same way.
    """
    return _pensioner_class(type(rule_set))()


_PENSIONER_CLASSES: dict[type, type] = {}


def _pensioner_class(base: type) -> type:
    if base not in _PENSIONER_CLASSES:
        _PENSIONER_CLASSES[base] = type(
            f"{base.__name__}Pensioner",
            (base,),
            {
                "window_months": PENSIONER_WINDOW_MONTHS,
                "reassessment_after_days": PENSIONER_LIMIT_DAYS,
                "name": f"{base.name} — § 25 (pensioner: 26 weeks in 12 months)",
                "is_pensioner_rules": True,
            },
        )
    return _PENSIONER_CLASSES[base]


def is_pensioner_rules(rule_set: ClockRules) -> bool:
    return getattr(rule_set, "is_pensioner_rules", False)
