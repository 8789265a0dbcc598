"""Shared plan pages: the professionals' editing page and the service user's plain page.

A goal form carries the plan version it was opened at. A stale save is not applied: the
page shows what changed since, keeps what the user typed, and lets them save again on top
of the current version once they have seen it (DOMAIN.md, trust: nothing imposed blind).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coordination.access import (
    get_case_content_for_user,
    get_goal_of_case,
    service_user_current_case,
)
from coordination.forms.plan import GoalForm, PlanAcknowledgeForm, PlanCommentForm
from coordination.models import (
    Case,
    GoalCommitment,
    GoalKind,
    GoalStatus,
    Meeting,
    MeetingStatus,
    PlanAcknowledgement,
    PlanChange,
)
from coordination.services.plan import (
    StalePlan,
    goal_add,
    goal_change,
    plan_acknowledge,
    plan_comment_add,
    plan_for_case,
)
from ibbis.accounts.models import Role
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record

# Field labels for the "what changed" list (the history's before/after keys).
CHANGE_LABELS = {
    "kind": gettext_lazy("kind"),
    "description": gettext_lazy("goal"),
    "service_user_words": gettext_lazy("own words"),
    "target_date": gettext_lazy("target date"),
    "owner_name": gettext_lazy("who takes care of it"),
    "status": gettext_lazy("status"),
    "commitment": gettext_lazy("how binding"),
}
CHOICE_LABELS = {
    "kind": dict(GoalKind.choices),
    "status": dict(GoalStatus.choices),
    "commitment": dict(GoalCommitment.choices),
}


def _shown(key, value):
    if value in (None, ""):
        return "–"
    return CHOICE_LABELS.get(key, {}).get(value, value)


def plan_case(user, case_id) -> Case:
    """The case when the user may read its plan: its professionals and its service user.
    Managers see caseloads, not plan content; admins no case content: 404."""
    case = get_case_content_for_user(user, case_id)
    return Case.objects.select_related(
        "service_user", "care_manager", "employment_consultant"
    ).get(pk=case.pk)


def describe_changes(changes) -> list[dict]:
    """Each PlanChange as who/when plus readable `field: before -> after` lines."""
    described = []
    for change in changes:
        before, after = change.before or {}, change.after or {}
        lines = [
            {
                "field": label,
                "before": _shown(key, before.get(key)),
                "after": _shown(key, after.get(key)),
            }
            for key, label in CHANGE_LABELS.items()
            if before.get(key) != after.get(key) and (before or key == "description")
        ]
        described.append({"change": change, "lines": lines})
    return described


def _plan_context(case):
    plan = plan_for_case(case)
    goals = list(plan.goals.select_related("owner").order_by("created_at", "id"))
    acknowledgement = (
        PlanAcknowledgement.objects.filter(plan=plan, user_id=case.service_user_id)
        .order_by("-version")
        .first()
    )
    return {
        "case": case,
        "plan": plan,
        "goals": goals,
        "acknowledgement": acknowledgement,
        "acknowledged_current": acknowledgement is not None
        and acknowledgement.version == plan.version,
        "comments": plan.comments.select_related("author").order_by("-created_at"),
    }


@login_required
def plan_detail(request, case_id):
    case = plan_case(request.user, case_id)
    if request.user.role == Role.SERVICE_USER:
        return _service_user_plan(request, case)
    access_log_record(actor=request.user, case=case, action=AccessAction.PLAN_VIEWED,
                      object_type="plan")
    context = _plan_context(case)
    context["can_edit"] = request.user.has_perm("coordination.edit_plan", case)
    context["goal_form"] = GoalForm(
        case=case, new=True, initial={"plan_version": context["plan"].version}, prefix="goal"
    )
    return render(request, "coordination/plan_edit.html", context)


def _service_user_plan(request, case, comment_form=None, status=200):
    context = _plan_context(case)
    context["next_meeting"] = (
        Meeting.objects.filter(
            case=case, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    context["acknowledge_form"] = PlanAcknowledgeForm(initial={"version": context["plan"].version})
    context["comment_form"] = comment_form or PlanCommentForm(prefix="comment")
    return render(request, "coordination/plan_service_user.html", context, status=status)


@login_required
def my_plan(request):
    """The service user's own plan: the open case first, else the newest."""
    if not request.user.has_perm("coordination.view_own_case"):
        raise PermissionDenied
    case = service_user_current_case(request.user)
    if case is None:
        return render(request, "coordination/plan_none.html")
    return redirect("meetings:plan_detail", case_id=case.pk)


def _editable(request, case_id) -> Case:
    case = plan_case(request.user, case_id)
    if not request.user.has_perm("coordination.edit_plan", case):
        raise PermissionDenied
    return case


def _goal_form_page(request, case, form, *, goal=None, stale=None, status=200):
    # The form shows the goal and names the case's people (the owner's choices); after a
    # stale save it also shows what changed since: each is a read of the plan.
    access_log_record(
        actor=request.user, case=case,
        action=AccessAction.PLAN_HISTORY_VIEWED if stale else AccessAction.PLAN_VIEWED,
        object_type="plan",
    )
    return render(
        request,
        "coordination/plan_goal_form.html",
        {"case": case, "form": form, "goal": goal, "stale": stale},
        status=status,
    )


def _stale(form, error: StalePlan) -> list[dict]:
    # Let the user save again on top of what they have now seen.
    data = form.data.copy()
    data[form.add_prefix("plan_version")] = str(error.current_version)
    form.data = data
    return describe_changes(error.changes)


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request, case_id):
    case = _editable(request, case_id)
    plan = plan_for_case(case)
    form = GoalForm(request.POST or None, case=case, new=True, prefix="goal",
                    initial={"plan_version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            goal_add(case=case, actor=request.user,
                     plan_version=form.cleaned_data["plan_version"], **form.goal_fields())
        except StalePlan as error:
            return _goal_form_page(request, case, form, stale=_stale(form, error), status=409)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The goal is added to the plan."))
            return redirect("meetings:plan_detail", case_id=case.pk)
    return _goal_form_page(request, case, form, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, case_id, goal_id):
    case = _editable(request, case_id)
    goal = get_goal_of_case(case, goal_id)
    form = GoalForm(
        request.POST or None, case=case, prefix="goal",
        initial=GoalForm.initial_for(goal, goal.plan.version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            goal_change(goal=goal, actor=request.user,
                        plan_version=form.cleaned_data["plan_version"], **form.goal_fields())
        except StalePlan as error:
            return _goal_form_page(request, case, form, goal=goal, stale=_stale(form, error),
                                   status=409)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect("meetings:plan_detail", case_id=case.pk)
    return _goal_form_page(request, case, form, goal=goal, status=400 if form.errors else 200)


@login_required
def plan_history(request, case_id):
    case = plan_case(request.user, case_id)
    access_log_record(
        actor=request.user, case=case, action=AccessAction.PLAN_HISTORY_VIEWED, object_type="plan"
    )
    changes = (
        PlanChange.objects.filter(plan__case=case).select_related("changed_by").order_by(
            "-version")
    )
    return render(
        request,
        "coordination/plan_history.html",
        {"case": case, "entries": describe_changes(changes)},
    )


@login_required
@require_POST
def plan_acknowledge_page(request, case_id):
    case = plan_case(request.user, case_id)
    if not request.user.has_perm("coordination.acknowledge_plan", case):
        raise PermissionDenied
    form = PlanAcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("There is nothing to confirm yet."))
        return redirect("meetings:plan_detail", case_id=case.pk)
    try:
        plan_acknowledge(case=case, user=request.user, version=form.cleaned_data["version"])
    except StalePlan:
        messages.warning(
            request,
            _("The plan changed while you were reading it. Please read it again before you "
              "confirm."),
        )
    except ValidationError:
        messages.error(request, _("There is nothing to confirm yet."))
    else:
        messages.success(request, _("Thank you. You have confirmed that you have read the plan."))
    return redirect("meetings:plan_detail", case_id=case.pk)


@login_required
@require_POST
def plan_comment_page(request, case_id):
    case = plan_case(request.user, case_id)
    if not request.user.has_perm("coordination.comment_plan", case):
        raise PermissionDenied
    form = PlanCommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            plan_comment_add(case=case, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.message_dict.get("text", [""])[0])
        else:
            messages.success(request, _("Your comment is sent to your team."))
            return redirect("meetings:plan_detail", case_id=case.pk)
    return _service_user_plan(request, case, comment_form=form, status=400)
