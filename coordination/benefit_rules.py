"""Sickness benefit rules: the reassessment time (week 22), the extension grounds, follow-ups.

Pure functions over plain values (no ORM), so views, the API, the daily deadline sweep
and bulk recomputation all share one implementation. DOMAIN.md is the specification and
each public method names the rule it implements.

The law changed in 2014 and is changing again with the 2024-2026 employment reforms, so
the rules form dated rule sets: a reform is a new ``RuleSet`` subclass with a later
``effective_from`` added to ``RULE_SETS``; callers ask ``rules_for(day)`` and never name
a rule set themselves.
"""

from __future__ import annotations

import calendar
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ibbis.errors import DomainError

EMPLOYMENTS = ("employee", "self_employed", "unemployed")
ABSENCE_KINDS = ("full", "partial")
EXTENSION_GROUND_CODES = ("p27_1", "p27_2", "p27_3", "p27_4", "p27_5", "p27_6", "p27_7")
GROUND_CODES = (*EXTENSION_GROUND_CODES, "none")
CASE_STATUSES = ("active", "extended", "job_clarification", "reduced_benefit", "closed")
# DOMAIN.md, Follow-up conversations: which conversations the law requires of a case.
FOLLOW_UP_REGIMES = ("standard", "return_check", "exempt")
EARLY_FOLLOW_UP_REQUESTERS = ("employer", "employee")

# Stands in for the end of an ongoing absence: later than any day we are asked about.
_ONGOING = date.max


@dataclass(frozen=True)
class Absence:
    """A recorded absence period; ``end=None`` means it is still going on."""

    start: date
    end: date | None = None
    kind: str = "full"

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"absence ends ({self.end}) before it starts ({self.start})")
        if self.kind not in ABSENCE_KINDS:
            raise ValueError(f"unknown absence kind {self.kind!r}")


@dataclass(frozen=True)
class Decision:
    """The employment consultant's reassessment decision: an extension ground or ``none``."""

    ground: str
    decided_on: date
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if self.ground not in GROUND_CODES:
            raise ValueError(f"unknown ground {self.ground!r}")


@dataclass(frozen=True)
class Ground:
    """One § 27 extension ground (or ``none``), with words a service user can follow."""

    code: str
    needs_medical_evidence: bool
    max_weeks: int | None
    label_en: str
    label_da: str
    plain_en: str
    plain_da: str

    # The one source of a ground's words (issue 16): pages, the API, the export and the
    # timeline all read them here, through ground_on's dated texts.
    def label_in(self, language: str | None) -> str:
        """The short name in ``language`` (a language code; Danish unless English)."""
        return self.label_da if (language or "da").startswith("da") else self.label_en

    def plain_in(self, language: str | None) -> str:
        """The plain explanation in ``language``."""
        return self.plain_da if (language or "da").startswith("da") else self.plain_en


@dataclass(frozen=True)
class FollowUpDue:
    """One follow-up deadline: ``reason`` is first, early, minimum, agreed or return_check;
    ``statutory`` is False for what the law does not require as a conversation (the
    return check), so a manager is not told when it is overdue."""

    reason: str
    due: date
    status: str
    statutory: bool = True


class ExtensionRefused(DomainError):
    """An extension decision the rules do not allow; ``code`` is stable, the message is not
    (API: 400 `{"detail", "code"}`)."""


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
    periods = sorted((a.start, _ONGOING if a.end is None else a.end) for a in absences)
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


def _benefit_spans(absences: Iterable[Absence], employer_days: int) -> list[tuple[date, date]]:
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


def _days_within(spans: list[tuple[date, date]], start: date, end: date) -> int:
    total = 0
    for first, last in spans:
        low, high = max(first, start), min(last, end)
        if low <= high:
            total += (high - low).days + 1
    return total


# --- the rule set interface -------------------------------------------------------------


class RuleSet(ABC):
    """The rules in force from ``effective_from``; see DOMAIN.md for each rule.

    A subclass states the law's figures. A reform that only changes figures sets new
    ones; a reform that changes how something is counted also overrides that method.
    """

    window_months: int
    reassessment_after_days: int
    first_follow_up_after_days: int
    early_follow_up_within_days: int
    minimum_conversations: int
    minimum_period_months: int
    # The follow-up exemptions (None: not in this rule set).
    return_check_within_weeks: int | None = None
    exempt_within_weeks: int | None = None
    # What a `none` decision at a reassessment in this rule set's time leads to.
    none_outcome: str = "job_clarification"
    # Where the rule set's figures and dates come from.
    source: str = ""

    @property
    @abstractmethod
    def name(self) -> str: ...

    @property
    @abstractmethod
    def effective_from(self) -> date: ...

    @property
    @abstractmethod
    def grounds(self) -> dict[str, Ground]: ...

    @property
    @abstractmethod
    def employer_periods(self) -> dict[str, int]: ...

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
        spans = _benefit_spans(absences, self.employer_period_days(employment))
        return _days_within(spans, start, end)

    def reassessment_date(self, absences: Iterable[Absence], employment: str) -> date | None:
        """The first month-end whose 9-month window holds more than 154 benefit days.

        DOMAIN.md, Sickness benefit, rules 3 and 5. Ongoing absence continues, so a date
        is always found; with every absence ended and the threshold never passed: None.
        """
        spans = _benefit_spans(absences, self.employer_period_days(employment))
        if not spans:
            return None
        # Windows before the first benefit day are empty, so start the scan there; once the
        # last benefit day is inside a window, later windows can only hold fewer days. An
        # ongoing span fills a whole window 9 months after it starts (273+ days > 154).
        first_benefit_day, last_benefit_day = spans[0][0], spans[-1][1]
        if last_benefit_day == _ONGOING:
            last_month = month_end(add_months(spans[-1][0], self.window_months))
        else:
            last_month = month_end(last_benefit_day)
        month = month_end(first_benefit_day)
        while month <= last_month:
            window_start = month_start(add_months(month, 1 - self.window_months))
            if _days_within(spans, window_start, month) > self.reassessment_after_days:
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
            met = last != _ONGOING and last <= min(on, expected_return_date)
            plan.append(FollowUpDue(
                "return_check", expected_return_date, status(expected_return_date, met), False,
            ))
        # Nothing falls due after the absence has ended, only what was due while it lasted.
        if last != _ONGOING and last < on:
            plan = [d for d in plan if d.due <= last or d.status == "met"]
        # One deadline a day (the stored Deadline is unique per case, kind and day).
        by_day: dict[date, FollowUpDue] = {}
        for due in plan:
            by_day.setdefault(due.due, due)
        return sorted(by_day.values(), key=lambda d: d.due)

    def _known_ground(self, code: str) -> Ground:
        try:
            return self.grounds[code]
        except KeyError:
            raise ExtensionRefused(
                "unknown_ground", f"{code!r} is not an extension ground.", "ground"
            ) from None

    def max_valid_until(
        self, ground: str, reassessment_date: date | None, decided_on: date
    ) -> date | None:
        """The latest ``valid_until`` a ground allows; None when it has no fixed limit.

        DOMAIN.md, The seven extension grounds, "longest extension": 69 weeks (p27_2) or
        134 weeks (p27_3) from the reassessment date. Without a reassessment date the
        limit runs from the decision day, so a capped ground never becomes uncapped.
        """
        max_weeks = self._known_ground(ground).max_weeks
        if max_weeks is None:
            return None
        counted_from = reassessment_date if reassessment_date is not None else decided_on
        return counted_from + timedelta(weeks=max_weeks)

    def check_extension(
        self,
        ground: str,
        medical_evidence: bool,
        valid_until: date | None,
        reassessment_date: date | None,
        decided_on: date,
    ) -> None:
        """Raise ``ExtensionRefused`` unless the decision is allowed.

        DOMAIN.md, The seven extension grounds: a ground needing medical evidence without
        it is refused (checked first); a ``valid_until`` beyond the ground's longest
        extension is refused, and so is one without ``valid_until`` when the ground has a
        longest extension (``valid_until_required``); ``none`` extends nothing, so it takes
        no ``valid_until``.
        A ``valid_until`` before the decision day is refused as ``invalid``.
        """
        rule = self._known_ground(ground)
        if ground == "none":
            if valid_until is not None:
                raise ExtensionRefused(
                    "valid_until_not_allowed",
                    "A decision that no extension ground applies cannot have a valid-until "
                    "date.",
                    "valid_until",
                )
            return
        if rule.needs_medical_evidence and not medical_evidence:
            raise ExtensionRefused(
                "medical_evidence_required",
                f"Ground {ground} ({rule.label_en}) needs medical evidence.",
                "medical_evidence",
            )
        if valid_until is None:
            if rule.max_weeks is not None:
                # A ground with a longest extension (69 or 134 weeks) must say until when,
                # or its limit could never be checked (issue 14: accepted before).
                raise ExtensionRefused(
                    "valid_until_required",
                    f"Ground {ground} ({rule.label_en}) lasts at most {rule.max_weeks} weeks: "
                    "give the date it is valid until.",
                    "valid_until",
                )
            return
        if valid_until < decided_on:
            raise ExtensionRefused(
                "invalid",
                f"The valid-until date {valid_until} is before the decision date {decided_on}.",
                "valid_until",
            )
        limit = self.max_valid_until(ground, reassessment_date, decided_on)
        if limit is not None and valid_until > limit:
            raise ExtensionRefused(
                "extension_too_long",
                f"Ground {ground} allows at most {rule.max_weeks} weeks, until {limit}; "
                f"{valid_until} is later.",
                "valid_until",
            )

    def current_decision(self, decisions: Iterable, on: date):
        """The decision in force on ``on``: the latest taken by then (latest ``decided_on``;
        on a tie the last given, so pass them in the order they were made). ``None`` when
        there is none. Works on Decision values and on stored decisions alike."""
        current = None
        for decision in decisions:
            if decision.decided_on <= on and (
                current is None or decision.decided_on >= current.decided_on
            ):
                current = decision
        return current

    def case_status(
        self,
        on: date,
        reassessment_date: date | None,
        decisions: Iterable[Decision],
        closed_on: date | None = None,
    ) -> str:
        """The case's status on ``on``: one of CASE_STATUSES.

        DOMAIN.md, The seven extension grounds. ``closed`` from ``closed_on``. Otherwise
        the decision in force (``current_decision``) counts: ``none`` means, from the day
        after the reassessment date,
        ``job_clarification`` or ``reduced_benefit`` as the rule set in force on the
        reassessment date says (``none_outcome``); one of the seven means ``extended``
        until its ``valid_until`` (no ``valid_until``: no end). Anything else, or no
        decision, is ``active``.
        """
        if closed_on is not None and closed_on <= on:
            return "closed"
        current: Decision | None = self.current_decision(decisions, on)
        if current is None:
            return "active"
        if current.ground == "none":
            if reassessment_date is not None and on > reassessment_date:
                # Chosen by the reassessment date, never by the first absence day.
                return rules_for(reassessment_date).none_outcome
            return "active"
        if current.valid_until is None or on <= current.valid_until:
            return "extended"
        return "active"

    def reassessment_deadline_status(
        self, on: date, reassessment_date: date, decisions: Iterable[Decision]
    ) -> str:
        """``met``, ``overdue`` or ``open`` for the reassessment deadline on ``on``.

        DOMAIN.md, Sickness benefit (after the worked example): met once a decision is
        recorded on or before the reassessment date, overdue after it without one.
        """
        if any(d.decided_on <= min(on, reassessment_date) for d in decisions):
            return "met"
        return "overdue" if on > reassessment_date else "open"


# --- the 2014 rules ---------------------------------------------------------------------

# DOMAIN.md, "The seven extension grounds (§ 27, stk. 1)". Fields in Ground's order:
# code, needs_medical_evidence, max_weeks, labels, plain words. The plain words are shown
# to the service user, so they explain the law without sounding like a threat.
_GROUNDS_2014 = {
    ground.code: ground
    for ground in (
        Ground(
            "p27_1", False, None,
            "Vocational rehabilitation is expected", "Revalidering forventes",
            "It is likely that you will start vocational rehabilitation (for example a "
            "company placement) that can lead you back to ordinary work. Your sickness "
            "benefit continues until it starts.",
            "Det er sandsynligt, at du starter revalidering (for eksempel en "
            "virksomhedspraktik), som kan føre dig tilbage til almindeligt arbejde. Dine "
            "sygedagpenge fortsætter, indtil den starter.",
        ),
        Ground(
            "p27_2", False, 69,
            "Clarifying your ability to work", "Afklaring af din arbejdsevne",
            "A company placement or other activities are needed to find out how much you "
            "can work. Your sickness benefit can continue for up to 69 weeks from your "
            "reassessment date.",
            "Der er brug for en virksomhedspraktik eller andre tilbud for at afklare, hvor "
            "meget du kan arbejde. Dine sygedagpenge kan fortsætte i op til 69 uger fra dit "
            "revurderingstidspunkt.",
        ),
        Ground(
            "p27_3", True, 134,
            "Medical treatment", "Lægelig behandling",
            "You are in or waiting for treatment, and a doctor thinks you can be back at "
            "work within 134 weeks of your reassessment date.",
            "Du er i behandling eller venter på behandling, og en læge vurderer, at du kan "
            "vende tilbage til arbejdet inden for 134 uger fra dit revurderingstidspunkt.",
        ),
        Ground(
            "p27_4", False, None,
            "Your case goes to the rehabilitation team", "Din sag skal i rehabiliteringsteamet",
            "Your case will be discussed by the rehabilitation team, which can recommend a "
            "resource programme, a flex-job or disability pension. Your sickness benefit "
            "continues until a decision is made.",
            "Din sag skal drøftes i rehabiliteringsteamet, som kan anbefale et "
            "ressourceforløb, fleksjob eller førtidspension. Dine sygedagpenge fortsætter, "
            "indtil der er truffet en afgørelse.",
        ),
        Ground(
            "p27_5", True, None,
            "Life-threatening, serious illness", "Livstruende, alvorlig sygdom",
            "A doctor has found that you have a life-threatening, serious illness. Your "
            "sickness benefit continues without a fixed end date, but your case is still "
            "reviewed from time to time.",
            "En læge har vurderet, at du har en livstruende, alvorlig sygdom. Dine "
            "sygedagpenge fortsætter uden en fast slutdato, men din sag bliver stadig fulgt "
            "op.",
        ),
        Ground(
            "p27_6", False, None,
            "Work-injury claim", "Arbejdsskadesag",
            "A claim for compensation for an injury at work has been opened. Your sickness "
            "benefit continues until the claim is decided.",
            "Der er rejst en sag om erstatning for en arbejdsskade. Dine sygedagpenge "
            "fortsætter, indtil der er truffet afgørelse i sagen.",
        ),
        Ground(
            "p27_7", False, None,
            "Disability pension applied for", "Ansøgning om førtidspension",
            "Your application for disability pension has been received. Your sickness "
            "benefit continues until the pension is decided.",
            "Din ansøgning om førtidspension er modtaget. Dine sygedagpenge fortsætter, "
            "indtil der er truffet afgørelse om pensionen.",
        ),
        Ground(
            "none", False, None,
            "None of the seven grounds applies", "Ingen af de syv muligheder passer",
            "None of the seven grounds fits your situation. If you still cannot work, you "
            "move to a job clarification programme (jobafklaringsforløb) the day after your "
            "reassessment date. It is paid as ressourceforløbsydelse, which is lower than "
            "sickness benefit.",
            "Ingen af de syv muligheder passer på din situation. Hvis du stadig ikke kan "
            "arbejde, overgår du til et jobafklaringsforløb dagen efter dit "
            "revurderingstidspunkt. Her får du ressourceforløbsydelse, som er lavere end "
            "sygedagpenge.",
        ),
    )
}


class Rules2014(RuleSet):
    """Sickness Benefit Act § 24 and § 27 as reformed in 2014; follow-up per § 13 b as it
    reads since 2020 (LBK nr. 1179 af 21.09.2023)."""

    name = "Sickness Benefit Act 2014 (sygedagpengeloven § 24, § 27)"
    effective_from = date(2014, 7, 1)
    source = (
        "sygedagpengeloven § 24, § 27, § 13 b, LBK nr. 1179 af 21.09.2023 "
        "(elov.dk/sygedagpengeloven/paragraf/13b, read 2026-12-01)"
    )
    grounds = _GROUNDS_2014
    employer_periods = {"employee": 30, "self_employed": 14, "unemployed": 14}
    window_months = 9
    reassessment_after_days = 22 * 7  # "more than 22 weeks": the 155th day passes it
    # § 13 b, stk. 1, 2. pkt.: "senest inden udgangen af ottende uge regnet fra første
    # fraværsdag": the end of week 8 is day 56, the first day + 55.
    first_follow_up_after_days = 55
    # § 13 b, stk. 2: "senest 2 uger efter, at den sygemeldte eller arbejdsgiveren har
    # anmodet kommunen om at iværksætte en tidlig opfølgning" (§§ 7 c, 7 e).
    early_follow_up_within_days = 14
    # § 13 b, stk. 1, 1. pkt.: "mindst fire gange inden for det første halve år regnet fra
    # første fraværsdag"; 3. pkt.: after six months, as agreed.
    minimum_conversations = 4
    minimum_period_months = 6
    none_outcome = "job_clarification"


class Rules2025(Rules2014):
    """§ 13 f from 2025-01-01: an employed person with a predictable course expected back
    within 13 weeks of the first conversation needs only a check on return (DOMAIN.md,
    Follow-up conversations, "Exemptions").

    Source, secondary only: the agreement "Forenkling af sygedagpengereglerne" of
    2024-03-14, in force 2025-01-01: "Ingen krav om samtaler udover den første
    opfølgningssamtale i korte og ukomplicerede forløb" (lundsteenwiederquist.dk, via
    /work/research/law14.md § 3). The 13 weeks and the paragraph number § 13 f come from
    DOMAIN.md and were NOT confirmed in a statutory text (docs/decisions.md)."""

    name = "Sickness Benefit Act with § 13 f (2025)"
    effective_from = date(2025, 1, 1)
    source = (
        "sygedagpengeloven § 13 f (DOMAIN.md); agreement 'Forenkling af "
        "sygedagpengereglerne' 14.03.2024, in force 01.01.2025 (secondary source)"
    )
    return_check_within_weeks = 13


# The texts of p27_1 and p27_4 after lov nr. 1750 af 29.12.2025 (L 66, 2025-26), which
# abolished revalidering and ressourceforløb "for nye borgere fra lovens ikrafttrædelse"
# and replaced the rehabilitation team by "en samlet beskrivelse af borgerens forudsætninger
# og obligatorisk sundhedsfaglig rådgivning fra sundhedskoordinator" (lovguiden.dk summary
# of L 66; star.dk: in force 2026-02-01 and 2026-07-01; law14.md § 4). Chosen by the
# decision's date. The statutory wording of § 27, stk. 1, nr. 1 and 4 after the law was
# NOT found: these are paraphrases (docs/decisions.md).
_GROUNDS_2026 = {
    **_GROUNDS_2014,
    "p27_1": Ground(
        "p27_1", False, None,
        "Vocational rehabilitation granted before 1 February 2026",
        "Revalidering bevilget før 1. februar 2026",
        "Vocational rehabilitation (revalidering) is no longer granted to new citizens. "
        "This ground only applies if you were already granted vocational rehabilitation "
        "before 1 February 2026 and it is likely to lead you back to ordinary work. Your "
        "sickness benefit then continues until it starts.",
        "Revalidering bliver ikke længere bevilget til nye borgere. Denne mulighed gælder "
        "kun, hvis du allerede havde fået bevilget revalidering før 1. februar 2026, og den "
        "sandsynligvis kan føre dig tilbage til almindeligt arbejde. Så fortsætter dine "
        "sygedagpenge, indtil den starter.",
    ),
    "p27_4": Ground(
        "p27_4", False, None,
        "A flex-job or disability pension is being considered",
        "Fleksjob eller førtidspension skal vurderes",
        "The municipality is preparing a decision on whether you should have a flex-job "
        "or disability pension, with health advice from the health coordinator. Your case "
        "no longer goes to a rehabilitation team, and new resource programmes are no longer "
        "started. Your sickness benefit continues until the decision is made.",
        "Kommunen forbereder en afgørelse om, hvorvidt du skal have fleksjob eller "
        "førtidspension, med sundhedsfaglig rådgivning fra sundhedskoordinatoren. Din sag "
        "skal ikke længere forelægges et rehabiliteringsteam, og der startes ikke længere "
        "nye ressourceforløb. Dine sygedagpenge fortsætter, indtil der er truffet en "
        "afgørelse.",
    ),
}


class Rules2026(Rules2025):
    """Lov nr. 1750 af 29.12.2025: "Sygemeldte i ansættelse, der forventes raskmeldt inden
    26 uger, fritages som udgangspunkt for kommunal opfølgning og samtaler" (lovguiden.dk
    summary of L 66); the texts of p27_1 and p27_4 as they read after it.

    In force: "med ikrafttræden den 1. februar 2026 og 1. juli 2026" (star.dk, svar på
    spørgsmål fra webinar 21.01.2026; law14.md § 4). Which part takes which date was not
    found; the first date is used for all of it (docs/decisions.md)."""

    name = "Sickness Benefit Act after lov nr. 1750/2025 (2026)"
    effective_from = date(2026, 2, 1)
    source = (
        "lov nr. 1750 af 29.12.2025 (L 66 2025-26), in force 01.02.2026 and 01.07.2026 "
        "(star.dk/implementering/beskaeftigelsesreform/svar-paa-spoergsmaal-fra-webinar-"
        "den-21-januar-2026)"
    )
    grounds = _GROUNDS_2026
    exempt_within_weeks = 26


_GROUNDS_2027 = {
    **_GROUNDS_2026,
    "none": Ground(
        "none", False, None,
        "None of the seven grounds applies", "Ingen af de syv muligheder passer",
        "None of the seven grounds fits your situation. If you still cannot work, you stay "
        "on sickness benefit in the same case, with the same employment consultant, but at "
        "a lower rate from the day after your reassessment date. Job clarification "
        "programmes no longer exist.",
        "Ingen af de syv muligheder passer på din situation. Hvis du stadig ikke kan "
        "arbejde, fortsætter du på sygedagpenge i samme sag og med den samme jobkonsulent, "
        "men med en lavere sats fra dagen efter dit revurderingstidspunkt. "
        "Jobafklaringsforløb findes ikke længere.",
    ),
}


class Rules2027(Rules2026):
    """From 2027-01-01 (Aftale om reform af beskæftigelsesindsatsen, April 2025, DOMAIN.md):
    jobafklaringsforløb is abolished; a `none` decision at a reassessment on or after the
    switch date keeps the person on sickness benefit at a reduced rate in the same case.

    Source: KL's hearing reply of 12.11.2025: "Med beskæftigelsesreformen afskaffes
    jobafklaringsforløb fra 1. januar 2027 og sygemeldte, der ikke kan få forlænget deres
    sygedagpenge, vil overgå til en reduceret sygedagpengesats" (backoffice.kl.dk); STAR:
    the amending bill "forventes at træde i kraft 1. januar 2027" (star.dk/da/
    implementering/beskaeftigelsesreform/proces). The enacted law's number and transitional
    text were NOT found (law14.md § 5): correct ``effective_from`` here when they are.

    Transitional rule (as data, DOMAIN.md): the outcome follows the reassessment date, so a
    reassessment on 2026-12-31 still leads to job clarification and one on 2027-01-31 to
    the reduced rate, whatever the first absence day.
    """

    name = "Sickness Benefit Act from 2027 (reduced rate replaces job clarification)"
    effective_from = date(2027, 1, 1)
    source = (
        "Aftale om reform af beskæftigelsesindsatsen (April 2025); KL høringssvar "
        "12.11.2025; star.dk beskæftigelsesreform/proces (expected in force 01.01.2027)"
    )
    grounds = _GROUNDS_2027
    none_outcome = "reduced_benefit"


RULES_2014 = Rules2014()
RULES_2025 = Rules2025()
RULES_2026 = Rules2026()
RULES_2027 = Rules2027()

# Oldest first; add a reform's rule set here.
RULE_SETS: tuple[RuleSet, ...] = tuple(
    sorted((RULES_2014, RULES_2025, RULES_2026, RULES_2027),
           key=lambda rule_set: rule_set.effective_from)
)


def rules_for(day: date) -> RuleSet:
    """The rule set in force on ``day``: the latest whose ``effective_from`` is on or before
    it, or the earliest for days before any rule set (DOMAIN.md, "Law changes").

    Each rule is chosen by the date of the event it governs (DOMAIN.md, The seven extension
    grounds): the reassessment date for a `none` decision's outcome, the day asked about
    for follow-up, the decision's date for the grounds' texts.
    """
    in_force = RULE_SETS[0]
    for rule_set in RULE_SETS:
        if rule_set.effective_from <= day:
            in_force = rule_set
    return in_force


# =========================================================================================
# --- issue 14, "Also in the law" (branch clocklaw): hearing, § 24 a, § 25, waiting time,
# --- LÆ 285, søgnehelligdage. Pure functions over plain values, added at the end of the
# --- module so the RuleSet restructuring (branch clock) merges without touching them.
# --- Sources and what could not be verified: docs/decisions.md, "Issue 14: law extras".
# =========================================================================================

# Søgnehelligdage (weekday public holidays) are NOT left out of the count. Sygedagpengeloven
# § 24, stk. 1 measures "mere end 22 uger i de forudgående 9 kalendermåneder" (calendar
# time), and § 30, stk. 1 says the employer period of 30 kalenderdage "forlænges ikke, selv
# om der i perioden forekommer søgnehelligdage" (https://danskelove.dk/sygedagpengeloven/30).
# What is withheld on a weekday holiday is the payment for that day, not the day's place in
# the period. So the clock counts calendar days and keeps no holiday calendar.
HOLIDAYS_LEFT_OUT_OF_COUNT = False


# --- forvaltningsloven § 19: the hearing (partshøring) before a decision ------------------

# § 19, stk. 1: no decision "før myndigheden har gjort parten bekendt med oplysningerne, og
# har givet denne lejlighed til at komme med en udtalelse"; "Der kan sættes en frist"
# (Ankestyrelsen, https://www.retsinformation.dk/Forms/R0710.aspx?id=40686). The law sets no
# length; 14 days is this product's default for the consultant to change, not the law.
HEARING_DEFAULT_RESPONSE_DAYS = 14
HEARING_STATUSES = ("not_recorded", "awaiting_response", "answered", "no_response")


def hearing_needed(ground: str) -> bool:
    """A `none` decision stops or lowers benefit (job clarification or, from 2027, the
    reduced rate), so the person must be heard first (forvaltningsloven § 19, stk. 1;
    Ankestyrelsen principafgørelse 75-15: payment stops only after a valid decision)."""
    return ground == "none"


def hearing_status(
    on: date, sent_on: date | None, response_by: date | None, response_on: date | None
) -> str:
    """Where the hearing stands on ``on``: one of HEARING_STATUSES."""
    if sent_on is None or sent_on > on:
        return "not_recorded"
    if response_on is not None and response_on <= on:
        return "answered"
    if response_by is not None and on <= response_by:
        return "awaiting_response"
    return "no_response"


def check_hearing(
    ground: str,
    decided_on: date,
    sent_on: date | None,
    response_by: date | None,
    response_on: date | None,
) -> None:
    """Raise ExtensionRefused unless the recorded hearing fits the decision.

    The hearing is recorded together (sent, response by), and before the decision. A
    decision before the response-by day without an answer is refused
    (`hearing_response_pending`): § 19, stk. 1 forbids deciding before the party has had
    the chance to answer. No hearing at all is allowed: § 19, stk. 2 has exceptions, and a
    hearing is only owed on information the person has not seen; the page shows the service
    user that none was recorded.
    """
    if sent_on is None:
        if response_by is not None or response_on is not None:
            raise ExtensionRefused(
                "hearing_incomplete", "Give the day the hearing letter was sent.",
                "hearing_sent_on",
            )
        return
    if response_by is None:
        raise ExtensionRefused(
            "hearing_incomplete", "Give the day by which the person may answer.",
            "hearing_response_by",
        )
    if sent_on > decided_on:
        raise ExtensionRefused(
            "hearing_after_decision",
            f"The hearing ({sent_on}) must come before the decision ({decided_on}).",
            "hearing_sent_on",
        )
    if response_by < sent_on:
        raise ExtensionRefused(
            "hearing_invalid", f"The answer cannot be due ({response_by}) before the letter was "
            f"sent ({sent_on}).", "hearing_response_by",
        )
    if response_on is not None and not sent_on <= response_on <= decided_on:
        raise ExtensionRefused(
            "hearing_invalid", f"The answer ({response_on}) must come between the letter "
            f"({sent_on}) and the decision ({decided_on}).", "hearing_response_on",
        )
    if response_on is None and decided_on < response_by:
        raise ExtensionRefused(
            "hearing_response_pending",
            f"The person may answer until {response_by}; decide after that day or once "
            "they have answered (forvaltningsloven § 19).",
            "decided_on",
        )


# --- § 24 a: a new absence after the limit was reached --------------------------------


def absence_starts(absences: Iterable[Absence]) -> list[date]:
    """The first days of each uninterrupted absence: periods that touch (the next starts the
    day after the last ends) are one absence (DOMAIN.md, Sickness benefit, rule 2)."""
    return [first for first, _last in uninterrupted_absences(absences)]


def relapse_after_limit(
    rules: RuleSet, absences: Iterable[Absence], employment: str
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


def pensioner_rules(rule_set: RuleSet) -> RuleSet:
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


def is_pensioner_rules(rule_set: RuleSet) -> bool:
    return getattr(rule_set, "is_pensioner_rules", False)


# --- § 27, stk. 1, nr. 3: waiting time in a public hospital ------------------------------

P27_3_WEEKS = 134


def waiting_days_after(
    waiting: Iterable[tuple[date, date]], after: date, until: date
) -> int:
    """Days of recorded waiting from the day after ``after`` to ``until`` inclusive; a day
    that two recorded periods cover counts once."""
    days: set[date] = set()
    for start, end in waiting:
        day = max(start, after + timedelta(days=1))
        while day <= min(end, until):
            days.add(day)
            day += timedelta(days=1)
    return len(days)


def p27_3_limit(reassessment_date: date, waiting: Iterable[tuple[date, date]]) -> date:
    """The latest ``valid_until`` of a p27_3 extension, public-hospital waiting left out.

    Sygedagpengeloven § 27, stk. 1, nr. 3: return to work expected "inden for 134 uger
    regnet fra revurderingstidspunktet"; waiting time for treatment in a public hospital
    does not count towards the 134 weeks ("Der ses bort fra den periode, hvor du har ventet
    på behandling på et offentligt sygehus", https://ida.dk/content/hvornaar-kan-sygedagpenge-forlaenges;
    "I de 134 ugers forlængelse indgår ikke ventetid på behandling på offentligt sygehus",
    gl.org). Each waiting day inside the span moves the end one day; waiting in the added
    days moves it again, until nothing changes.
    """
    waiting = list(waiting)
    base = reassessment_date + timedelta(weeks=P27_3_WEEKS)
    limit = base
    while True:
        extended = base + timedelta(days=waiting_days_after(waiting, reassessment_date, limit))
        if extended == limit:
            return limit
        limit = extended


def check_extension_with_waiting(
    rules: RuleSet,
    ground: str,
    medical_evidence: bool,
    valid_until: date | None,
    reassessment_date: date | None,
    decided_on: date,
    waiting: Iterable[tuple[date, date]],
) -> None:
    """``rules.check_extension``, with p27_3's limit extended by public-hospital waiting.

    A p27_3 ``valid_until`` inside the extended limit is checked by the rule set as if it
    were the plain limit (every other check stays the rule set's own); one beyond it is
    refused with `extension_too_long`.
    """
    waiting = list(waiting)
    if ground != "p27_3" or not waiting or valid_until is None or reassessment_date is None:
        rules.check_extension(ground, medical_evidence, valid_until, reassessment_date, decided_on)
        return
    limit = p27_3_limit(reassessment_date, waiting)
    plain = rules.max_valid_until(ground, reassessment_date, decided_on)
    if plain is None or valid_until <= plain:
        rules.check_extension(ground, medical_evidence, valid_until, reassessment_date, decided_on)
        return
    # Beyond the plain 134 weeks: the rule set checks all but the limit (at its own limit,
    # which it allows), and the extended limit is ours.
    rules.check_extension(ground, medical_evidence, plain, reassessment_date, decided_on)
    if valid_until > limit:
        raise ExtensionRefused(
            "extension_too_long",
            f"Ground p27_3 allows at most {P27_3_WEEKS} weeks plus the time waiting for "
            f"treatment in a public hospital, until {limit}; {valid_until} is later.",
            "valid_until",
        )


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
def none_outcome(reassessment_date: date) -> str:
    """The status a `none` decision leads to after ``reassessment_date``."""
    return rules_for(reassessment_date).none_outcome


def ground_on(code: str, decided_on: date, reassessment_date: date | None = None) -> Ground:
    """The ground's texts as they read on the decision's date; ``none``'s text says what
    happens next, so it follows the reassessment date (as ``none_outcome`` does)."""
    if code == "none" and reassessment_date is not None:
        return rules_for(reassessment_date).grounds[code]
    return rules_for(decided_on).grounds[code]
