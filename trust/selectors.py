"""Trust reads that aggregate: nothing here returns a single note text or feedback answer."""
from django.db.models import Avg, Count, Q

from coordination.models import Meeting
from trust.models import MeetingChecklistItem, MeetingFeedback

# DOMAIN.md / API.md: averages stay hidden below this many answers, so none can be traced.
FEEDBACK_ANONYMITY_THRESHOLD = 3


def _organisation_cases(organisation):
    return Q(case__care_manager_organisation=organisation) | Q(
        case__employment_consultant_organisation=organisation
    )


def _published(count: int) -> int:
    """How many answers the published figures count: the largest multiple of the threshold
    not above `count`. Figures (count included) so move only when another full step of
    FEEDBACK_ANONYMITY_THRESHOLD answers has come in since they last moved, and no single
    answer can be read off the difference of two readings (API.md, dashboard row)."""
    return count - count % FEEDBACK_ANONYMITY_THRESHOLD


# The batch rule under its public name, for every thresholded figure (feedback, the
# relational coordination survey: trust/dashboard/relational.py).
published_count = _published


def _averages(rows) -> dict:
    keys = ("felt_safe", "felt_heard", "understood_next_steps")
    if not rows:
        return {f"{key}_avg": None for key in keys}
    return {
        f"{key}_avg": round(sum(row[key] for row in rows) / len(rows), 2) for key in keys
    }


def feedback_summary(organisation) -> dict:
    """Responses and the three averages over the organisation's meetings, as published:
    over the oldest `_published(n)` of its n answers, so they change only in steps of
    FEEDBACK_ANONYMITY_THRESHOLD new answers; below that many, 0 and null averages."""
    answers = MeetingFeedback.objects.for_organisation(organisation)
    counted = _published(answers.count())
    oldest = answers.order_by("created_at", "id").values("pk")[:counted]
    row = MeetingFeedback.objects.filter(pk__in=oldest).aggregate(
        felt_safe_avg=Avg("felt_safe"),
        felt_heard_avg=Avg("felt_heard"),
        understood_next_steps_avg=Avg("understood_next_steps"),
    ) if counted else {}
    return {
        "responses": counted,
        **{
            key: (round(float(row[key]), 2) if counted else None)
            for key in ("felt_safe_avg", "felt_heard_avg", "understood_next_steps_avg")
        },
    }


def checklist_completion(organisation) -> dict:
    """How much of the checklist gets done on the organisation's meetings: overall and per
    phase, over meetings that are not cancelled and have a checklist copy."""
    meetings = Meeting.objects.filter(_organisation_cases(organisation)).exclude(
        status="cancelled"
    )
    items = MeetingChecklistItem.objects.filter(checklist__meeting__in=meetings)
    per_phase = {
        row["phase"]: row
        for row in items.values("phase").annotate(
            total=Count("id"), done=Count("id", filter=Q(done=True))
        )
    }
    total = sum(row["total"] for row in per_phase.values())
    done = sum(row["done"] for row in per_phase.values())

    def rate(d, t):
        return round(d / t, 3) if t else None

    return {
        "meetings": items.values("checklist__meeting").distinct().count(),
        "items": total,
        "done": done,
        "rate": rate(done, total),
        "by_phase": {
            phase: {
                "items": per_phase.get(phase, {}).get("total", 0),
                "done": per_phase.get(phase, {}).get("done", 0),
                "rate": rate(
                    per_phase.get(phase, {}).get("done", 0),
                    per_phase.get(phase, {}).get("total", 0),
                ),
            }
            for phase in ("before", "during", "after")
        },
    }


def meeting_checklist_context(*, meeting, user) -> dict:
    """What `trust/includes/meeting_checklist.html` needs, for the meeting page or ours:
    the meeting's copy (made now if missing) grouped by phase, and whether the user may tick.
    The caller has already checked that the user sees the meeting, and logs the read."""
    from trust.models import ChecklistPhase
    from trust.services import checklist_copy_for_meeting

    checklist = checklist_copy_for_meeting(meeting=meeting)
    items = list(checklist.items.select_related("done_by"))
    return {
        "meeting": meeting,
        "can_tick": user.has_perm("trust.tick_checklist", meeting.case),
        # The service user reads the list written to them (issue 17), not about them.
        "for_service_user": user.pk == meeting.case.service_user_id,
        "phases": [
            (label, [item for item in items if item.phase == value])
            for value, label in ChecklistPhase.choices
        ],
    }


def feedback_by_month(organisation, *, months: int = 12) -> list[dict]:
    """The three averages per calendar month of the last `months` months, oldest first.
    Months with fewer than FEEDBACK_ANONYMITY_THRESHOLD responses are left out entirely, so
    no month's figures can be traced to a person (DOMAIN.md, Why trust)."""
    from datetime import timedelta

    from django.utils import timezone

    since = (timezone.localdate().replace(day=1) - timedelta(days=31 * (months - 1))).replace(
        day=1
    )
    # Per month, the same steps as feedback_summary: a month's figures cover its oldest
    # `_published(n)` answers, and a month below one step is left out.
    answers = (
        MeetingFeedback.objects.for_organisation(organisation)
        .filter(created_at__date__gte=since)
        .order_by("created_at", "id")
        .values("created_at", "felt_safe", "felt_heard", "understood_next_steps")
    )
    by_month: dict = {}
    for answer in answers:
        month = timezone.localtime(answer["created_at"]).date().replace(day=1)
        by_month.setdefault(month, []).append(answer)
    published = []
    for month in sorted(by_month):
        counted = _published(len(by_month[month]))
        if counted:
            rows = by_month[month][:counted]
            published.append({"month": month, "responses": counted, **_averages(rows)})
    return published
