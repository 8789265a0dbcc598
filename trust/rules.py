"""Object permissions for trust actions on a case (or meeting) the user can already see.
Visibility is `for_user`; these decide what a visible object lets one do (403 otherwise)."""
import rules

from coordination.rules import (
    is_case_professional,
    is_case_service_user,
    is_manager,
    is_professional,
)

# Notes are written by the case's current team; consent is the service user's alone.
rules.add_perm("trust.write_note", is_case_professional)
rules.add_perm("trust.give_consent", is_case_service_user)
rules.add_perm("trust.tick_checklist", is_case_professional)
rules.add_perm("trust.give_feedback", is_case_service_user)
# API.md: the service user and the case's professionals (current or former) read the log.
rules.add_perm("trust.read_access_log", is_case_service_user | is_professional)
# The manager's dashboard, page and API (trust/dashboard/): counts of the organisation.
rules.add_perm("trust.view_dashboard", is_manager)
# The organisation's meeting checklist template (page and API): its managers edit it.
rules.add_perm("trust.edit_checklist_template", is_manager)
# The relational coordination summary (issue 21): managers, over their organisation's pairs.
rules.add_perm("trust.view_relational_summary", is_manager)
