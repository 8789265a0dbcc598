"""Shared supervision (issue 21): a meeting of kind `supervision` for professionals of BOTH
organisations, with no service user and no case (Meeting.case is null; the constraint
`meeting_case_unless_supervision` holds it), and its own checklist (trust.checklist_defaults
.SUPERVISION_ITEMS). Case meetings are reached through their case (`Meeting.objects.for_user`
never returns a supervision); a supervision is seen by its participants only, and a manager
counts attendance (trust/dashboard/collaboration.py), never reads it."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
)
from coordination.services.meetings import _lock_people, _refuse_double_booking
from ibbis.accounts.models import PROFESSIONAL_ROLES, User
from ibbis.errors import DomainConflict
from trust.checklist_defaults import SUPERVISION_ITEMS
from trust.models import MeetingChecklist, MeetingChecklistItem
from trust.services.relational import is_survey_respondent


def supervisions_for(user):
    """The supervisions `user` takes part in, newest first; none for anyone else."""
    if not is_survey_respondent(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(
        kind=MeetingKind.SUPERVISION, participants__user=user
    ).order_by("-starts_at")


def supervision_colleagues(user):
    """Whom a professional may invite: the active professionals of both organisation kinds
    (any organisation), themselves left out."""
    return (
        User.objects.filter(role__in=PROFESSIONAL_ROLES, is_active=True)
        .exclude(pk=user.pk)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


@transaction.atomic
def supervision_schedule(*, actor, starts_at, ends_at, location="", participants) -> Meeting:
    """Book a shared supervision of `actor` and `participants` (professionals), who must
    span both organisation kinds; the same double-booking check as case meetings."""
    if not is_survey_respondent(actor):
        raise PermissionDenied
    people = {actor.pk: actor, **{p.pk: p for p in participants}}
    if any(p.role not in PROFESSIONAL_ROLES or not p.is_active for p in people.values()):
        raise ValidationError({"participants": [_("Only professionals take part.")]})
    if {p.role for p in people.values()} != set(PROFESSIONAL_ROLES):
        raise ValidationError({"participants": [
            _("A shared supervision has professionals of both organisations.")
        ]})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The meeting must end after it starts.")]})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": [_("A supervision is booked ahead of time.")]})
    _lock_people(people)
    _refuse_double_booking(user_ids=people, starts_at=starts_at, ends_at=ends_at, actor=actor)
    meeting = Meeting.objects.create(
        case=None, kind=MeetingKind.SUPERVISION, starts_at=starts_at, ends_at=ends_at,
        location=location, organizer=actor,
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, user=p, role=p.role, starts_at=starts_at,
                           ends_at=ends_at)
        for p in people.values()
    )
    checklist = MeetingChecklist.objects.create(meeting=meeting, template=None)
    MeetingChecklistItem.objects.bulk_create(
        MeetingChecklistItem(checklist=checklist, phase=phase, position=n, text_da=da,
                             text_en=en)
        for n, (phase, da, en) in enumerate(SUPERVISION_ITEMS, start=1)
    )
    return meeting


@transaction.atomic
def supervision_record_held(*, actor, meeting, attended_ids, done_item_ids=()) -> Meeting:
    """After it began: mark the supervision held, who attended (the others absent) and the
    checklist items done. Any participant may record it; a second record is 409
    `meeting_closed`."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.participants.filter(user=actor).exists():
        raise PermissionDenied
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainConflict("meeting_closed", _("This supervision has already been recorded."))
    if meeting.starts_at > timezone.now():
        raise ValidationError({"attended": [_("Record the supervision once it has begun.")]})
    attended = {str(pk) for pk in attended_ids}
    for participant in meeting.participants.all():
        participant.attendance = (
            Attendance.ATTENDED if str(participant.user_id) in attended else Attendance.ABSENT
        )
        participant.save(update_fields=["attendance"])
    now = timezone.now()
    meeting.checklist.items.filter(pk__in=list(done_item_ids)).update(
        done=True, done_by=actor, done_at=now
    )
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting
