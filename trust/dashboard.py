"""The manager's overview (API.md, Overview: GET /api/dashboard/), in a constant number of
queries: one for the caseloads, one for the totals, one for feedback."""
from datetime import timedelta

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from coordination.models import Case, CaseStatus, Deadline, DeadlineKind, DeadlineStatus
from ibbis.accounts.models import PROFESSIONAL_ROLES, User

from .selectors import feedback_summary

REASSESSMENT_HORIZON_DAYS = 28


def _count(queryset):
    """COUNT(*) of a correlated subquery, 0 when empty."""
    counted = queryset.order_by().annotate(
        _n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    ).values("_n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _reassessments_soon(today):
    return Q(
        kind=DeadlineKind.REASSESSMENT,
        status=DeadlineStatus.OPEN,
        due__gte=today,
        due__lte=today + timedelta(days=REASSESSMENT_HORIZON_DAYS),
    )


def _overdue_follow_ups(today):
    # The daily sweep marks overdue; an open one already past its day counts as well.
    return Q(kind=DeadlineKind.FOLLOW_UP) & (
        Q(status=DeadlineStatus.OVERDUE) | Q(status=DeadlineStatus.OPEN, due__lt=today)
    )


def dashboard_for_manager(manager) -> dict:
    today = timezone.localdate()
    on_current_case = Q(case__care_manager=OuterRef("pk")) | Q(
        case__employment_consultant=OuterRef("pk")
    )
    open_cases = Case.objects.exclude(status=CaseStatus.CLOSED).filter(
        Q(care_manager=OuterRef("pk")) | Q(employment_consultant=OuterRef("pk"))
    )
    professionals = (
        User.objects.filter(
            organisation_id=manager.organisation_id, role__in=PROFESSIONAL_ROLES, is_active=True
        )
        .annotate(
            n_cases=_count(open_cases),
            n_reassessments=_count(
                Deadline.objects.filter(on_current_case, _reassessments_soon(today))
            ),
            n_overdue=_count(Deadline.objects.filter(on_current_case, _overdue_follow_ups(today))),
        )
        .order_by("last_name", "first_name", "username")
    )
    totals = Deadline.objects.filter(case__in=Case.objects.for_user(manager)).aggregate(
        reassessments=Count("id", filter=_reassessments_soon(today)),
        overdue=Count("id", filter=_overdue_follow_ups(today)),
    )
    return {
        "caseloads": [
            {
                "professional": str(p.pk),
                "name": p.display_name,
                "role": p.role,
                "cases": p.n_cases,
                "reassessments_next_28_days": p.n_reassessments,
                "overdue_follow_ups": p.n_overdue,
            }
            for p in professionals
        ],
        "reassessments_next_28_days": totals["reassessments"],
        "overdue_follow_ups": totals["overdue"],
        "feedback": feedback_summary(manager.organisation),
    }
