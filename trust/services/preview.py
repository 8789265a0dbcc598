"""What each professional will have in front of them at a meeting, for the service user to
see beforehand (issue 18; API.md, `GET /api/meetings/{id}/preview/`).

Each list is built from the very querysets and checks that answer that professional's own
API reads - `Case.objects.for_user`, `coordination.read_case_content` for the plan,
`selectors.case_deadlines`, `case.decisions` and `Note.objects.for_user` - asked as that
professional, so the preview cannot disagree with what they really get (the equality test:
tests/coordination/voice/test_preview.py).

A note the professional reads but the service user may not (`Note.objects.for_user` of the
service user) is shown only as existing: its scope and who may read it, never its text or
its id (API.md: "only that one exists").
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coordination import selectors
from coordination.models import Case, Meeting, MeetingStatus
from coordination.services.plan import plan_for_case
from ibbis.accounts.models import Role
from ibbis.errors import DomainConflict
from trust.models import Consent, ConsentKind, Note, NoteScope
from trust.readers import readers_in_plain_words

# The parties of the preview, in the order the contract names them.
PARTIES = (Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT)
# What is not a note belongs to the case as a whole, which the service user reads too.
CASE_WIDE = "shared"
# How much of a readable note's text names it in the list.
TITLE_LENGTH = 80


def _goal_items(case: Case) -> list[dict]:
    # The plan endpoint's rows (coordination/api/plan.py, plan_payload).
    goals = plan_for_case(case).goals.order_by("created_at", "id")
    return [
        {"kind": "goal", "id": str(goal.pk), "title": goal.description, "scope": CASE_WIDE,
         "readable": True}
        for goal in goals
    ]


def _note_title(text: str) -> str:
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    if len(first_line) > TITLE_LENGTH:
        return first_line[: TITLE_LENGTH - 1].rstrip() + "…"
    return first_line


def _note_items(case: Case, professional, readable_ids: set) -> list[dict]:
    notes = (
        Note.objects.for_user(professional).filter(case=case)
        .select_related("author_organisation").order_by("-created_at", "id")
    )
    items = []
    for note in notes:
        if note.pk in readable_ids:
            items.append({"kind": "note", "id": str(note.pk), "title": _note_title(note.text),
                          "scope": note.scope, "readable": True})
        else:
            items.append({"kind": "note", "title": _("A note you cannot read"),
                          "scope": note.scope, "readable": False,
                          "readers": readers_in_plain_words(note)})
    return items


def _deadline_items(case: Case) -> list[dict]:
    # The deadlines endpoint without `as_of` (coordination/api/cases.py, deadlines).
    return [
        {"kind": "deadline", "title": str(row["label"]), "scope": CASE_WIDE, "readable": True,
         "due": row["due"], "status": row["status"]}
        for row in selectors.case_deadlines(case, None)
    ]


def _decision_items(case: Case) -> list[dict]:
    # The extensions endpoint's rows (coordination/api/cases.py, extensions).
    return [
        {"kind": "decision", "id": str(decision.pk), "title": decision.ground_label,
         "scope": CASE_WIDE, "readable": True, "date": decision.decided_on}
        for decision in case.decisions.select_related("case").order_by("decided_on",
                                                                        "created_at")
    ]


@dataclass(frozen=True)
class CaseWide:
    """The rows every reader of the case gets alike, read once for both parties."""

    goals: list
    deadlines: list
    decisions: list


def party_items(*, case: Case, professional, readable_ids: set, case_wide: CaseWide
                ) -> list[dict]:
    """What `professional` reads of `case`: plan goals, notes, deadlines, decisions."""
    if professional is None or not professional.is_active:
        return []
    if not Case.objects.for_user(professional).filter(pk=case.pk).exists():
        return []
    # The plan endpoint's own gate (coordination.access.get_case_content_for_user).
    goals = (case_wide.goals
             if professional.has_perm("coordination.read_case_content", case) else [])
    return [
        *goals,
        *_note_items(case, professional, readable_ids),
        *case_wide.deadlines,
        *case_wide.decisions,
    ]


def meeting_preview(*, meeting: Meeting, viewer) -> dict[str, list[dict]]:
    """`{"care_manager": [...], "employment_consultant": [...]}` for the meeting's case, as
    its current professionals read it now; `viewer` is the service user asking (the caller
    checks `coordination.preview_meeting`). A meeting held or cancelled has nothing ahead of
    it: 409 `meeting_closed`."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainConflict(
            "meeting_closed", _("This meeting has already been held or was cancelled.")
        )
    case = meeting.case
    readable_ids = set(
        Note.objects.for_user(viewer).filter(case=case).values_list("pk", flat=True)
    )
    case_wide = CaseWide(goals=_goal_items(case), deadlines=_deadline_items(case),
                         decisions=_decision_items(case))
    return {
        role: party_items(case=case, professional=getattr(case, role),
                          readable_ids=readable_ids, case_wide=case_wide)
        for role in PARTIES
    }


# --- the plain words beside the lists ----------------------------------------------------

CONSENT_NONE, CONSENT_ACTIVE, CONSENT_REVOKED, CONSENT_EXPIRED = (
    "none", "active", "revoked", "expired",
)


@dataclass(frozen=True)
class ConsentPicture:
    state: str  # none | active | revoked | expired
    health_notes: int  # the care manager's team and shared notes (consent-gated)
    hidden_from_jobcentre: int  # of those, what the consultant does not read now


def consent_picture(*, case: Case) -> ConsentPicture:
    """Whether the care manager's health notes reach the jobcentre, and why (DOMAIN.md, Note
    scopes: such notes reach the jobcentre only while the consent is active)."""
    consents = Consent.objects.filter(case=case, kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE)
    if consents.active().exists():
        state = CONSENT_ACTIVE
    elif consents.filter(revoked_at__isnull=False).exists():
        state = CONSENT_REVOKED
    elif consents.exists():
        state = CONSENT_EXPIRED
    else:
        state = CONSENT_NONE
    gated = Note.objects.filter(
        case=case, author_role=Role.CARE_MANAGER, scope__in=[NoteScope.TEAM, NoteScope.SHARED]
    )
    consultant = case.employment_consultant
    seen = Note.objects.for_user(consultant).filter(pk__in=gated.values("pk"))
    total = gated.count()
    return ConsentPicture(state=state, health_notes=total,
                          hidden_from_jobcentre=total - seen.count())
