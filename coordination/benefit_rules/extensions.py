"""Extension decisions at the reassessment: what a ground allows (§ 27), the hearing before a
decision (forvaltningsloven § 19), and p27_3's limit with public-hospital waiting left out.

``ExtensionRules`` is the part of a ``RuleSet`` that checks a decision; it reads the rule
set's ``grounds``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from coordination.benefit_rules.grounds import Ground
from coordination.benefit_rules.values import ExtensionRefused


class ExtensionRules:
    """The extension rules of a ``RuleSet`` (DOMAIN.md, The seven extension grounds)."""

    grounds: dict[str, Ground]

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


# --- forvaltningsloven § 19: the hearing (partshøring) before a decision ------------------

# § 19, stk. 1: no decision "før myndigheden har gjort parten bekendt med oplysningerne, og
# har givet denne lejlighed til at komme med en udtalelse"; "Der kan sættes en frist"
# (Ankestyrelsen, https://www.retsinformation.dk/Forms/R0710.aspx?id=40686). The law sets no
# length; 14 days is this product's default for the consultant to change, not the law.
HEARING_DEFAULT_RESPONSE_DAYS = 14
# A hearing sent in the product (issue 18) gives the person at least this long to answer.
# § 19 sets no period, but a deadline must leave a real chance to answer ("lejlighed til at
# komme med en udtalelse"). 7 days is this product's floor (DOMAIN.md states no period),
# not the law's; the default stays HEARING_DEFAULT_RESPONSE_DAYS.
HEARING_MIN_RESPONSE_DAYS = 7
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
    rules: ExtensionRules,
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
