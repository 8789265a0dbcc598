"""Demo trust data for `manage.py seed_demo`: consents (some revoked, some with an expiry),
notes of every scope, ticked checklists and anonymous feedback on held meetings, and a few
reads in the access log.

Works on Case.objects.all() in a fixed order with one random stream per case, so it is
deterministic; a case that already has notes or consents is left alone, and feedback and
checklists are once per meeting, so running it again adds nothing.
"""
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ibbis.audit.actions import AccessAction

NOTES = {
    # scope -> texts; care managers' team/shared notes are written only under consent
    ("care_manager", "private"): [
        "Egne noter: undersøg om søvnproblemerne hænger sammen med medicinskiftet.",
        "Til næste session: arbejde med tankefælder omkring arbejdspladsen.",
    ],
    ("care_manager", "sector"): [
        "Overdragelse: borgeren profiterer af korte, konkrete aftaler og skriftlig opsummering.",
        "Behandlingsplan revideret efter 6. session; fokus på eksponering og aktivering.",
    ],
    ("care_manager", "team"): [
        "Borgeren har givet samtykke til at dele: energien er bedre om formiddagen, "
        "så korte arbejdsdage tidligt på dagen er realistiske.",
    ],
    ("care_manager", "shared"): [
        "Som aftalt på mødet: vi holder fast i samtaler hver anden uge frem til sommerferien.",
    ],
    ("employment_consultant", "private"): [
        "Huske at indhente statusattest fra egen læge inden revurderingen.",
    ],
    ("employment_consultant", "sector"): [
        "Sagen er drøftet på teammøde; ingen indstilling til rehabiliteringsteam endnu.",
    ],
    ("employment_consultant", "team"): [
        "Arbejdsgiver er positiv over for gradvis tilbagevenden med 10 timer om ugen.",
    ],
    ("employment_consultant", "shared"): [
        "Revurderingen forklaret: en forlængelse kræver en af de syv grunde; vi ser på "
        "§ 27, stk. 1, nr. 2 (afklarende foranstaltninger) sammen på næste møde.",
    ],
}
FEEDBACK_COMMENTS = [
    "",
    "",
    "Jeg følte mig hørt, især da vi talte om tempoet.",
    "Det var rart at vide på forhånd, hvem der kom.",
    "Lidt for mange fagord om loven, men det blev forklaret.",
]


def _case_order(service_users=None):
    from coordination.models import Case

    cases = Case.objects.select_related(
        "service_user", "care_manager__organisation", "employment_consultant__organisation"
    ).order_by("service_user__username", "first_absence_day", "created_at")
    if service_users is not None:
        # At scale only the small demo's cases get notes and consents (ibbis/demo/scale.py).
        cases = cases.filter(service_user__in=service_users)
    return cases


def _seed_consent(case, rng, now, index):
    from trust.models import Consent

    if case.consents.exists():
        return
    # A fixed mix, so even a small demo has every state: revoked, active, never given.
    pattern = index % 7
    kind = "share_health_with_jobcentre"
    if pattern == 0:
        Consent.objects.create(
            case=case, kind=kind, granted_by=case.service_user,
            granted_at=now - timedelta(days=60), revoked_at=now - timedelta(days=20),
        )
    elif pattern <= 4:
        expires = timezone.localdate() + timedelta(days=rng.choice([60, 120, 180])) if (
            rng.random() < 0.4
        ) else None
        Consent.objects.create(
            case=case, kind=kind, granted_by=case.service_user,
            granted_at=now - timedelta(days=rng.randint(10, 50)), expires_on=expires,
        )


def _seed_notes(case, rng, now):
    from trust.models import Consent, Note

    if case.notes.exists():
        return
    consented = Consent.objects.active().filter(
        case=case, kind="share_health_with_jobcentre"
    ).exists()
    notes = []
    for author in (case.care_manager, case.employment_consultant):
        for scope in ("private", "sector", "team", "shared"):
            if author.role == "care_manager" and scope in ("team", "shared") and not consented:
                continue
            if rng.random() < 0.35:
                continue
            notes.append(
                Note(
                    case=case,
                    author=author,
                    author_role=author.role,
                    author_organisation=author.organisation,
                    scope=scope,
                    text=rng.choice(NOTES[(author.role, scope)]),
                    created_at=now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 8)),
                )
            )
    Note.objects.bulk_create(notes)


def _seed_meeting_trust(case, stream):
    from coordination.models import MeetingStatus
    from trust.models import MeetingFeedback
    from trust.services import checklist_copy_for_meeting

    for position, meeting in enumerate(case.meetings.order_by("starts_at", "created_at")):
        rng = random.Random(f"{stream}-meeting-{position}")
        # Every draw happens whatever exists already, so a second run draws the same.
        gives_feedback = rng.random() < 0.7
        answer = {
            "felt_safe": rng.choice([3, 4, 4, 5, 5]),
            "felt_heard": rng.choice([2, 3, 4, 4, 5]),
            "understood_next_steps": rng.choice([3, 4, 5, 5]),
            "comment": rng.choice(FEEDBACK_COMMENTS),
        }
        ticker = rng.choice([case.care_manager, case.employment_consultant])
        checklist = checklist_copy_for_meeting(meeting=meeting)
        if meeting.status != MeetingStatus.HELD:
            continue
        # Ticked once: a meeting booked through the service has its checklist already,
        # none of it ticked; a second run finds the ticks (or draws the same none).
        if not checklist.items.filter(done=True).exists():
            done_ids = [i.pk for i in checklist.items.all() if rng.random() < 0.8]
            checklist.items.filter(pk__in=done_ids).update(
                done=True, done_by=ticker, done_at=meeting.ends_at
            )
        if gives_feedback and not MeetingFeedback.objects.filter(meeting=meeting).exists():
            MeetingFeedback.objects.create(meeting=meeting, **answer)


def _seed_reads(case):
    from ibbis.audit.services import access_log_record

    if case.access_log.exists():
        return
    for actor, action, object_type in (
        (case.employment_consultant, AccessAction.CASE_VIEWED, "case"),
        (case.care_manager, AccessAction.NOTES_LISTED, "note"),
        (case.care_manager, AccessAction.PLAN_VIEWED, "plan"),
    ):
        access_log_record(actor=actor, case=case, action=action, object_type=object_type)


@transaction.atomic
def seed_trust(*, seed: int = 1, service_users=None) -> int:
    now = timezone.now()
    count = 0
    for index, case in enumerate(_case_order(service_users)):
        # One stream per concern, so a part skipped on a second run shifts no other part.
        stream = f"{seed}-{index}-{case.service_user.username}"
        _seed_consent(case, random.Random(f"{stream}-consent"), now, index)
        _seed_notes(case, random.Random(f"{stream}-notes"), now)
        _seed_meeting_trust(case, stream)
        _seed_reads(case)
        count += 1
    return count
