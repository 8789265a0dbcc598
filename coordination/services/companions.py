"""A companion (bisidder) at a meeting (issue 18; forvaltningsloven § 8, stk. 1: a party may
be accompanied by another person at any stage of the case).

The service user invites: a name, the relation, an e-mail. The companion gets an account of
their own (ibbis/accounts/companions.py) whose access ends at the end of the day after the
meeting, Copenhagen time, and that the service user can revoke at any time; a cancelled
meeting revokes it, a rescheduled one moves the end. The grant and its end are written to
the case's access log under the companion's name, so "who has looked at my case" shows
them beside every read the companion makes (coordination/views/companions.py)."""
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Meeting, MeetingCompanion, MeetingStatus
from coordination.services.meetings import MeetingConflict
from ibbis.accounts.companions import companion_account_create, companion_invitation_enqueue
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.errors import DomainError

# How many people one service user may bring to one meeting at once.
MAX_ACTIVE_COMPANIONS = 3


def companion_access_until(meeting: Meeting) -> datetime:
    """The end of the day after the meeting's day, in Copenhagen (TIME_ZONE)."""
    day = timezone.localtime(meeting.starts_at).date() + timedelta(days=2)
    return timezone.make_aware(datetime.combine(day, time.min))


def _required(value: str, *, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("required", _("Please fill this in."), field=field)
    if len(value) > max_length:
        raise DomainError("too_long", _("At most %(n)d characters.") % {"n": max_length},
                          field=field)
    return value


@transaction.atomic
def companion_invite(*, meeting: Meeting, actor, name: str, relation: str, email: str,
                     origin: str, now=None) -> MeetingCompanion:
    """The service user invites a companion to a meeting that is still ahead. The caller
    has checked `coordination.invite_companion` (the case's service user only)."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("case").get(
        pk=meeting.pk)
    name = _required(name, field="name", max_length=150)
    relation = _required(relation, field="relation", max_length=100)
    email = _required(email, field="email", max_length=254)
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError("invalid_email", _("Please write a valid e-mail address."),
                          field="email") from error
    access_until = companion_access_until(meeting)
    if meeting.status != MeetingStatus.SCHEDULED or access_until <= now:
        raise MeetingConflict("meeting_closed",
                              _("This meeting has already been held or is cancelled."))
    if meeting.companions.active(now).count() >= MAX_ACTIVE_COMPANIONS:
        raise MeetingConflict(
            "too_many_companions",
            _("You can bring at most %(n)d people to a meeting.") % {"n": MAX_ACTIVE_COMPANIONS})
    try:
        user = companion_account_create(name=name, email=email, access_until=access_until)
    except ValidationError as error:
        raise DomainError("invalid_name", _("Please write the name in plain letters."),
                          field="name") from error
    grant = MeetingCompanion.objects.create(
        meeting=meeting, user=user, name=name, relation=relation, granted_by=actor)
    companion_invitation_enqueue(user=user, origin=origin)
    access_log_record(actor=user, case=meeting.case, action=AccessAction.COMPANION_GRANTED,
                      object_type="companion")
    return grant


@transaction.atomic
def companion_revoke(*, grant: MeetingCompanion, actor=None, now=None) -> MeetingCompanion:
    """End a companion's access now: the account is deactivated, which ends its sessions
    and API tokens (ibbis/accounts/tokens.py). A second revoke changes nothing."""
    grant = MeetingCompanion.objects.select_for_update(of=("self",)).select_related(
        "user", "meeting__case").get(pk=grant.pk)
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = now or timezone.now()
    grant.save(update_fields=["revoked_at"])
    user = grant.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    access_log_record(actor=user, case=grant.meeting.case,
                      action=AccessAction.COMPANION_REVOKED, object_type="companion")
    return grant


def companions_follow_meeting(meeting: Meeting) -> None:
    """After a meeting changed (meeting_update): a cancelled meeting ends its companions'
    access, a moved one moves the end with it."""
    grants = list(meeting.companions.filter(revoked_at__isnull=True).select_related("user"))
    for grant in grants:
        if meeting.status == MeetingStatus.CANCELLED:
            companion_revoke(grant=grant)
        else:
            until = companion_access_until(meeting)
            if grant.user.access_until != until:
                grant.user.access_until = until
                grant.user.save(update_fields=["access_until"])


def companion_view(meeting: Meeting) -> dict:
    """What the companion's page and API show: the meeting (time, place, who takes part by
    name and role), its agenda and agenda items, the case's shared plan. Nothing else."""
    from coordination.models import Goal

    return {
        "meeting": meeting,
        "participants": list(meeting.participants.filter(cancelled=False)
                             .select_related("user")),
        "agenda_items": list(meeting.agenda_items.select_related("author")),
        "goals": list(Goal.objects.filter(plan__case=meeting.case).select_related("owner")),
    }


def companion_read_log(*, actor, grant: MeetingCompanion) -> None:
    """The companion read the meeting, its agenda and the plan: three rows in the case's
    access log, so the service user sees each in "who has looked at my case"."""
    case = grant.meeting.case
    for action, object_type in (
        (AccessAction.COMPANION_MEETING_VIEWED, "meeting"),
        (AccessAction.COMPANION_AGENDA_VIEWED, "agenda_item"),
        (AccessAction.COMPANION_PLAN_VIEWED, "plan"),
    ):
        access_log_record(actor=actor, case=case, action=action, object_type=object_type)


def origin_of(request) -> str:
    """Where the site is, as the person who invites reached it: the invitation's link starts
    there (the outbox renders the mail later, without a request)."""
    return f"{request.scheme}://{request.get_host()}"
