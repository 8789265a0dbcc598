"""The manager's overview (API.md, Overview: GET /api/dashboard/), in a constant number of
queries: one for the professionals, one for their caseloads and the totals, one for
feedback.

At caseload scale (3,000 professionals, 100,000 cases) the figures take seconds to count,
so they are cached per organisation (ibbis.api.cached_figure: at most FIGURES_SECONDS old,
cleared by any save of a case, deadline, account or feedback answer; the daily sweep's bulk
updates show once they expire) and say when they were counted (`figures_as_of`, shown on
the page)."""
from datetime import timedelta

from django.db.models import Count, FilteredRelation, Q, UUIDField, Value
from django.utils import timezone

from coordination.models import Case, CaseStatus, DeadlineKind, DeadlineStatus
from ibbis.accounts.models import PROFESSIONAL_ROLES, User
from ibbis.api import cached_figure

from .selectors import feedback_summary

REASSESSMENT_HORIZON_DAYS = 28


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


def _grouped(manager, today) -> dict:
    """{professional id: (cases, reassessments soon, overdue follow-ups)} for the manager's
    organisation in one query: a GROUP BY per role column, joined only to the deadlines
    that count, the two roles in a UNION (correlated subqueries per professional grew with
    the caseload; issue 9)."""
    soon, overdue = _reassessments_soon(today), _overdue_follow_ups(today)

    def prefixed(q):
        prefixed_q = Q()
        prefixed_q.connector, prefixed_q.negated = q.connector, q.negated
        prefixed_q.children = [
            prefixed(child) if isinstance(child, Q) else (f"counted__{child[0]}", child[1])
            for child in q.children
        ]
        return prefixed_q

    def counted(cases, key):
        return (
            cases.annotate(counted=FilteredRelation(
                "deadlines", condition=prefixed_for_relation(soon | overdue)))
            .order_by()
            .values(key)
            .annotate(
                n_cases=Count("pk", distinct=True, filter=~Q(status=CaseStatus.CLOSED)),
                n_soon=Count("counted", filter=prefixed(soon)),
                n_overdue=Count("counted", filter=prefixed(overdue)),
            )
            .values_list(key, "n_cases", "n_soon", "n_overdue")
        )

    def per_role(role):
        return counted(
            Case.objects.filter(**{f"{role}__organisation_id": manager.organisation_id}), role
        )

    def prefixed_for_relation(q):
        relation_q = Q()
        relation_q.connector, relation_q.negated = q.connector, q.negated
        relation_q.children = [
            prefixed_for_relation(child) if isinstance(child, Q)
            else (f"deadlines__{child[0]}", child[1])
            for child in q.children
        ]
        return relation_q

    # The totals ride along as a row keyed None: the deadlines of every case the manager
    # sees, counted once however many of its professionals are in the organisation.
    totals = counted(
        Case.objects.for_user(manager).annotate(who=Value(None, output_field=UUIDField())),
        "who",
    )
    rows = per_role("care_manager").union(
        per_role("employment_consultant"), totals, all=True
    )
    return {who: (cases, n_soon, n_overdue) for who, cases, n_soon, n_overdue in rows}


def dashboard_for_manager(manager) -> dict:
    """The figures of the manager's organisation, at most FIGURES_SECONDS old (see the module
    docstring); `figures_as_of` says when they were counted."""
    return cached_figure(
        f"dashboard:{manager.organisation_id}", lambda: _count_for_manager(manager)
    )


def _count_for_manager(manager) -> dict:
    today = timezone.localdate()
    professionals = User.objects.filter(
        organisation_id=manager.organisation_id, role__in=PROFESSIONAL_ROLES, is_active=True
    ).order_by("last_name", "first_name", "username")
    counts = _grouped(manager, today)
    for p in professionals:
        p.n_cases, p.n_reassessments, p.n_overdue = counts.get(p.pk, (0, 0, 0))
    _cases, reassessments, overdue = counts.pop(None, (0, 0, 0))
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
        "reassessments_next_28_days": reassessments,
        "overdue_follow_ups": overdue,
        "feedback": feedback_summary(manager.organisation),
        "figures_as_of": timezone.now(),
    }
