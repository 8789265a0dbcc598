"""The professional's caseload page: their current cases, soonest deadline first, with the
week-22 countdown (DOMAIN.md, Sickness benefit)."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many

from .. import caseload as caseload_search
from ..access import require_perm
from ..dates import human_date
from ..forms.caseload import CaseloadSearchForm
from ..forms.cases import CaseloadFilterForm
from ..models import Case, CaseStatus, Deadline, DeadlineStatus
from ..timeline import format_weeks

CASELOAD_PAGE_SIZE = 50


@dataclass
class CaseloadRow:
    case: Case
    countdown: str
    next_deadline: Deadline | None
    overdue: bool


def countdown_text(case: Case, today) -> str:
    """The week-22 countdown shown on the caseload (DOMAIN.md, Sickness benefit, rule 4;
    after the reassessment, The seven extension grounds)."""
    if case.status == CaseStatus.EXTENDED:
        # The decision in force, as the status was computed from it (stored in the order
        # they were made: ExtensionDecision.Meta.ordering).
        current = case.rules_on(today).current_decision(case.decisions.all(), today)
        if current is not None and current.ground != "none" and current.valid_until:
            return _("Extended until %(until)s") % {"until": human_date(current.valid_until)}
        return _("Extended, no fixed end")
    if case.status == CaseStatus.JOB_CLARIFICATION:
        if case.reassessment_date:
            return _("Job clarification since %(since)s") % {
                "since": human_date(case.reassessment_date + timedelta(days=1))
            }
        return _("Job clarification")
    if case.status == CaseStatus.REDUCED_BENEFIT:
        if case.reassessment_date:
            return _("Reduced rate since %(since)s") % {
                "since": human_date(case.reassessment_date + timedelta(days=1))
            }
        return _("Sickness benefit at a reduced rate")
    if case.status == CaseStatus.CLOSED:
        return _("Closed")
    weeks = case.rules_on(today).benefit_weeks_used(
        [a.as_rule() for a in case.absences.all()], case.employment, today
    )
    text = _("week %(weeks)s of 22") % {"weeks": format_weeks(weeks)}
    if case.reassessment_date is None:
        return text
    days = (case.reassessment_date - today).days
    if days >= 0:
        return ngettext(
            "%(count)s; %(days)s day to the reassessment",
            "%(count)s; %(days)s days to the reassessment",
            days,
        ) % {"count": text, "days": days}
    return ngettext(
        "%(count)s; reassessment %(days)s day ago",
        "%(count)s; reassessment %(days)s days ago",
        -days,
    ) % {"count": text, "days": -days}


def _caseload_queryset(user, filters: CaseloadFilterForm, today,
                       sort=caseload_search.DEFAULT_SORT):
    cases = (
        Case.objects.for_user(user)
        .current_for_professional(user)
        .select_related("service_user")
        .prefetch_related(
            "absences",
            "decisions",
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.exclude(status=DeadlineStatus.MET).order_by("due"),
                to_attr="pending_deadlines",
            ),
        )
        .order_by(*caseload_search.caseload_order_by(sort))
    )
    if filters.is_valid():
        if filters.cleaned_data.get("q"):
            cases = cases.filter(
                caseload_search.name_matches(filters.cleaned_data["q"], "service_user__"))
        if filters.cleaned_data["status"]:
            cases = cases.filter(status=filters.cleaned_data["status"])
        window = filters.cleaned_data["due"]
        if window == "overdue":
            cases = cases.filter(next_deadline_due__lt=today)
        elif window:
            cases = cases.filter(
                next_deadline_due__gte=today,
                next_deadline_due__lte=today + timedelta(days=int(window)),
            )
    return cases


@login_required
def caseload(request):
    require_perm(request, "coordination.view_caseload")
    today = timezone.localdate()
    filters = CaseloadSearchForm(request.GET)
    sort = caseload_search.caseload_sort(request.GET.get("sort"))
    page = Paginator(_caseload_queryset(request.user, filters, today, sort), CASELOAD_PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    rows = []
    for case in page:
        upcoming = [d for d in case.pending_deadlines if d.due == case.next_deadline_due]
        rows.append(
            CaseloadRow(
                case=case,
                countdown=countdown_text(case, today),
                next_deadline=upcoming[0] if upcoming else None,
                overdue=case.next_deadline_due is not None and case.next_deadline_due < today,
            )
        )
    # The caseload names each person: one access-log entry per case on the page.
    access_log_record_many(
        actor=request.user, cases=[row.case for row in rows], action=AccessAction.CASELOAD_VIEWED,
        object_type="case",
    )
    return render(
        request,
        "coordination/caseload.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in ("q", "status", "due")),
            "can_open_case": request.user.has_perm("coordination.open_case"),
            **caseload_search.caseload_sort_context(sort),
        },
    )

