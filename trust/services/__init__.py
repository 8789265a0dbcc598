"""Trust writes, one module per feature. Import from here: `from trust.services import ...`."""

from .checklists import (
    checklist_active_template,
    checklist_copy_for_meeting,
    checklist_item_set_done,
    checklist_items_save,
    checklist_template_publish,
)
from .feedback import feedback_give
from .notes import consent_grant, consent_revoke, note_create
from .relational import (
    relational_answer_give,
    relational_answers_of,
    relational_colleagues,
    relational_survey_remind,
)

__all__ = [
    "checklist_active_template",
    "checklist_copy_for_meeting",
    "checklist_item_set_done",
    "checklist_items_save",
    "checklist_template_publish",
    "consent_grant",
    "consent_revoke",
    "feedback_give",
    "note_create",
    "relational_answer_give",
    "relational_answers_of",
    "relational_colleagues",
    "relational_survey_remind",
]
