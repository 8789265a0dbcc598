"""The plain values the rules take and give: codes, an absence, a decision, a follow-up
deadline, and the refusal of a decision the rules do not allow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
ONGOING = date.max


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
