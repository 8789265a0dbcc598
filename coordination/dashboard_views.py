"""The manager's dashboard (issue 6): caseloads, deadlines, checklist use and thresholded
feedback over the manager's own organisation, a drill-down into one professional's caseload,
and the caseload table as CSV. Managers read counts and deadlines, never note text
(DOMAIN.md, Note scopes: managers read no note text)."""
import csv
from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ibbis.accounts.models import PROFESSIONAL_ROLES, OrganisationKind, Role, User
from trust.services import access_log_record_many

from .charts import Bar, bar_chart, grouped_column_chart
from .forms import CaseloadFilterForm
from .models import Case, CaseStatus, Deadline, DeadlineKind, DeadlineStatus

REASSESSMENT_HORIZON_DAYS = 28


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
    if request.user.role != Role.MANAGER:
        raise PermissionDenied


def _count(queryset):
    """COUNT(*) of a correlated subquery, 0 when empty: one query for the whole table."""
    counted = queryset.order_by().annotate(
        _n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    ).values("_n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _case_conditions(filters, today, prefix=""):
    """The status and deadline-window filters as a Q over Case (or over `prefix`__Case)."""
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


def _reassessments_soon(today, prefix=""):
    return Q(
        **{
            f"{prefix}kind": DeadlineKind.REASSESSMENT,
            f"{prefix}status": DeadlineStatus.OPEN,
            f"{prefix}due__gte": today,
            f"{prefix}due__lte": today + timedelta(days=REASSESSMENT_HORIZON_DAYS),
        }
    )


def _overdue_follow_ups(today, prefix=""):
    # The daily sweep marks overdue; an open one already past its day counts as well.
    return Q(**{f"{prefix}kind": DeadlineKind.FOLLOW_UP}) & (
        Q(**{f"{prefix}status": DeadlineStatus.OVERDUE})
        | Q(**{f"{prefix}status": DeadlineStatus.OPEN, f"{prefix}due__lt": today})
    )


def _organisation_professionals(manager):
    return User.objects.filter(
        organisation_id=manager.organisation_id, role__in=PROFESSIONAL_ROLES, is_active=True
    ).order_by("last_name", "first_name", "username")


def _filters(request):
    professionals = list(_organisation_professionals(request.user))
    filters = DashboardFilterForm(request.GET, professionals=professionals)
    return filters, professionals


def caseload_rows(manager, filters, professionals, today) -> list[dict]:
    """One row per professional of the manager's organisation (or the chosen one): their
    current cases matching the filters, and the deadlines on those cases."""
    chosen = filters.cleaned_data.get("professional") if filters.is_valid() else ""
    ids = [p.pk for p in professionals if not chosen or str(p.pk) == chosen]
    on_case = Q(care_manager=OuterRef("pk")) | Q(employment_consultant=OuterRef("pk"))
    on_deadline_case = Q(case__care_manager=OuterRef("pk")) | Q(
        case__employment_consultant=OuterRef("pk")
    )
    cases = Case.objects.filter(on_case, _case_conditions(filters, today))
    deadlines = Deadline.objects.filter(
        on_deadline_case, _case_conditions(filters, today, "case__")
    )
    rows = (
        User.objects.filter(pk__in=ids)
        .annotate(
            n_cases=_count(cases),
            n_reassessments=_count(deadlines.filter(_reassessments_soon(today))),
            n_overdue=_count(deadlines.filter(_overdue_follow_ups(today))),
        )
        .order_by("last_name", "first_name", "username")
    )
    return [
        {
            "professional": p,
            "name": p.display_name,
            "role": p.get_role_display(),
            "cases": p.n_cases,
            "reassessments_next_28_days": p.n_reassessments,
            "overdue_follow_ups": p.n_overdue,
        }
        for p in rows
    ]


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
    from trust.dashboard import dashboard_for_manager
    from trust.selectors import (
        FEEDBACK_ANONYMITY_THRESHOLD,
        checklist_completion,
        feedback_by_month,
    )

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
        },
        status=200 if filters.is_valid() else 400,
    )


@login_required
def professional_caseload(request, professional_id):
    """One professional's current cases with their deadlines and counts - never note text.
    Only professionals of the manager's own organisation exist here (404 otherwise)."""
    _require_manager(request)
    professional = _organisation_professionals(request.user).filter(pk=professional_id).first()
    if professional is None:
        raise Http404
    today = timezone.localdate()
    filters = CaseloadFilterForm(request.GET)
    open_deadline = Q(deadlines__status__in=[DeadlineStatus.OPEN, DeadlineStatus.OVERDUE])
    cases = list(
        Case.objects.for_user(request.user)
        .current_for_professional(professional)
        .filter(_case_conditions(filters, today))
        .select_related("service_user", "care_manager", "employment_consultant")
        .annotate(
            n_open_deadlines=Count("deadlines", filter=open_deadline, distinct=True),
            n_overdue=Count(
                "deadlines", filter=_overdue_follow_ups(today, "deadlines__"), distinct=True
            ),
        )
        .order_by(F("next_deadline_due").asc(nulls_last=True), "created_at", "pk")
    )
    access_log_record_many(
        actor=request.user, cases=cases, action="caseload.viewed", object_type="case"
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
