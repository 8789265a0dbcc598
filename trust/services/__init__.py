"""Trust writes, one module per feature. Import from here: `from trust.services import ...`."""

from .access_log import (
    LOGGED_ROLES,
    access_log_last_at,
    access_log_purge,
    access_log_record,
    access_log_record_many,
)
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
    "LOGGED_ROLES",
    "access_log_last_at",
    "access_log_purge",
    "access_log_record",
    "access_log_record_many",
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
