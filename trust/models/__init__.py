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
from .relational import (
    DIMENSION_CODES,
    DIMENSIONS,
    RelationalCoordinationAnswer,
    RelationalSurveyReminder,
    quarter_label,
    quarter_start,
)

__all__ = [
    "DIMENSIONS",
    "DIMENSION_CODES",
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
    "RelationalCoordinationAnswer",
    "RelationalSurveyReminder",
    "quarter_label",
    "quarter_start",
]
