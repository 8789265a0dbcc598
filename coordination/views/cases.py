"""Pages of the sickness-benefit clock: the caseload, the case, the service user's own page,
notifications. Views parse, call a service in `coordination.services`, and render."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ibbis.accounts.models import Role, User
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record, access_log_record_many
from ibbis.forms import add_domain_error

from .. import selectors
from ..access import get_case_for_user, service_user_current_case
from ..benefit_rules import ExtensionRefused, ground_on, none_outcome
from ..dates import human_date
from ..forms.cases import (
    AbsenceForm,
    CaseloadFilterForm,
    CaseOpenForm,
    ExtensionForm,
    FollowUpForm,
    HandoverForm,
    UserChoiceField,
    apply_service_errors,
)
from ..law_extras import law_refusal_message, my_case_law_context
from ..models import (
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Meeting,
    MeetingStatus,
)
from ..selectors import notifications_for_user
from ..services import cases as case_services
from ..services import follow_up as follow_up_services
from ..services import notifications as notification_services
from ..timeline import build_timeline, format_weeks, ground_label, ground_plain

CASELOAD_PAGE_SIZE = 50


def require_perm(request, perm):
    """403 unless the user holds `perm` (coordination/rules.py)."""
    if not request.user.has_perm(perm):
        raise PermissionDenied


# --- the caseload -----------------------------------------------------------------------


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


def _caseload_queryset(user, filters: CaseloadFilterForm, today):
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
        .order_by(F("next_deadline_due").asc(nulls_last=True), "created_at", "pk")
    )
    if filters.is_valid():
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
    filters = CaseloadFilterForm(request.GET)
    page = Paginator(_caseload_queryset(request.user, filters, today), CASELOAD_PAGE_SIZE)
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
            "filtered": any(request.GET.get(name) for name in ("status", "due")),
            "can_open_case": request.user.has_perm("coordination.open_case"),
        },
    )


def _accounts_in_one_query(form):
    """The accounts the form names, read in one query rather than one get() per field, each
    still checked against its own field's choices; anything else is left to the field."""
    wanted = {}
    for name, field in form.fields.items():
        if isinstance(field, UserChoiceField):
            try:
                wanted[name] = uuid.UUID(form.data.get(name, ""))
            except (TypeError, ValueError):
                continue
    found = User.objects.select_related("organisation").filter(
        pk__in=set(wanted.values())
    ).annotate(**{
        f"fits_{name}": Exists(form.fields[name].queryset.filter(pk=OuterRef("pk")))
        for name in wanted
    }).in_bulk()
    for name, pk in wanted.items():
        user = found.get(pk)
        if user is not None and getattr(user, f"fits_{name}"):
            form.fields[name].to_python = lambda _value, user=user: user


@login_required
def case_open(request):
    if not request.user.has_perm("coordination.open_case"):
        raise PermissionDenied
    form = CaseOpenForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST":
        _accounts_in_one_query(form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = case_services.case_open(
                    actor=request.user,
                    service_user=data["service_user"],
                    care_manager=data["care_manager"],
                    employment_consultant=data.get("employment_consultant", request.user),
                    first_absence_day=data["first_absence_day"],
                    referral_date=data["referral_date"],
                    diagnosis=data["diagnosis"],
                    employment=data["employment"],
                    pensioner=data.get("pensioner", False),
                    # The form's first absence day is the first (ongoing, full) absence: a
                    # case without one showed "not reached" and week 0.0 (issue 17).
                    first_absence_kind="full",
                )
            except case_services.CaseRefused as refused:
                add_domain_error(form, refused)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The case has been opened."))
                return redirect("coordination:case_detail", case_id=case.pk)
        status = 400
    return render(request, "coordination/case_open.html", {"form": form}, status=status)


# --- the case page ----------------------------------------------------------------------


def _team(case: Case) -> list[dict]:
    """The current professionals, what they may decide, and how long they have been on."""
    powers = {
        Role.EMPLOYMENT_CONSULTANT: _(
            "Decides on sickness benefit: the reassessment at week 22 and any extension. "
            "Also supports the return to work."
        ),
        Role.CARE_MANAGER: _(
            "Has no power over sickness benefit. Provides talk therapy and is bound by "
            "medical confidentiality: health information is shared only with the service "
            "user's consent."
        ),
    }
    current = {m.role: m for m in case.memberships.all() if m.ended_at is None}
    team = []
    for role, person in (
        (Role.EMPLOYMENT_CONSULTANT, case.employment_consultant),
        (Role.CARE_MANAGER, case.care_manager),
    ):
        membership = current.get(role)
        team.append(
            {
                "role": Role(role).label,
                "person": person,
                "power": powers[role],
                "since": timezone.localdate(membership.started_at) if membership else None,
            }
        )
    return team


def _together_since(case: Case):
    """Continuity (DOMAIN.md, Why trust): since when today's two professionals share the case."""
    starts = [m.started_at for m in case.memberships.all() if m.ended_at is None]
    return timezone.localdate(max(starts)) if len(starts) == 2 else None


def _grounds_for_form(case: Case, form: ExtensionForm, today) -> list[dict]:
    # A decision taken today: the grounds' texts as they read today; `none`'s text by the
    # reassessment date (benefit_rules.ground_on).
    rules = case.rules_on(today)
    chosen = form["ground"].value()
    grounds = []
    for code in rules.grounds:
        ground = ground_on(code, today, case.reassessment_date)
        grounds.append(
            {
                "code": code,
                "label": ground_label(ground),
                "plain": ground_plain(ground),
                "needs_medical_evidence": ground.needs_medical_evidence,
                "max_weeks": ground.max_weeks,
                "limit": rules.max_valid_until(code, case.reassessment_date, today),
                "checked": chosen == code,
            }
        )
    return grounds


def _render_case(request, case, *, absence_form=None, extension_form=None,
                 handover_form=None, follow_up_form=None, status=200):
    user = request.user
    access_log_record(actor=user, case=case, action=AccessAction.CASE_VIEWED, object_type="case")
    # The case's three people with their organisations in one query (prefetching each
    # professional's organisation separately read the organisation twice).
    people = User.objects.select_related("organisation").in_bulk(
        [case.service_user_id, case.care_manager_id, case.employment_consultant_id]
    )
    case.service_user = people[case.service_user_id]
    case.care_manager = people[case.care_manager_id]
    case.employment_consultant = people[case.employment_consultant_id]
    prefetch_related_objects(
        [case],
        "absences",
        "decisions__decided_by",
        "deadlines",
        "memberships__user__organisation",
    )
    today = timezone.localdate()
    can_record_absence = user.has_perm("coordination.record_absence", case)
    can_decide = user.has_perm("coordination.decide_extension", case)
    handover_roles = case_services.handover_roles_for(user, case)
    can_hand_over = bool(handover_roles)
    can_manage_follow_up = user.has_perm("coordination.manage_follow_up", case)
    if can_manage_follow_up and follow_up_form is None:
        follow_up_form = FollowUpForm(initial={
            "expected_return_date": case.expected_return_date,
            "follow_up_agreed_on": case.follow_up_agreed_on,
        })
    absence_form = absence_form or AbsenceForm(initial={"kind": "full"})
    extension_form = extension_form or ExtensionForm(initial={"decided_on": today})
    if can_hand_over and handover_form is None:
        handover_form = HandoverForm(case=case, role=handover_roles[0])
    decisions = [
        {"decision": d,
         "label": d.ground_label}
        for d in case.decisions.all()
    ]
    # Reasoning may carry health details: the case's people read it, managers do not
    # (DOMAIN.md, Note scopes).
    show_reasoning = user.has_perm("coordination.read_case_content", case)
    return render(
        request,
        "coordination/case_detail.html",
        {
            "case": case,
            "today": today,
            "timeline": build_timeline(case, today=today),
            "team": _team(case),
            "together_since": _together_since(case),
            "former_members": [m for m in case.memberships.all() if m.ended_at is not None],
            "decisions": decisions,
            "show_reasoning": show_reasoning,
            "can_record_absence": can_record_absence,
            "can_decide": can_decide,
            "can_hand_over": can_hand_over,
            "absence_form": absence_form,
            "extension_form": extension_form,
            "handover_form": handover_form,
            "can_manage_follow_up": can_manage_follow_up,
            "follow_up_form": follow_up_form,
            "follow_up_regime": selectors.case_clock(
                selectors.case_for_detail(case), today).follow_up_regime,
            "grounds": _grounds_for_form(case, extension_form, today) if can_decide else [],
        },
        status=status,
    )


@login_required
def case_detail(request, case_id):
    case = get_case_for_user(request.user, case_id)
    return _render_case(request, case)


@require_POST
@login_required
def absence_create(request, case_id):
    case = get_case_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.record_absence", case):
        raise PermissionDenied
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            case_services.absence_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The absence has been recorded."))
            return redirect("coordination:case_detail", case_id=case.pk)
    return _render_case(request, case, absence_form=form, status=400)


def _refusal_message(case: Case, refusal: ExtensionRefused, data: dict) -> str:
    """Our own words for the rule set's refusal codes (its messages are English only)."""
    law_message = law_refusal_message(case, refusal, data)  # issue 14's codes
    if law_message:
        return law_message
    if refusal.code == "medical_evidence_required":
        return _("This ground needs medical evidence: a doctor's assessment must be on file.")
    if refusal.code == "valid_until_required":
        limit = case.rules_on(data["decided_on"]).max_valid_until(
            data["ground"], case.reassessment_date, data["decided_on"]
        )
        return _("This ground lasts a limited time: give the date it is valid until "
                 "(%(limit)s at the latest).") % {"limit": human_date(limit)}
    if refusal.code == "extension_too_long":
        limit = case.rules_on(data["decided_on"]).max_valid_until(
            data["ground"], case.reassessment_date, data["decided_on"]
        )
        return _("This ground allows an extension until %(limit)s at the latest.") % {
            "limit": human_date(limit)
        }
    if refusal.code == "valid_until_not_allowed":
        return _("A decision that no ground applies extends nothing; leave this empty.")
    if refusal.code == "invalid":
        return _("The valid-until date cannot be before the decision date.")
    return str(refusal)


@require_POST
@login_required
def extension_create(request, case_id):
    case = get_case_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.decide_extension", case):
        raise PermissionDenied
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            case_services.extension_decide(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except ExtensionRefused as refusal:
            add_domain_error(form, refusal,
                             message=_refusal_message(case, refusal, form.cleaned_data))
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("coordination:case_detail", case_id=case.pk)
    return _render_case(request, case, extension_form=form, status=400)


@require_POST
@login_required
def case_hand_over(request, case_id):
    case = get_case_for_user(request.user, case_id)
    # A form without `role` hands over the consultant, as the page did before it had one.
    role = request.POST.get("role") or Role.EMPLOYMENT_CONSULTANT
    if role not in case_services.HANDOVER_PERMS:
        role = Role.EMPLOYMENT_CONSULTANT
    if not request.user.has_perm(case_services.HANDOVER_PERMS[role], case):
        raise PermissionDenied
    form = HandoverForm(request.POST, case=case, role=role)
    if form.is_valid():
        try:
            case_services.case_hand_over(
                actor=request.user,
                case=case,
                role=role,
                to_user=form.cleaned_data["to_user"],
            )
        except case_services.CaseRefused as refused:
            add_domain_error(form, refused, field="to_user")
        except ValidationError as error:
            if hasattr(error, "error_dict") and "to" in error.error_dict:
                error = ValidationError({"to_user": error.error_dict["to"]})
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The case has been handed over."))
            # The former professional may no longer see everything, but still sees the case
            # through their membership history; the page tells them what changed.
            return redirect("coordination:case_detail", case_id=case.pk)
    return _render_case(request, case, handover_form=form, status=400)


@require_POST
@login_required
def case_follow_up(request, case_id):
    """The consultant records the expected return date and the agreed next conversation."""
    case = get_case_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.manage_follow_up", case):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_services.case_follow_up_update(
                actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect("coordination:case_detail", case_id=case.pk)
    return _render_case(request, case, follow_up_form=form, status=400)


# --- the service user's page ------------------------------------------------------------


@login_required
def my_case(request):
    require_perm(request, "coordination.view_own_case")
    case = service_user_current_case(
        request.user,
        Case.objects.for_user(request.user)
        .select_related("care_manager__organisation", "employment_consultant__organisation")
        .prefetch_related("absences", "decisions", "deadlines"),
    )
    context = {"case": case}
    if case is not None:
        today = timezone.localdate()
        rules = case.rules_on(today)
        timeline = build_timeline(case, today=today)
        latest = rules.current_decision(case.decisions.all(), today)
        # The `none` outcome follows the reassessment date (job clarification before
        # 2027-01-01, the reduced rate from then); a ground's texts, the decision's date.
        outcome = none_outcome(case.reassessment_date or today)
        context.update(
            {
                "today": today,
                "timeline": timeline,
                "weeks_used": format_weeks(timeline.weeks_used),
                # What matters first (issue 17): the next meeting, then whom to contact.
                "next_meeting": (
                    Meeting.objects.filter(
                        case=case, status=MeetingStatus.SCHEDULED,
                        starts_at__gte=timezone.now(),
                    )
                    .order_by("starts_at")
                    .first()
                ),
                "contacts": [
                    (case.employment_consultant, _("Your employment consultant")),
                    (case.care_manager, _("Your care manager")),
                ],
                "days_left": (
                    (case.reassessment_date - today).days
                    if case.reassessment_date and case.reassessment_date >= today
                    else None
                ),
                "grounds": [
                    {"code": code, "label": ground_label(g), "plain": ground_plain(g)}
                    for code, g in rules.grounds.items()
                    if code != "none"
                ],
                "none_plain": ground_plain(ground_on("none", today, case.reassessment_date)),
                "latest_decision": latest,
                "latest_ground": latest.ground_label if latest else "",
                "none_outcome": outcome,
                "job_clarification_from": (
                    case.reassessment_date + timedelta(days=1)
                    if case.reassessment_date
                    else None
                ),
                # What still lies ahead, and week 22 whatever its state; met follow-ups are
                # history the service user need not scan past.
                "deadlines": sorted(
                    (
                        d for d in case.deadlines.all()
                        if d.status != DeadlineStatus.MET or d.kind == DeadlineKind.REASSESSMENT
                    ),
                    key=lambda d: (d.due, d.kind),
                ),
            }
        )
        context.update(my_case_law_context(case, today))  # issue 14: hearing, § 25, § 24 a
    return render(request, "coordination/my_case.html", context)


# --- notifications ----------------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = notifications_for_user(request.user).select_related("case__service_user")
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    # A notification names the service user of its case: each case shown is a read.
    access_log_record_many(
        actor=request.user, cases=[n.case_id for n in page if n.case_id],
        action=AccessAction.NOTIFICATIONS_LISTED, object_type="notification",
    )
    return render(request, "coordination/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, notification_id):
    notification = notifications_for_user(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    notification_services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("coordination:notification_list")


@require_POST
@login_required
def notifications_read_all(request):
    notification_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("coordination:notification_list")

