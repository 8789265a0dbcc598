"""The case pages: opening a case, the case page with its forms, handing over, follow-up.
The case page's other forms post to their nouns' modules (absences, decisions); the
caseload, the service user's page and notifications have modules of their own. Views
parse, call a service in `coordination.services`, and render."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role, User
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.forms import add_domain_error

from .. import selectors
from ..access import get_case_for_user
from ..benefit_rules import ground_on
from ..forms.caseload import ServiceUserSearchForm, service_user_choices_narrow
from ..forms.cases import (
    AbsenceForm,
    CaseOpenForm,
    ExtensionForm,
    FollowUpForm,
    HandoverForm,
    UserChoiceField,
    apply_service_errors,
)
from ..models import Case, EmergencyAccess
from ..services import cases as case_services
from ..services import follow_up as follow_up_services
from ..timeline import build_timeline, ground_label, ground_plain


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
    # The search for the service user is a GET form beside it (issue 17); its words stay in
    # the URL the case form posts to, so an error shows the same short list again.
    search = ServiceUserSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    search_result = service_user_choices_narrow(form, query)
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
    return render(request, "coordination/case_open.html",
                  {"form": form, "search": search, "query": query, **search_result},
                  status=status)


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


def render_case(request, case, *, absence_form=None, extension_form=None,
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
    # Break the glass (issue 19): whoever reads the case under emergency access is told so
    # on the page, with the time it ends. Asked only of professionals not on the case.
    emergency_access = None
    if user.role in PROFESSIONAL_ROLES and user.pk not in (
            case.care_manager_id, case.employment_consultant_id):
        emergency_access = EmergencyAccess.objects.filter(case=case, user=user).open().first()
    return render(
        request,
        "coordination/case_detail.html",
        {
            "case": case,
            "today": today,
            "timeline": build_timeline(case, today=today),
            "team": _team(case),
            "together_since": selectors.case_team_since(case),
            "former_members": [m for m in case.memberships.all() if m.ended_at is not None],
            "decisions": decisions,
            "show_reasoning": show_reasoning,
            "emergency_access": emergency_access,
            # GET /api/cases/{id}/fhir/ answers exactly the readers of case content.
            "can_download_fhir": show_reasoning,
            # The hearings before a decision (issue 18): case content, as the reasoning.
            "hearings": (
                list(case.hearings.order_by("-created_at", "id")) if show_reasoning else []
            ),
            "can_send_hearing": user.has_perm("coordination.send_hearing", case),
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
    return render_case(request, case)


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
    return render_case(request, case, handover_form=form, status=400)


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
    return render_case(request, case, follow_up_form=form, status=400)
