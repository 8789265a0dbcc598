"""The manager's dashboard figures, computed once for both the API (API.md, Overview:
GET /api/dashboard/) and the pages (trust/dashboard/views.py: the overview, its filtered
caseload table and CSV, the drill-down into one professional), in a constant number of
queries: one for the professionals, one for their caseloads and the totals, one for
feedback.

At caseload scale (3,000 professionals, 100,000 cases) the figures take seconds to count,
so they are cached per organisation (ibbis.api.cached_figure: at most FIGURES_SECONDS old,
cleared by any save of a case, deadline, account or feedback answer; the daily sweep's bulk
updates show once they expire) and say when they were counted (`figures_as_of`, shown on
the page)."""
from datetime import timedelta

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, UUIDField, Value
from django.utils import timezone

from coordination.models import (
    Case,
    CaseStatus,
    DeadlineKind,
    DeadlineStatus,
    ExtensionDecision,
)
from ibbis.accounts.models import PROFESSIONAL_ROLES, User
from ibbis.api import cached_figure
from trust.selectors import feedback_summary

REASSESSMENT_HORIZON_DAYS = 28


def case_conditions(filters, today, prefix=""):
    """The caseload filters (status, next-deadline window) as a Q over Case (or over
    `prefix`__Case); without a status, closed cases are left out."""
    data = filters.cleaned_data if filters.is_valid() else {}
    status = data.get("status")
    if status:
        q = Q(**{f"{prefix}status": status})
    else:
        q = ~Q(**{f"{prefix}status": CaseStatus.CLOSED})
    window = data.get("due")
    if window == "overdue":
        q &= Q(**{f"{prefix}next_deadline_due__lt": today})
    elif window:
        q &= Q(
            **{
                f"{prefix}next_deadline_due__gte": today,
                f"{prefix}next_deadline_due__lte": today + timedelta(days=int(window)),
            }
        )
    return q


def reassessments_soon(today, prefix=""):
    return Q(
        **{
            f"{prefix}kind": DeadlineKind.REASSESSMENT,
            f"{prefix}status": DeadlineStatus.OPEN,
            f"{prefix}due__gte": today,
            f"{prefix}due__lte": today + timedelta(days=REASSESSMENT_HORIZON_DAYS),
        }
    )


def overdue_follow_ups(today, prefix=""):
    # The daily sweep marks overdue; an open one already past its day counts as well.
    return Q(**{f"{prefix}kind": DeadlineKind.FOLLOW_UP}) & (
        Q(**{f"{prefix}status": DeadlineStatus.OVERDUE})
        | Q(**{f"{prefix}status": DeadlineStatus.OPEN, f"{prefix}due__lt": today})
    )


def decision_recorded():
    """The case has a reassessment or extension decision on record."""
    return Exists(ExtensionDecision.objects.filter(case=OuterRef("pk")))


def overdue_reassessments(today):
    """Open cases whose reassessment date has passed with no decision recorded (issue 17:
    "overdue reassessments (missing decisions) as a figure of their own"). Benefit may only
    stop after a valid decision (DOMAIN.md, Sickness benefit; Ankestyrelsen 75-15), so each
    is a person whose benefit is in limbo. A late decision takes the case out of the figure
    (its reassessment deadline stays `overdue`: it was not met in time)."""
    return Q(reassessment_date__lt=today) & ~Q(status=CaseStatus.CLOSED) & ~decision_recorded()


def organisation_professionals(manager):
    """The active professionals of the manager's organisation, in name order."""
    return User.objects.filter(
        organisation_id=manager.organisation_id, role__in=PROFESSIONAL_ROLES, is_active=True
    ).order_by("last_name", "first_name", "username")


def _grouped(manager, today, cases_q=None) -> dict:
    """{professional id: (cases, reassessments soon, overdue follow-ups)} for the manager's
    organisation in one query: a GROUP BY per role column, joined only to the deadlines
    that count, the two roles in a UNION (correlated subqueries per professional grew with
    the caseload; issue 9).

    Without `cases_q` (the API's figures) every case of the organisation is joined, closed
    ones counted out of `cases` only, and the totals ride along under the key None. With
    `cases_q` (the page's filtered table, see case_conditions) only matching cases and
    their deadlines count, and there are no totals."""
    soon, overdue = reassessments_soon(today), overdue_follow_ups(today)
    case_filter = ~Q(status=CaseStatus.CLOSED) if cases_q is None else None

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
                n_cases=Count("pk", distinct=True, filter=case_filter),
                n_soon=Count("counted", filter=prefixed(soon)),
                n_overdue=Count("counted", filter=prefixed(overdue)),
            )
            .values_list(key, "n_cases", "n_soon", "n_overdue")
        )

    def per_role(role):
        cases = Case.objects.filter(**{f"{role}__organisation_id": manager.organisation_id})
        if cases_q is not None:
            cases = cases.filter(cases_q)
        return counted(cases, role)

    def prefixed_for_relation(q):
        relation_q = Q()
        relation_q.connector, relation_q.negated = q.connector, q.negated
        relation_q.children = [
            prefixed_for_relation(child) if isinstance(child, Q)
            else (f"deadlines__{child[0]}", child[1])
            for child in q.children
        ]
        return relation_q

    if cases_q is not None:
        rows = per_role("care_manager").union(per_role("employment_consultant"), all=True)
        return {who: (cases, n_soon, n_overdue) for who, cases, n_soon, n_overdue in rows}
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


def caseload_rows(manager, filters, professionals, today) -> list[dict]:
    """The page's caseload table: one row per professional of the manager's organisation
    (or the one chosen in `filters`), their current cases matching the filters and the
    deadlines on those cases; counted by the same query as the API's figures, never cached
    (the filters vary)."""
    chosen = filters.cleaned_data.get("professional") if filters.is_valid() else ""
    chosen_ones = [p for p in professionals if not chosen or str(p.pk) == chosen]
    counts = _grouped(manager, today, cases_q=case_conditions(filters, today))
    rows = []
    for p in chosen_ones:
        n_cases, n_soon, n_overdue = counts.get(p.pk, (0, 0, 0))
        rows.append(
            {
                "professional": p,
                "name": p.display_name,
                "role": p.get_role_display(),
                "cases": n_cases,
                "reassessments_next_28_days": n_soon,
                "overdue_follow_ups": n_overdue,
            }
        )
    return rows


def _count_for_manager(manager) -> dict:
    today = timezone.localdate()
    professionals = organisation_professionals(manager)
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
        "overdue_reassessments": Case.objects.for_user(manager)
        .filter(overdue_reassessments(today)).count(),
        "feedback": feedback_summary(manager.organisation),
        "figures_as_of": timezone.now(),
    }
