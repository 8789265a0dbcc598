"""Coordination models, one module per aggregate: cases and their clock, meetings, the plan."""

from .cases import (
    STATUTORY_DEADLINE_KINDS,
    AbsenceKind,
    AbsencePeriod,
    Case,
    CaseMembership,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Diagnosis,
    EarlyFollowUpRequest,
    Employment,
    ExtensionDecision,
    ExtensionGround,
    Notification,
    NotificationKind,
)
from .companions import MeetingCompanion
from .emergency import EmergencyAccess
from .feeds import CalendarFeed
from .hearings import PENDING_HEARING_STATUSES, Hearing, HearingStatus
from .law import HospitalWaitingPeriod, MedicalCertificateRequest
from .meeting_voice import (
    NEEDS_TEXT,
    AgendaItem,
    MeetingReply,
    MinutesResponse,
    MinutesResponseKind,
    ReplyAnswer,
)
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
from .reminders import ReminderPreference
from .transfers import TransferRequest, TransferStatus

__all__ = [
    "NEEDS_TEXT",
    "AgendaItem",
    "MeetingReply",
    "MinutesResponse",
    "MinutesResponseKind",
    "ReplyAnswer",
    "STATUTORY_DEADLINE_KINDS",
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
    "EarlyFollowUpRequest",
    "EmergencyAccess",
    "Employment",
    "ExtensionDecision",
    "ExtensionGround",
    "Goal",
    "GoalCommitment",
    "GoalKind",
    "GoalStatus",
    "Hearing",
    "HearingStatus",
    "HospitalWaitingPeriod",
    "PENDING_HEARING_STATUSES",
    "Meeting",
    "MeetingCompanion",
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
    "ReminderPreference",
    "TransferRequest",
    "TransferStatus",
    "SweepRun",
]
