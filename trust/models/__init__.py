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
    "RelationalCoordinationAnswer",
    "RelationalSurveyReminder",
    "quarter_label",
    "quarter_start",
]
