"""Trust's get-or-404s, on coordination/access.py's `get_or_404`: the object when the user
may see it, else 404 (existence never leaked). What it lets one do is trust/rules.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from coordination.access import get_case_for_user, get_or_404, service_user_current_case
from coordination.models import Case

from .models import Consent, MeetingChecklistItem, Note

NOTE_RELATED = ("author", "author_organisation")


def get_note_for_user(user, note_id) -> Note:
    notes = Note.objects.for_user(user).select_related("case", *NOTE_RELATED)
    return get_or_404(notes, note_id)


def get_consent_for_user(user, consent_id, *, case=None) -> Consent:
    """A consent the user sees (of `case`, when given)."""
    consents = Consent.objects.for_user(user).select_related("case")
    return get_or_404(consents, consent_id, **({"case": case} if case is not None else {}))


def get_checklist_item(meeting, item_id) -> MeetingChecklistItem:
    """An item of the meeting's checklist (the meeting already got through
    coordination.access.get_meeting_for_user)."""
    return get_or_404(MeetingChecklistItem.objects.all(), item_id, checklist__meeting=meeting)


def get_service_user_case(request) -> Case:
    """The service user's case named by ?case= (or the form's `case`), else their current
    one; 403 for anyone but a service user, 404 when there is none."""
    if not request.user.has_perm("coordination.view_own_case"):
        raise PermissionDenied
    wanted = request.GET.get("case") or request.POST.get("case")
    if wanted:
        return get_case_for_user(request.user, wanted)
    case = service_user_current_case(request.user)
    if case is None:
        raise Http404
    return case
