"""The dashboard's collaboration figures (issue 21), kept apart from the caseload figures of
figures.py: the cases whose team changed lately (continuity.py) and the attendance at shared
supervision; shown by trust/templates/trust/includes/dashboard_collaboration.html."""
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from coordination.models import Attendance, MeetingKind, MeetingParticipant, MeetingStatus

from .continuity import TEAM_CHANGE_DAYS, team_changes


def supervision_attendance(manager, *, days=TEAM_CHANGE_DAYS) -> dict:
    """Held supervisions of the last `days` days that the organisation's professionals were
    invited to, and how many of those invitations they attended: counts, never contents."""
    since = timezone.now() - timedelta(days=days)
    row = MeetingParticipant.objects.filter(
        meeting__kind=MeetingKind.SUPERVISION,
        meeting__status=MeetingStatus.HELD,
        meeting__starts_at__gte=since,
        user__organisation_id=manager.organisation_id,
    ).aggregate(
        sessions=Count("meeting", distinct=True),
        invited=Count("pk"),
        attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)),
    )
    return {"days": days, **row}


def collaboration_figures(manager) -> dict:
    return {
        "team_changes": team_changes(manager),
        "supervision": supervision_attendance(manager),
    }
