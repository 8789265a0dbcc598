import uuid

from django.http import Http404

from coordination.models import Meeting


def get_meeting_for_user(user, meeting_id) -> Meeting:
    """The meeting if the user may see its case, else 404 (existence never leaked)."""
    try:
        uuid.UUID(str(meeting_id))
    except ValueError as error:
        raise Http404 from error
    meeting = (
        Meeting.objects.for_user(user)
        .select_related("case", "case__care_manager", "case__employment_consultant")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting
