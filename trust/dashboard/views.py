"""The manager's dashboard pages (issue 6): caseloads, deadlines, checklist use and
thresholded feedback over the manager's own organisation, a drill-down into one
professional's caseload, and the caseload table as CSV. Every figure comes from
trust/dashboard/figures.py, the same code as GET /api/dashboard/. Managers read counts
and deadlines, never note text (DOMAIN.md, Note scopes: managers read no note text)."""
import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.charts import Bar, bar_chart, grouped_column_chart
from coordination.forms.cases import CaseloadFilterForm
from coordination.models import Case, DeadlineStatus
from coordination.services.emergency import emergency_accesses_open_for_manager
from ibbis.accounts.models import OrganisationKind
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many
from trust.selectors import FEEDBACK_ANONYMITY_THRESHOLD, checklist_completion, feedback_by_month

from .collaboration import collaboration_figures
from .figures import (
    case_conditions,
    caseload_rows,
    dashboard_for_manager,
    decision_recorded,
    organisation_professionals,
    overdue_follow_ups,
)


class DashboardFilterForm(CaseloadFilterForm):
    """The caseload filters plus one professional of the manager's organisation; GET
    parameters, so a filtered dashboard is a shareable URL."""

    professional = forms.ChoiceField(label=gettext_lazy("Professional"), required=False)
    field_order = ["professional", "status", "due"]

    def __init__(self, data, *, professionals):
        super().__init__(data)
        self.fields["professional"].choices = [("", _("All"))] + [
            (str(p.pk), p.display_name) for p in professionals
        ]


def _require_manager(request):
    if not request.user.has_perm("trust.view_dashboard"):
        raise PermissionDenied


def _filters(request):
    professionals = list(organisation_professionals(request.user))
    filters = DashboardFilterForm(request.GET, professionals=professionals)
    return filters, professionals


def _feedback_chart(months):
    series = [_("Felt safe"), _("Felt heard"), _("Understood the next steps")]
    return grouped_column_chart(
        [
            (
                date_format(m["month"], "M Y"),
                [m["felt_safe_avg"], m["felt_heard_avg"], m["understood_next_steps_avg"]],
            )
            for m in months
        ],
        series=series,
        maximum=5,
        chart_id="feedback-chart",
        title=_("Feedback averages per month (1–5)"),
        desc=_("The same figures are in the table below the chart."),
    )


@login_required
def dashboard(request):
    """The manager's overview: the figures of /api/dashboard/ with filters, charts and the
    checklist use of the organisation."""
    _require_manager(request)
    today = timezone.localdate()
    filters, professionals = _filters(request)
    rows = caseload_rows(request.user, filters, professionals, today)
    months = feedback_by_month(request.user.organisation)
    return render(
        request,
        "coordination/dashboard.html",
        {
            "figures": dashboard_for_manager(request.user),
            "checklists": checklist_completion(request.user.organisation),
            "filters": filters,
            "filtered": any(request.GET.get(n) for n in ("professional", "status", "due")),
            "rows": rows,
            "caseload_chart": bar_chart(
                [Bar(row["name"], row["cases"]) for row in rows],
                chart_id="caseload-chart",
                title=_("Cases per professional"),
                desc=_("The same figures are in the caseload table below the chart."),
            ),
            "months": months,
            "feedback_chart": _feedback_chart(months) if months else None,
            "threshold": FEEDBACK_ANONYMITY_THRESHOLD,
            "query": request.GET.urlencode(),
            "collaboration": collaboration_figures(request.user),
            # Live, not cached (issue 19: the manager is told at once).
            "emergency_accesses": list(emergency_accesses_open_for_manager(request.user)),
        },
        status=200 if filters.is_valid() else 400,
    )


@login_required
def professional_caseload(request, professional_id):
    """One professional's current cases with their deadlines and counts - never note text.
    Only professionals of the manager's own organisation exist here (404 otherwise)."""
    _require_manager(request)
    professional = organisation_professionals(request.user).filter(pk=professional_id).first()
    if professional is None:
        raise Http404
    today = timezone.localdate()
    filters = CaseloadFilterForm(request.GET)
    open_deadline = Q(deadlines__status__in=[DeadlineStatus.OPEN, DeadlineStatus.OVERDUE])
    cases = list(
        Case.objects.for_user(request.user)
        .current_for_professional(professional)
        .filter(case_conditions(filters, today))
        .select_related("service_user", "care_manager", "employment_consultant")
        .annotate(
            # The status marker of the reassessment (issue 17): red while it has passed
            # without a decision, green once a decision is recorded.
            has_decision=decision_recorded(),
            n_open_deadlines=Count("deadlines", filter=open_deadline, distinct=True),
            n_overdue=Count(
                "deadlines", filter=overdue_follow_ups(today, "deadlines__"), distinct=True
            ),
        )
        .order_by(F("next_deadline_due").asc(nulls_last=True), "created_at", "pk")
    )
    access_log_record_many(
        actor=request.user, cases=cases, action=AccessAction.CASELOAD_VIEWED, object_type="case"
    )
    return render(
        request,
        "coordination/dashboard_professional.html",
        {
            "professional": professional,
            "cases": cases,
            "today": today,
            "filters": filters,
            "filtered": any(request.GET.get(n) for n in ("status", "due")),
        },
        status=200 if filters.is_valid() else 400,
    )


def _csv_cell(value):
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote stops that."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def caseloads_csv(request):
    """The dashboard's caseload table, with the same filters, as CSV."""
    _require_manager(request)
    today = timezone.localdate()
    filters, professionals = _filters(request)
    if not filters.is_valid():
        return HttpResponse(
            "\n".join(f"{k}: {' '.join(v)}" for k, v in filters.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = caseload_rows(request.user, filters, professionals, today)
    filename = "caseloads-{}-{}.csv".format(
        slugify(request.user.organisation.name) or "organisation", today.isoformat()
    )
    # For Excel as Danish offices have it (issue 17): semicolons (the Danish list separator;
    # a comma is the decimal mark), UTF-8 with a byte-order mark so "Søren" stays "Søren",
    # and headings in the reader's language.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    # Reassessments and follow-ups are the jobcentre's figures; a mental-health manager's
    # file leaves them out as the page does.
    jobcentre = request.user.organisation.kind == OrganisationKind.JOBCENTRE
    headings = [_("Professional ID"), _("Professional"), _("Role"), _("Cases")]
    if jobcentre:
        headings += [_("Reassessments in the next 28 days"), _("Overdue follow-up conversations")]
    writer.writerow(headings)
    for row in rows:
        cells = [
            row["professional"].pk,
            _csv_cell(row["name"]),
            row["professional"].get_role_display(),
            row["cases"],
        ]
        if jobcentre:
            cells += [row["reassessments_next_28_days"], row["overdue_follow_ups"]]
        writer.writerow(cells)
    return response
