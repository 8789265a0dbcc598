"""Trust models, one module per feature: checklists, notes and consent, feedback. (The access
log is ibbis.audit's.)"""

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
