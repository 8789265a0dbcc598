"""One companion (bisidder, issue 18) for the demo, so a newcomer can try the role: invited
by the demo service user (the first login, borger001) to their next meeting ahead, with the
demo password and a fixed username. Its access ends as any companion's does, at the end of
the day after that meeting (coordination.services.companions.companion_access_until), so a
`make run` today gives a companion who can sign in now.

It is made directly, not through `companion_invite`: the demo mails nothing (its addresses
are made up) and the companion needs no link, since the password is the published demo one.
Idempotent: a rerun finds the account by username, moves the grant to the service user's
next meeting if the one it had is over, and restores access and password. One companion in
all, whatever `--cases` is."""
from django.db import transaction
from django.utils import timezone

from ibbis.accounts.models import Role, User
from ibbis.demo.cases import DemoLogin, _demo_password_hash

USERNAME = "ledsager-demo"
NAME = "Kirsten Lund"
RELATION = "Søster"


@transaction.atomic
def seed_companion(username: str, *, now=None) -> DemoLogin | None:
    """The demo companion on the next scheduled meeting of the service user `username`, or
    None when they have no meeting ahead (e.g. `--cases 0`)."""
    from coordination.models import Meeting, MeetingCompanion, MeetingStatus
    from coordination.services.companions import companion_access_until
    from ibbis.audit.actions import AccessAction
    from ibbis.audit.services import access_log_record

    now = now or timezone.now()
    service_user = User.objects.get(username=username, role=Role.SERVICE_USER)
    meeting = (
        Meeting.objects.filter(case__service_user=service_user, status=MeetingStatus.SCHEDULED,
                               starts_at__gt=now)
        .select_related("case")
        .order_by("starts_at", "pk")
        .first()
    )
    if meeting is None:
        return None
    until = companion_access_until(meeting)
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create(
            username=USERNAME, role=Role.COMPANION, first_name=NAME,
            email=f"{USERNAME}@demo.ibbis.invalid", password=_demo_password_hash(),
            access_until=until,
        )
    else:
        changed = {"access_until": until, "is_active": True, "password": _demo_password_hash()}
        stale = [field for field, value in changed.items() if getattr(user, field) != value]
        for field in stale:
            setattr(user, field, changed[field])
        if stale:
            user.save(update_fields=stale)
    grant = MeetingCompanion.objects.filter(user=user).first()
    if grant is None:
        MeetingCompanion.objects.create(meeting=meeting, user=user, name=NAME,
                                        relation=RELATION, granted_by=service_user)
        access_log_record(actor=user, case=meeting.case,
                          action=AccessAction.COMPANION_GRANTED, object_type="companion")
    elif grant.meeting_id != meeting.pk or grant.revoked_at is not None:
        grant.meeting, grant.revoked_at = meeting, None
        grant.save(update_fields=["meeting", "revoked_at"])
    return DemoLogin(Role.COMPANION, USERNAME)
