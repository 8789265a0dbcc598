"""Anonymous feedback after a held meeting (DOMAIN.md, Why trust)."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coordination.models import MeetingStatus
from trust.errors import TrustConflict
from trust.models import MeetingFeedback


def feedback_give(
    *, meeting, felt_safe: int, felt_heard: int, understood_next_steps: int, comment: str = ""
) -> MeetingFeedback:
    """Once per held meeting. The giver is not stored: the caller checks that it is the
    meeting's service user, and the unique meeting constraint allows one answer."""
    if meeting.status != MeetingStatus.HELD:
        raise TrustConflict(
            "meeting_not_held", _("Feedback can be given once the meeting has been held.")
        )
    try:
        with transaction.atomic():
            return MeetingFeedback.objects.create(
                meeting=meeting,
                felt_safe=felt_safe,
                felt_heard=felt_heard,
                understood_next_steps=understood_next_steps,
                comment=comment,
            )
    except IntegrityError as error:
        raise TrustConflict(
            "already_given", _("Feedback has already been given for this meeting.")
        ) from error
