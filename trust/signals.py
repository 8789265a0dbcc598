"""Trust's answers to coordination's signals (coordination/signals.py), connected in
TrustConfig.ready(): coordination sits below trust and never imports it (issue 16, item 6)."""
from trust.selectors import meeting_checklist_context
from trust.services import checklist_copy_for_meeting


def copy_checklist_when_meeting_booked(sender, meeting, **kwargs):
    """Each meeting keeps its own copy of the trust-building checklist (DOMAIN.md)."""
    checklist_copy_for_meeting(meeting=meeting)


def checklist_on_meeting_page(sender, meeting, user, **kwargs) -> dict:
    """The meeting's own checklist, shown in place on the meeting page."""
    return meeting_checklist_context(meeting=meeting, user=user)
