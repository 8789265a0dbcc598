"""Object access for views and the API: return the object or raise 404, never leak existence.

Every get-or-404 of the project lives here (trust/access.py reuses `get_or_404`); what a
visible object lets one do is a permission in rules.py, checked with `user.has_perm`."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role

from .models import Case, Goal, Hearing, Meeting, MeetingCompanion


def get_or_404(queryset, pk, **filters):
    """The row of `queryset` with this primary key (and `filters`), else 404; an id that is
    not a UUID is a 404 too, never a 500."""
    try:
        uuid.UUID(str(pk))
    except ValueError as error:
        raise Http404 from error
    found = queryset.filter(pk=pk, **filters).first()
    if found is None:
        raise Http404
    return found


def get_case_for_user(user, case_id) -> Case:
    return get_or_404(Case.objects.for_user(user), case_id)


def get_case_content_for_user(user, case_id, perm="coordination.read_case_content") -> Case:
    """The case when the user may read what is in it (`perm`, coordination/rules.py);
    otherwise 404: a manager sees that a case exists, not its plan or minutes."""
    case = get_case_for_user(user, case_id)
    if not user.has_perm(perm, case):
        raise Http404
    return case


def require_perm(request, perm, obj=None) -> None:
    """403 unless the user holds `perm` (coordination/rules.py), on `obj` when given: for
    what the user may see but not do."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def current_cases_first(queryset):
    """A service user's cases, the open one first, then the newest closed one."""
    return queryset.order_by(F("closed_on").asc(nulls_first=True), "-created_at")


def service_user_current_case(user, queryset=None) -> Case | None:
    """The service user's own case: the open one, else the newest; None when there is none.
    `queryset` (of Case.objects.for_user(user)) may add select_related and prefetches."""
    if queryset is None:
        queryset = Case.objects.for_user(user)
    return current_cases_first(queryset.filter(service_user=user)).first()


def get_meeting_for_user(user, meeting_id, *, with_participants=False) -> Meeting:
    """The meeting if the user may see its case, else 404 (existence never leaked); the
    pages ask `with_participants` for the organizer and the participants in the same go."""
    meetings = Meeting.objects.for_user(user).select_related(
        "case__service_user", "case__care_manager", "case__employment_consultant"
    )
    if with_participants:
        # The replies' people too (issue 18): one query for all, not one per reply.
        meetings = meetings.select_related("organizer").prefetch_related(
            "participants__user", "replies__user"
        )
    return get_or_404(meetings, meeting_id)


def get_goal_of_case(case, goal_id):
    """A goal of this case's plan (the case already got through get_case_content_for_user)."""
    goals = Goal.objects.select_related("owner", "plan__case")
    return get_or_404(goals, goal_id, plan__case=case)


def get_hearing_for_user(user, hearing_id) -> Hearing:
    """A hearing (issue 18) when the user may read what is in its case, else 404: a manager
    sees that the case exists, never the proposed decision or the answer."""
    hearings = Hearing.objects.for_user(user).select_related(
        "case__service_user", "case__care_manager", "case__employment_consultant",
        "sent_by", "answered_by",
    )
    hearing = get_or_404(hearings, hearing_id)
    if not user.has_perm("coordination.read_case_content", hearing.case):
        raise Http404
    return hearing


def get_companions_meeting_for_user(user, meeting_id) -> Meeting:
    """A meeting whose companions (issue 18) the user may see: the case's service user and
    its professionals (who will meet them); a manager sees the meeting, not who comes with
    the service user (404)."""
    meeting = get_meeting_for_user(user, meeting_id)
    if not user.has_perm("coordination.read_case_content", meeting.case):
        raise Http404
    return meeting


def get_companion_of_meeting(meeting, companion_id) -> MeetingCompanion:
    """A companion of this meeting (the meeting already got through the checks above)."""
    return get_or_404(MeetingCompanion.objects.select_related("user", "meeting__case"),
                      companion_id, meeting=meeting)


def get_companion_grant(user) -> MeetingCompanion:
    """The companion's own grant while it lasts (issue 18), with its meeting and case; a 404
    for anyone else, once revoked and once ended. It is the role's only way to a case:
    `Case.objects.for_user` and every queryset through it give a companion nothing, and
    ibbis/accounts/companion_scope.py keeps them off every other route."""
    if getattr(user, "role", None) != Role.COMPANION or not user.is_active:
        raise Http404
    if user.access_has_ended():
        raise Http404
    grant = (
        MeetingCompanion.objects.active()
        .filter(user=user, meeting__case__isnull=False)
        .select_related("meeting__case__service_user", "meeting__organizer")
        .first()
    )
    if grant is None:
        raise Http404
    return grant
def get_case_for_emergency_access(user, case_id) -> Case:
    """The case a request for emergency access names (break the glass; issue 19): one the
    user sees, or - for a professional - one of their own organisation's cases, which they
    do not see yet. Anything else is a 404, exactly as for an id that names no case: a case
    of an organisation the user does not work in never shows that it exists. Whether the
    user may take it is `coordination.take_emergency_access` (403 for a visible case)."""
    candidates = Case.objects.for_user(user)
    if (getattr(user, "is_authenticated", False) and user.is_active
            and user.role in PROFESSIONAL_ROLES and user.organisation_id is not None):
        candidates = Case.objects.filter(
            Q(pk__in=candidates.values("pk"))
            | Q(care_manager_organisation_id=user.organisation_id)
            | Q(employment_consultant_organisation_id=user.organisation_id)
        )
    return get_or_404(
        candidates.select_related("care_manager", "employment_consultant"), case_id
    )
