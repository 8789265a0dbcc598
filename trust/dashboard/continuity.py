"""Continuity of the teams (issue 21; DOMAIN.md, Why trust: "trust grows over time and
sessions": continuity shown), computed from the case memberships, which keep every holder of
each role with when they started and ended (a handover or an accepted transfer ends one
membership and starts the next: coordination.services.cases._move_role).

- for each pair of professionals (a care manager and an employment consultant): on how many
  cases they have been on the team together, and for how many days in all (the union of the
  periods, so two shared cases at once count once), since when, and whether they share one now;
- for each case: its handovers (ended memberships) and its longest unbroken team (the longest
  stretch with the same two professionals), up to today or the day it closed;
- the cases whose team changed in the last TEAM_CHANGE_DAYS days, because trust starts over.

Days are calendar days in Europe/Copenhagen (timezone.localdate). The manager reads names of
professionals and dates, never a service user's name or anything written on the case; two
queries per figure, whatever the number of cases."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from coordination.models import Case, CaseMembership
from ibbis.accounts.models import User

TEAM_CHANGE_DAYS = 90
# Pair continuity reads open cases and those closed within this long.
CLOSED_WITHIN_DAYS = 365


@dataclass(frozen=True)
class Stint:
    case_id: object
    role: str
    user_id: object
    start: date
    end: date  # today (or the case's closing day) while the membership is open
    started_at: object
    ended_at: object


def _stints(cases, today) -> dict:
    """{case id: [Stint, ...]} for these cases, in one query."""
    rows = (
        CaseMembership.objects.filter(case__in=cases)
        .order_by("case_id", "started_at", "pk")
        .values_list("case_id", "role", "user_id", "started_at", "ended_at", "case__closed_on")
    )
    by_case = defaultdict(list)
    for case_id, role, user_id, started_at, ended_at, closed_on in rows:
        start = timezone.localdate(started_at)
        end = timezone.localdate(ended_at) if ended_at else min(closed_on or today, today)
        by_case[case_id].append(
            Stint(case_id, role, user_id, start, max(end, start), started_at, ended_at)
        )
    return by_case


def handovers(stints) -> int:
    """Each ended membership is one handover of its role."""
    return sum(1 for s in stints if s.ended_at is not None)


def longest_team_days(stints) -> int:
    """The longest stretch, in days, with the same care manager and employment consultant."""
    points = sorted({s.start for s in stints} | {s.end for s in stints})
    longest = 0
    run_start, run_team = None, None
    for day in points:
        team = tuple(
            sorted(
                (s.role, str(s.user_id)) for s in stints
                if s.start <= day and (s.ended_at is None or s.end > day)
            )
        )
        if team != run_team:
            if run_team and len(run_team) == 2:
                longest = max(longest, (day - run_start).days)
            run_start, run_team = day, team
    if run_team and len(run_team) == 2 and points:
        longest = max(longest, (points[-1] - run_start).days)
    return longest


def _union_days(periods) -> int:
    total, current_start, current_end = 0, None, None
    for start, end in sorted(periods):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).days
    return total


def pair_continuity(manager, *, today=None) -> list[dict]:
    """The pairs with at least one professional of the manager's organisation, longest
    together first: `{"care_manager", "employment_consultant", "cases", "days", "since",
    "current"}` (names are the professionals' own)."""
    today = today or timezone.localdate()
    cases = Case.objects.for_user(manager).exclude(
        closed_on__lt=today - timedelta(days=CLOSED_WITHIN_DAYS)
    )
    pairs: dict = defaultdict(lambda: {"cases": set(), "periods": [], "current": False})
    for stints in _stints(cases, today).values():
        carers = [s for s in stints if s.role == "care_manager"]
        consultants = [s for s in stints if s.role == "employment_consultant"]
        for cm in carers:
            for ec in consultants:
                # Together while both memberships ran (datetimes, so a same-instant handover
                # is no overlap).
                if ec.ended_at is not None and ec.ended_at <= cm.started_at:
                    continue
                if cm.ended_at is not None and cm.ended_at <= ec.started_at:
                    continue
                pair = pairs[(cm.user_id, ec.user_id)]
                pair["cases"].add(cm.case_id)
                pair["periods"].append((max(cm.start, ec.start), min(cm.end, ec.end)))
                pair["current"] |= cm.ended_at is None and ec.ended_at is None
    people = User.objects.in_bulk({pk for pair in pairs for pk in pair})
    mine = manager.organisation_id
    rows = []
    for (cm_id, ec_id), pair in pairs.items():
        cm, ec = people[cm_id], people[ec_id]
        if mine not in (cm.organisation_id, ec.organisation_id):
            continue
        rows.append(
            {
                "care_manager": cm.display_name,
                "employment_consultant": ec.display_name,
                "cases": len(pair["cases"]),
                "days": _union_days(pair["periods"]),
                "since": min(start for start, _end in pair["periods"]),
                "current": pair["current"],
            }
        )
    return sorted(rows, key=lambda r: (-r["days"], -r["cases"], r["care_manager"],
                                       r["employment_consultant"]))


def team_changes(manager, *, today=None, limit=50) -> dict:
    """The manager's cases whose team changed in the last TEAM_CHANGE_DAYS days (a membership
    ended then), the latest change first: `{"count", "days", "cases": [{"case", "changed_on",
    "handovers", "longest_team_days", "care_manager", "employment_consultant"}]}`, at most
    `limit` rows (the count is of all)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=TEAM_CHANGE_DAYS)
    changed = Case.objects.for_user(manager).filter(
        memberships__ended_at__date__gte=since
    ).values("pk")
    by_case = _stints(changed, today)
    people = User.objects.in_bulk(
        {s.user_id for stints in by_case.values() for s in stints if s.ended_at is None}
    )
    rows = []
    for case_id, stints in by_case.items():
        current = {s.role: people.get(s.user_id) for s in stints if s.ended_at is None}
        rows.append(
            {
                "case": case_id,
                "changed_on": max(s.end for s in stints if s.ended_at is not None),
                "handovers": handovers(stints),
                "longest_team_days": longest_team_days(stints),
                "care_manager": getattr(current.get("care_manager"), "display_name", ""),
                "employment_consultant": getattr(
                    current.get("employment_consultant"), "display_name", ""
                ),
            }
        )
    rows.sort(key=lambda r: (r["changed_on"], str(r["case"])), reverse=True)
    return {"count": len(rows), "days": TEAM_CHANGE_DAYS, "cases": rows[:limit]}
