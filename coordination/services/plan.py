"""The shared plan: goals, versions with optimistic concurrency, acknowledgement, comments.

Every change names the plan version its author last saw. The Plan row is locked
(SELECT ... FOR UPDATE) and the version compared inside the transaction, so of two edits
made from the same version exactly one wins and the other is refused with `stale_plan`,
together with what changed since: nothing is silently overwritten.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coordination.models import (
    Case,
    Goal,
    GoalCommitment,
    Plan,
    PlanAcknowledgement,
    PlanChange,
    PlanComment,
)

GOAL_FIELDS = (
    "kind",
    "description",
    "service_user_words",
    "target_date",
    "owner",
    "status",
    "commitment",
)


class StalePlan(Exception):
    """The author's version is not the current one; `changes` are the PlanChange rows since."""

    def __init__(self, *, current_version: int, changes: list[PlanChange]):
        super().__init__(_("The plan has changed since you opened it."))
        self.current_version = current_version
        self.changes = changes


def plan_for_case(case: Case) -> Plan:
    """The case's plan; normally made by case_open, made here for cases from before it.
    Kept on the case instance, so a page and the service it calls read it once."""
    cached = case._state.fields_cache.get("plan")
    if cached is not None:
        return cached
    plan, _created = Plan.objects.get_or_create(case=case)
    case._state.fields_cache["plan"] = plan
    return plan


def goal_snapshot(goal: Goal) -> dict:
    """A goal as plain JSON, for the history's before/after."""
    return {
        "kind": goal.kind,
        "description": goal.description,
        "service_user_words": goal.service_user_words,
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
        "owner": str(goal.owner_id) if goal.owner_id else None,
        "owner_name": goal.owner.display_name if goal.owner_id else None,
        "status": goal.status,
        "commitment": goal.commitment,
    }


def _locked_plan(case: Case, seen_version: int) -> Plan:
    plan = plan_for_case(case)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if seen_version != plan.version:
        changes = list(
            plan.changes.filter(version__gt=seen_version)
            .select_related("changed_by")
            .order_by("version")
        )
        raise StalePlan(current_version=plan.version, changes=changes)
    return plan


def _check_owner(case: Case, owner) -> None:
    if owner is not None and owner.pk not in (
        case.service_user_id,
        case.care_manager_id,
        case.employment_consultant_id,
    ):
        raise ValidationError({"owner": [_("The owner must be one of the case's people.")]})


def _record(plan: Plan, *, goal: Goal, action: str, actor, before, after) -> PlanChange:
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    return PlanChange.objects.create(
        plan=plan,
        version=plan.version,
        goal=goal,
        action=action,
        changed_by=actor,
        before=before,
        after=after,
    )


@transaction.atomic
def goal_add(
    *,
    case: Case,
    actor,
    plan_version: int,
    kind: str,
    description: str,
    service_user_words: str = "",
    target_date=None,
    owner=None,
    commitment: str = GoalCommitment.VOLUNTARY,
) -> Goal:
    """Add a goal, making a new plan version (raises StalePlan on a stale version)."""
    plan = _locked_plan(case, plan_version)
    _check_owner(case, owner)
    goal = Goal.objects.create(
        plan=plan,
        kind=kind,
        description=description,
        service_user_words=service_user_words,
        target_date=target_date,
        owner=owner,
        commitment=commitment,
    )
    _record(plan, goal=goal, action="goal_added", actor=actor, before=None,
            after=goal_snapshot(goal))
    return goal


@transaction.atomic
def goal_change(*, goal: Goal, actor, plan_version: int, **changes) -> Goal:
    """Change a goal's fields (any of GOAL_FIELDS); a real change makes a new plan version,
    a request that changes nothing leaves the version alone."""
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    case = goal.plan.case
    plan = _locked_plan(case, plan_version)
    goal = Goal.objects.select_related("owner").get(pk=goal.pk, plan=plan)
    if "owner" in changes:
        _check_owner(case, changes["owner"])
    before = goal_snapshot(goal)
    for field, value in changes.items():
        setattr(goal, field, value)
    after = goal_snapshot(goal)
    if after == before:
        return goal
    goal.save()
    _record(plan, goal=goal, action="goal_changed", actor=actor, before=before, after=after)
    return goal


@transaction.atomic
def plan_acknowledge(*, case: Case, user, version: int) -> tuple[PlanAcknowledgement, bool]:
    """The service user confirms having read this version of the plan. Only the current
    version can be acknowledged; acknowledging it again changes nothing."""
    plan = _locked_plan(case, version)
    if plan.version == 0:
        raise ValidationError({"version": [_("The plan has no goals to acknowledge yet.")]})
    return PlanAcknowledgement.objects.get_or_create(plan=plan, user=user, version=version)


@transaction.atomic
def plan_comment_add(*, case: Case, author, text: str) -> PlanComment:
    """The service user's comment on the plan, tied to the version they read."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write a comment first.")]})
    plan = plan_for_case(case)
    return PlanComment.objects.create(plan=plan, author=author, text=text, version=plan.version)
