"""The service user's own page: /my-case/ (DOMAIN.md, Why trust; issue 17's order)."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import require_perm, service_user_current_case
from ..benefit_rules import ground_on, none_outcome
from ..law_extras import my_case_law_context
from ..models import Case, DeadlineKind, DeadlineStatus, Meeting, MeetingStatus
from ..timeline import build_timeline, format_weeks, ground_label, ground_plain


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
                # Hearings before a decision (issue 18): an open one first of all.
                "hearings": list(case.hearings.order_by("-created_at", "id")),
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
