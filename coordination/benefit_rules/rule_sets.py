"""The dated rule sets: the ``RuleSet`` interface, one subclass per reform, and
``rules_for(day)`` that picks the one in force."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import date

from coordination.benefit_rules.clock import ClockRules
from coordination.benefit_rules.extensions import ExtensionRules
from coordination.benefit_rules.follow_up import FollowUpRules
from coordination.benefit_rules.grounds import GROUNDS_2014, GROUNDS_2026, GROUNDS_2027, Ground
from coordination.benefit_rules.values import Decision

# --- the rule set interface -------------------------------------------------------------


class RuleSet(ClockRules, FollowUpRules, ExtensionRules, ABC):
    """The rules in force from ``effective_from``; see DOMAIN.md for each rule.

    A subclass states the law's figures. A reform that only changes figures sets new
    ones; a reform that changes how something is counted also overrides that method
    (counting in ``clock``, follow-up in ``follow_up``, decisions in ``extensions``; what
    a decision does to the case is here).
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


class Rules2014(RuleSet):
    """Sickness Benefit Act § 24 and § 27 as reformed in 2014; follow-up per § 13 b as it
    reads since 2020 (LBK nr. 1179 af 21.09.2023)."""

    name = "Sickness Benefit Act 2014 (sygedagpengeloven § 24, § 27)"
    effective_from = date(2014, 7, 1)
    source = (
        "sygedagpengeloven § 24, § 27, § 13 b, LBK nr. 1179 af 21.09.2023 "
        "(elov.dk/sygedagpengeloven/paragraf/13b, read 2026-12-01)"
    )
    grounds = GROUNDS_2014
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
    grounds = GROUNDS_2026
    exempt_within_weeks = 26


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
    grounds = GROUNDS_2027
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


def none_outcome(reassessment_date: date) -> str:
    """The status a `none` decision leads to after ``reassessment_date``."""
    return rules_for(reassessment_date).none_outcome


def ground_on(code: str, decided_on: date, reassessment_date: date | None = None) -> Ground:
    """The ground's texts as they read on the decision's date; ``none``'s text says what
    happens next, so it follows the reassessment date (as ``none_outcome`` does)."""
    if code == "none" and reassessment_date is not None:
        return rules_for(reassessment_date).grounds[code]
    return rules_for(decided_on).grounds[code]
