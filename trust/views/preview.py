"""The service user's page before a meeting: what the care manager and the employment
consultant will have in front of them, in plain words, with a way to change consent
(issue 18). The lists are the API's (trust/services/preview.py)."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from coordination.access import get_meeting_for_user
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.errors import DomainConflict
from trust.models import NoteScope
from trust.services.preview import PARTIES, consent_picture, meeting_preview

# The sections of each party's list, in the order the page shows them.
SECTIONS = (
    ("goal", _("Plan goals")),
    ("note", _("Notes")),
    ("deadline", _("Deadlines")),
    ("decision", _("Decisions")),
)


def _sections(items: list[dict]) -> list[dict]:
    scope_labels = dict(NoteScope.choices)
    return [
        {
            "kind": kind,
            "heading": heading,
            "items": [
                {**item, "scope_label": scope_labels.get(item["scope"], "")}
                for item in items if item["kind"] == kind
            ],
        }
        for kind, heading in SECTIONS
    ]


@login_required
def meeting_preview_page(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, with_participants=True)
    case = meeting.case
    if not request.user.has_perm("coordination.preview_meeting", case):
        raise PermissionDenied
    try:
        preview = meeting_preview(meeting=meeting, viewer=request.user)
    except DomainConflict as error:
        return render(request, "trust/meeting_preview.html",
                      {"meeting": meeting, "case": case, "closed": error.message},
                      status=error.status)
    access_log_record(actor=request.user, case=case,
                      action=AccessAction.MEETING_PREVIEW_VIEWED, object_type="meeting")
    invited = {participant.role for participant in meeting.participants.all()}
    parties = [
        {
            "role": role,
            "person": getattr(case, role),
            "invited": role in invited,
            "sections": _sections(preview[role]),
            "count": len(preview[role]),
        }
        for role in PARTIES
    ]
    return render(request, "trust/meeting_preview.html", {
        "meeting": meeting,
        "case": case,
        "parties": parties,
        "consent": consent_picture(case=case),
    })
