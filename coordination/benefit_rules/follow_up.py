"""Follow-up conversations: when they are due, which the law requires (the regime), and the
GP's certificate (LÆ 285) for the first one.

``FollowUpRules`` is the part of a ``RuleSet`` that plans follow-up; it reads the rule
set's figures ``first_follow_up_after_days``, ``early_follow_up_within_days``,
``minimum_conversations``, ``minimum_period_months``, ``return_check_within_weeks`` and
``exempt_within_weeks``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from coordination.benefit_rules.clock import add_months, current_absence
from coordination.benefit_rules.values import ONGOING, Absence, ExtensionRefused, FollowUpDue


class FollowUpRules:
    """The follow-up rules of a ``RuleSet`` (DOMAIN.md, Follow-up conversations)."""

    first_follow_up_after_days: int
    early_follow_up_within_days: int
    minimum_conversations: int
    minimum_period_months: int
    return_check_within_weeks: int | None
    exempt_within_weeks: int | None

    def first_follow_up_due(self, first_absence_day: date) -> date:
        """DOMAIN.md, Follow-up conversations, rule 1 (sygedagpengeloven § 13 b, stk. 1,
        2. pkt.): by the end of week 8 of the absence, its first day + 55 days."""
        return first_absence_day + timedelta(days=self.first_follow_up_after_days)

    def next_follow_up_due(self, first_absence_day: date, held_follow_ups: Iterable[date]) -> date:
        """The next follow-up due for an ongoing absence from ``first_absence_day`` with no
        regime, request or agreement: see ``follow_up_plan`` for the whole rule."""
        held = list(held_follow_ups)
        plan = self.follow_up_plan(
            absences=[Absence(first_absence_day)], employment="employee",
            held=held, on=max([first_absence_day, *held]),
        )
        pending = [d.due for d in plan if d.status != "met"]
        return min(pending) if pending else plan[-1].due

    def follow_up_regime(
        self, *, employment: str, absence_start: date, expected_return_date: date | None,
        first_conversation: date,
    ) -> str:
        """Which follow-up conversations the law requires: one of FOLLOW_UP_REGIMES.

        DOMAIN.md, Follow-up conversations, "Exemptions". ``exempt``: an employed person
        expected back within ``exempt_within_weeks`` of the absence's first day (lov nr.
        1750/2025, from ``RULES_2026``); ``return_check``: an employed person expected
        back within ``return_check_within_weeks`` of the first conversation (§ 13 f, from
        ``RULES_2025``); otherwise ``standard``. Without an expected return date, or for
        anyone not employed, ``standard``.
        """
        if employment != "employee" or expected_return_date is None:
            return "standard"
        if self.exempt_within_weeks is not None and expected_return_date <= (
            absence_start + timedelta(weeks=self.exempt_within_weeks)
        ):
            return "exempt"
        if self.return_check_within_weeks is not None and expected_return_date <= (
            first_conversation + timedelta(weeks=self.return_check_within_weeks)
        ):
            return "return_check"
        return "standard"

    def follow_up_plan(
        self,
        *,
        absences: Iterable[Absence],
        employment: str,
        held: Iterable[date],
        on: date,
        early_requests: Iterable[date] = (),
        agreed_on: date | None = None,
        agreed_recorded_on: date | None = None,
        expected_return_date: date | None = None,
    ) -> list[FollowUpDue]:
        """The follow-up deadlines of the current absence as they stand on ``on``.

        DOMAIN.md, Follow-up conversations (sygedagpengeloven § 13 b, stk. 1 and 2, LBK
        nr. 1179 af 21.09.2023, elov.dk/sygedagpengeloven/paragraf/13b):

        - ``first``: the first conversation by the end of week 8 of the **current**
          uninterrupted absence (its first day + 55 days); a request for early follow-up
          made in this absence brings it forward to the request + 14 days (§ 13 b, stk. 2:
          "senest 2 uger efter"), whichever is sooner;
        - ``minimum``: at least four conversations held from the absence's first day to
          the end of its first six months (first day + 6 months - 1 day);
        - ``agreed``: after that, the date the consultant recorded with the person (§ 13 b,
          stk. 1, 3. pkt.: "Efter de første 6 måneder aftales opfølgningen"), met by a
          conversation held from the day it was recorded;
        - ``return_check`` (regime ``return_check``): after the first conversation only a
          check on the expected return date (§ 13 f); a reminder, not a conversation;
        - regime ``exempt``: no conversation is required, except one asked for early.

        A deadline is ``met`` once a conversation answering it is held (a late one too:
        the overdue notice has been sent by then), ``overdue`` after its day without one.
        Nothing is due after an absence that has ended. Only what had happened by ``on``
        counts. Held conversations outside the current absence do not count.
        """
        absences = list(absences)
        current = current_absence(absences, on)
        if current is None:
            return []
        start, last = current
        held_here = sorted(d for d in held if start <= d <= min(on, last))
        requests = sorted(d for d in early_requests if start <= d <= on)
        week_8 = self.first_follow_up_due(start)
        first_due = min([week_8, *(r + timedelta(days=self.early_follow_up_within_days)
                                   for r in requests)])
        first_held = held_here[0] if held_here else None
        regime = self.follow_up_regime(
            employment=employment, absence_start=start,
            expected_return_date=expected_return_date,
            first_conversation=first_held or first_due,
        )

        def status(due: date, met: bool) -> str:
            if met:
                return "met"
            return "overdue" if on > due else "open"

        plan: list[FollowUpDue] = []
        if regime != "exempt" or requests:
            plan.append(FollowUpDue(
                "first" if not requests or first_due == week_8 else "early",
                first_due, status(first_due, first_held is not None), True,
            ))
        if regime == "standard":
            six_months_end = add_months(start, self.minimum_period_months) - timedelta(days=1)
            in_six = [d for d in held_here if d <= six_months_end]
            plan.append(FollowUpDue(
                "minimum", six_months_end,
                status(six_months_end, len(in_six) >= self.minimum_conversations), True,
            ))
            if (agreed_on is not None and agreed_recorded_on is not None
                    and start <= agreed_recorded_on <= on and agreed_on > six_months_end):
                met = any(d >= agreed_recorded_on for d in held_here)
                plan.append(FollowUpDue("agreed", agreed_on, status(agreed_on, met), True))
        elif regime == "return_check" and expected_return_date is not None:
            met = last != ONGOING and last <= min(on, expected_return_date)
            plan.append(FollowUpDue(
                "return_check", expected_return_date, status(expected_return_date, met), False,
            ))
        # Nothing falls due after the absence has ended, only what was due while it lasted.
        if last != ONGOING and last < on:
            plan = [d for d in plan if d.due <= last or d.status == "met"]
        # One deadline a day (the stored Deadline is unique per case, kind and day).
        by_day: dict[date, FollowUpDue] = {}
        for due in plan:
            by_day.setdefault(due.due, due)
        return sorted(by_day.values(), key=lambda d: d.due)


# --- LÆ 285: the GP's certificate for the first follow-up conversation ------------------

# Bekendtgørelse om opfølgning i sygedagpengesager (bek. nr. 1710 af 30.12.2024) § 11,
# stk. 3: the certificate "senest skal foreligge samtidig med opfølgningssamtalen. Fristen
# skal så vidt muligt være på 14 dage fra afsendelsen af anmodningen. Fristen kan dog
# fastsættes til minimum 8 dage …, hvis kommunen ellers ikke kan nå at få lægeattesten til
# den første opfølgningssamtale."
# (https://www.elov.dk/bekendtgoerelse-om-opfoelgning-i-sygedagpengesager/paragraf/11)
CERTIFICATE_USUAL_DAYS = 14
CERTIFICATE_MIN_DAYS = 8


def certificate_due(requested_on: date, first_follow_up_due: date | None) -> date:
    """The default due day of a LÆ 285 certificate requested on ``requested_on``: 14 days,
    shortened to the first follow-up conversation's day, but never below 8 days."""
    due = requested_on + timedelta(days=CERTIFICATE_USUAL_DAYS)
    if first_follow_up_due is not None and first_follow_up_due < due:
        due = max(first_follow_up_due, requested_on + timedelta(days=CERTIFICATE_MIN_DAYS))
    return due


def check_certificate(requested_on: date, due: date, received_on: date | None) -> None:
    """Refuse a due day under 8 days from the request, and a receipt before the request."""
    if due < requested_on + timedelta(days=CERTIFICATE_MIN_DAYS):
        raise ExtensionRefused(
            "certificate_due_too_soon",
            f"The doctor must have at least {CERTIFICATE_MIN_DAYS} days: the certificate can "
            f"be due {requested_on + timedelta(days=CERTIFICATE_MIN_DAYS)} at the earliest.",
            "due",
        )
    if received_on is not None and received_on < requested_on:
        raise ExtensionRefused(
            "invalid", "The certificate cannot arrive before it was requested.", "received_on"
        )


def certificate_status(on: date, due: date, received_on: date | None) -> str:
    """``met`` once received by its due day, ``overdue`` after it without, else ``open``
    (as the reassessment deadline: a late receipt does not make it met)."""
    if received_on is not None and received_on <= min(on, due):
        return "met"
    return "overdue" if on > due else "open"
