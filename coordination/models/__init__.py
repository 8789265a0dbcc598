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
from .law import HospitalWaitingPeriod, MedicalCertificateRequest
from .meetings import Attendance, Meeting, MeetingKind, MeetingParticipant, MeetingStatus
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
from .transfers import TransferRequest, TransferStatus

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
    "HospitalWaitingPeriod",
    "Meeting",
    "MeetingKind",
    "MeetingParticipant",
    "MeetingStatus",
    "MedicalCertificateRequest",
    "Notification",
    "NotificationKind",
    "Plan",
    "PlanAcknowledgement",
    "PlanChange",
    "PlanComment",
    "TransferRequest",
    "TransferStatus",
]
