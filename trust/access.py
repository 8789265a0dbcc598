"""Trust's get-or-404s, on coordination/access.py's `get_or_404`: the object when the user
may see it, else 404 (existence never leaked). What it lets one do is trust/rules.py."""

from coordination.access import get_or_404

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
