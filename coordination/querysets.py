"""Who may see what: the one place case visibility is defined.

Every surface (pages, API, exports, FHIR, admin) starts from `Case.objects.for_user(user)`
or, for rows that hang off a case, `Model.objects.for_user(user)`, which narrows through it.
What is not in the queryset does not exist for that user: views answer 404.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role

# DOMAIN.md, Note scopes: "After a handover the former professional keeps read access for 30
# days (the handover period), then sees only their own notes." Counted from the moment of
# the handover (CaseMembership.ended_at): read at 29 days 23 hours, not at 30 days.
HANDOVER_PERIOD = timedelta(days=30)
# DOMAIN.md, Note scopes: emergency access (break the glass) lasts 24 hours, exactly.
EMERGENCY_ACCESS_PERIOD = timedelta(hours=24)


def reading_memberships(user, now=None):
    """The user's memberships that still let them read their case: current, or ended less
    than HANDOVER_PERIOD ago. Past that, a former professional sees only their own notes
    (trust.querysets: `Q(author=user)`), not the case."""
    from coordination.models import CaseMembership

    now = now or timezone.now()
    return CaseMembership.objects.filter(user=user).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=now - HANDOVER_PERIOD)
    )


def emergency_case_ids(user, now=None):
    """The cases the user holds open emergency access to (read only, 24 hours)."""
    from coordination.models import EmergencyAccess

    return EmergencyAccess.objects.filter(user=user).open(now).values("case_id")


def managed_side(user) -> str | None:
    """The side of a case a manager's organisation holds: the care manager's for a
    mental-health unit, the consultant's for a jobcentre (a professional belongs only to an
    organisation of their role's kind, ibbis/accounts/services.py); None without one."""
    from ibbis.accounts.models import OrganisationKind

    if user.role != Role.MANAGER or user.organisation_id is None:
        return None
    if user.organisation.kind == OrganisationKind.MENTAL_HEALTH:
        return "care_manager"
    return "employment_consultant"


def manager_scope(user) -> Q:
    """The cases a manager sees: those whose side of their organisation's kind is held in
    their organisation. Read from the side's organisation stored on the case, so it is one
    index range in the list's order (issue 20; coordination/case_organisations.py keeps the
    column equal to the holder's organisation). A manager with no organisation sees none."""
    side = managed_side(user)
    if side is None:
        return Q(pk__in=[])
    return Q(**{f"{side}_organisation_id": user.organisation_id})


class CaseQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.SERVICE_USER:
            return self.filter(service_user=user)
        if user.role in PROFESSIONAL_ROLES:
            # Current professionals; former ones (handover) during the handover period,
            # who still read what their organisation wrote (DOMAIN.md, Note scopes: sector);
            # and whoever broke the glass, for 24 hours (read only: every write needs a
            # current professional, coordination/rules.py `is_case_professional`).
            from coordination.models import Case

            # One id set from index lookups (UNION ALL), not an OR of them: PostgreSQL
            # cannot combine an OR holding a subquery into a bitmap scan, so it walked the
            # list's order index over every case of the country filtering row by row (264 ms
            # at 100,000 cases for a caseload of 72; 1 ms this way; issue 20,
            # docs/benchmarks.md).
            now = timezone.now()
            mine = Case.objects.filter(care_manager=user).order_by().values("pk").union(
                Case.objects.filter(employment_consultant=user).order_by().values("pk"),
                reading_memberships(user, now).order_by().values("case_id"),
                emergency_case_ids(user, now).order_by(),
                all=True,
            )
            return self.filter(pk__in=mine)
        if user.role == Role.MANAGER:
            return self.filter(manager_scope(user))
        # Admins manage accounts and organisations and see no case content. A companion
        # (issue 18) sees no case through here either: their one meeting, its agenda and
        # the plan come only through coordination.access.get_companion_grant.
        return self.none()

    def current_for_professional(self, user):
        """The caseload: cases the professional is on now."""
        return self.filter(Q(care_manager=user) | Q(employment_consultant=user))


class CaseScopedQuerySet(models.QuerySet):
    """For rows that belong to a case: visible exactly when the case is."""

    case_field = "case"

    def for_user(self, user):
        from coordination.models import Case

        return self.filter(**{f"{self.case_field}__in": Case.objects.for_user(user)})
