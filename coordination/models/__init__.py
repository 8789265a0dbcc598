"""Coordination models, one module per aggregate: cases and their clock, meetings, the plan."""

from .cases import (
    AbsenceKind,
    AbsencePeriod,
    Case,
    CaseMembership,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Diagnosis,
    Employment,
    ExtensionDecision,
    ExtensionGround,
    Notification,
    NotificationKind,
)
from .feeds import CalendarFeed
from .meetings import Attendance, Meeting, MeetingKind, MeetingParticipant, MeetingStatus
from .operations import SweepRun
from .plan import (
    Goal,
    GoalCommitment,
    GoalKind,
    GoalStatus,
    Plan,
    PlanAcknowledgement,
    PlanChange,
    PlanComment,
)

__all__ = [
    "AbsenceKind",
    "AbsencePeriod",
    "Attendance",
    "CalendarFeed",
    "Case",
    "CaseMembership",
    "CaseStatus",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "Diagnosis",
    "Employment",
    "ExtensionDecision",
    "ExtensionGround",
    "Goal",
    "GoalCommitment",
    "GoalKind",
    "GoalStatus",
    "Meeting",
    "MeetingKind",
    "MeetingParticipant",
    "MeetingStatus",
    "Notification",
    "NotificationKind",
    "Plan",
    "PlanAcknowledgement",
    "PlanChange",
    "PlanComment",
    "SweepRun",
]
