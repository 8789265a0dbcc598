"""Trust models, one module per feature: access log, checklists, notes and consent, feedback."""

from .access_log import AccessLogEntry, AppendOnlyError
from .checklists import (
    ChecklistPhase,
    ChecklistTemplate,
    ChecklistTemplateItem,
    MeetingChecklist,
    MeetingChecklistItem,
)
from .feedback import MeetingFeedback
from .notes import Consent, ConsentKind, Note, NoteScope

__all__ = [
    "AccessLogEntry",
    "AppendOnlyError",
    "ChecklistPhase",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "Consent",
    "ConsentKind",
    "MeetingChecklist",
    "MeetingChecklistItem",
    "MeetingFeedback",
    "Note",
    "NoteScope",
]
