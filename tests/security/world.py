"""The objects the route matrix requests: two cases, each with everything a route can name.

Case A is the main case: `care_manager` (who took over from `former_cm`), employment
`consultant` (Jobcenter Matrix, managed by `jobcentre_manager`), `service_user`. Case B
belongs to other people: care manager `other_professional` (same organisation and role as
`care_manager`), `foreign_consultant` of another jobcentre, `other_service_user`.
`foreign_manager` manages a jobcentre that has nothing to do with either case; `admin_user`
manages accounts only. The names are the test fixtures' (tests/fixtures/__init__.py).

Everything is written through the services (case_open, case_hand_over, meeting_schedule,
goal_add, consent_grant, note_create, ...), so the objects are what the product makes.
"""
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.models import AuthToken

from coordination import calendar_feed
from coordination.models import Notification, NotificationKind
from coordination.services import companions, meeting_voice
from coordination.services.cases import (
    absence_record,
    case_hand_over,
    case_open,
    extension_decide,
)
from coordination.services.hearings import hearing_send
from coordination.services.meetings import meeting_schedule, meeting_update
from coordination.services.plan import goal_add, plan_for_case
from coordination.services.transfers import transfer_request
from ibbis.accounts import approvals
from ibbis.accounts.models import OrganisationKind
from tests import factories
from trust import services as trust

# The companion (issue 18) is an eleventh actor with its own column file
# (tests/security/matrix_companion.py), so the ten columns of matrix.py stay as they are.
COMPANION = "companion"

# The order of the columns in the matrix (tests/security/matrix.py).
# The names are the fixtures' (tests/fixtures/personas.py), so a row reads like a test.
ACTORS = [
    "anonymous", "care_manager", "consultant", "service_user", "jobcentre_manager", "admin_user",
    "former_cm", "other_professional", "other_service_user", "foreign_manager",
]


def _people():
    health = factories.OrganisationFactory(
        name="Psykiatrien Matrix", kind=OrganisationKind.MENTAL_HEALTH
    )
    jobcentre = factories.OrganisationFactory(
        name="Jobcenter Matrix", kind=OrganisationKind.JOBCENTRE
    )
    other_jobcentre = factories.OrganisationFactory(
        name="Jobcenter Matrix Nord", kind=OrganisationKind.JOBCENTRE
    )
    unrelated = factories.OrganisationFactory(
        name="Jobcenter Matrix Syd", kind=OrganisationKind.JOBCENTRE
    )
    people = {
        "care_manager": factories.CareManagerFactory(username="mx.cm", organisation=health),
        "consultant": factories.EmploymentConsultantFactory(
            username="mx.ec", organisation=jobcentre
        ),
        "service_user": factories.ServiceUserFactory(
            username="mx.su", first_name="MXSUA", last_name="Borger"
        ),
        "jobcentre_manager": factories.ManagerFactory(username="mx.mgr", organisation=jobcentre),
        "admin_user": factories.AdminFactory(username="mx.admin"),
        "former_cm": factories.CareManagerFactory(username="mx.formercm", organisation=health),
        "other_professional": factories.CareManagerFactory(
            username="mx.outsider", organisation=health
        ),
        "other_service_user": factories.ServiceUserFactory(
            username="mx.othersu", first_name="MXSUB", last_name="Borger"
        ),
        "foreign_manager": factories.ManagerFactory(
            username="mx.foreignmgr", organisation=unrelated
        ),
        "foreign_consultant": factories.EmploymentConsultantFactory(
            username="mx.ecb", organisation=other_jobcentre
        ),
        # Asks for the account changes the matrix's admin_user answers (four eyes).
        "second_admin": factories.AdminFactory(username="mx.admin2"),
    }
    return people, {"health": health, "jobcentre": jobcentre, "nord": other_jobcentre,
                    "syd": unrelated}


def _case_with_everything(*, label, opener, service_user, care_manager, day_offset,
                          took_over=None):
    """A case with an absence, a held meeting (checklist, feedback), a plan with a goal, an
    active consent and a note of every scope by its care manager and its consultant. With
    `took_over`, the care manager took the case over from that colleague first."""
    case = case_open(
        actor=opener, service_user=service_user, care_manager=took_over or care_manager,
        employment_consultant=opener, first_absence_day=date(2026, 9, 7),
        referral_date=date(2026, 9, 7), diagnosis="stress",
    )
    if took_over:
        # The history stays (DOMAIN.md): the former care manager keeps their membership.
        # Handed over from the mental-health side (API.md, handover row).
        case = case_hand_over(
            actor=took_over, case=case, role="care_manager", to_user=care_manager
        )
    absence_record(actor=opener, case=case, start=date(2026, 9, 7), end=None, kind="full")
    # Decision reasoning may carry health details: the case's people read it, managers never.
    extension_decide(
        actor=opener, case=case, ground="none", decided_on=timezone.localdate(),
        medical_evidence=False, reasoning=f"MXREASON-{label}",
    )
    starts = timezone.now().replace(microsecond=0, minute=0) - timedelta(days=3, hours=day_offset)
    # Booked (as of a day before it), answered and given an agenda item by the service user,
    # then held with minutes the service user responded to (issue 18).
    meeting = meeting_schedule(
        case=case, organizer=opener, kind="roundtable", starts_at=starts,
        ends_at=starts + timedelta(hours=1), agenda=f"MXAGENDA-{label}",
        now=starts - timedelta(days=1),
    )
    meeting_voice.meeting_reply(meeting=meeting, actor=service_user, answer="other_time",
                                comment=f"MXREPLY-{label}")
    meeting_voice.agenda_item_add(meeting=meeting, actor=service_user,
                                  text=f"MXITEM-{label}")
    # A companion invited while the meeting was ahead (issue 18): their access ended the day
    # after it, so the matrix's companion routes on this meeting name an ended grant.
    ended_companion = companions.companion_invite(
        meeting=meeting, actor=service_user, name=f"MXENDED-{label}", relation="Ven",
        email=f"mx.ended.{label.lower()}@example.test", origin="http://testserver",
        now=starts - timedelta(days=1),
    )
    meeting = meeting_update(meeting=meeting, status="held", minutes=f"MXMINUTES-{label}")
    meeting_voice.minutes_respond(meeting=meeting, actor=service_user, response="comment",
                                  text=f"MXRESPONSE-{label}")
    trust.feedback_give(meeting=meeting, felt_safe=4, felt_heard=5, understood_next_steps=4)
    plan = plan_for_case(case)
    goal = goal_add(
        case=case, actor=case.care_manager, plan_version=plan.version, kind="return_to_work",
        description=f"MXGOAL-{label} Back two days a week", owner=service_user,
    )
    consent = trust.consent_grant(
        actor=service_user, case=case, kind="share_health_with_jobcentre"
    )
    notes = {}
    for author in (case.care_manager, opener):
        for scope in ("private", "sector", "team", "shared"):
            note = trust.note_create(
                actor=author, case=case, scope=scope,
                text=f"MXNOTE-{label}-{author.role}-{scope}",
            )
            notes.setdefault(scope, note)  # the care manager's note of each scope
    # A hearing on a proposed decision (issue 18), open: sent by the consultant, unanswered.
    hearing = hearing_send(
        actor=opener, case=case, proposed_ground="none", basis=f"MXBASIS-{label}",
        answer_by=timezone.localdate() + timedelta(days=14),
    )
    notification = Notification.objects.create(
        recipient=case.care_manager, kind=NotificationKind.REMINDER_7_DAYS, case=case,
        deadline=case.deadlines.order_by("due").first(),
    )
    return {
        "case": case,
        "meeting": meeting,
        "item": meeting.checklist.items.order_by("position", "pk").first(),
        "goal": goal,
        "consent": consent,
        "notes": notes,
        "notification": notification,
        "hearing": hearing,
        "ended_companion": ended_companion,
    }


def build_world():
    people, organisations = _people()
    a = _case_with_everything(
        label="A", opener=people["consultant"], service_user=people["service_user"],
        care_manager=people["care_manager"], took_over=people["former_cm"], day_offset=0,
    )
    b = _case_with_everything(
        label="B", opener=people["foreign_consultant"], service_user=people["other_service_user"],
        care_manager=people["other_professional"], day_offset=2,
    )
    # Case A's consultant role is asked for by foreign_manager's jobcentre (Syd); case B's
    # by jobcentre_manager's: each receiving manager sees the request, not the case (issue 13).
    transfer_a = transfer_request(actor=people["consultant"], case=a["case"],
                                  role="employment_consultant",
                                  to_organisation=organisations["syd"])
    transfer_b = transfer_request(actor=people["foreign_consultant"], case=b["case"],
                                  role="employment_consultant",
                                  to_organisation=organisations["jobcentre"])
    change_a = approvals.change_request(actor=people["second_admin"],
                                        account=people["care_manager"],
                                        changes={"email": "mx.cm.new@example.test"})
    change_b = approvals.change_request(actor=people["second_admin"],
                                        account=people["other_professional"],
                                        changes={"email": "mx.out.new@example.test"})
    # Case A's next meeting, with a companion the service user invited (issue 18): the
    # companion actor of tests/security/matrix_companion.py.
    next_starts = timezone.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=5)
    next_meeting = meeting_schedule(
        case=a["case"], organizer=people["consultant"], kind="roundtable", starts_at=next_starts,
        ends_at=next_starts + timedelta(hours=1), agenda="MXNEXTAGENDA-A",
        location="MXNEXTPLACE-A",
    )
    meeting_voice.agenda_item_add(meeting=next_meeting, actor=people["service_user"],
                                  text="MXNEXTITEM-A")
    companion = companions.companion_invite(
        meeting=next_meeting, actor=people["service_user"], name="MXCOMPANION Hansen",
        relation="Søster", email="mx.companion@example.test", origin="http://testserver",
    )
    people[COMPANION] = companion.user
    token_a = calendar_feed.calendar_feed_issue(user=people["care_manager"])
    token_b = calendar_feed.calendar_feed_issue(user=people["other_professional"])
    calendar_feed.calendar_feed_revoke(user=people["other_professional"])

    def ids(side, *, professional, organisation, account, token, transfer, change):
        return {
            "transfer_id": transfer.pk,
            "account_change": change.pk,
            "case_id": side["case"].pk,
            "meeting_id": side["meeting"].pk,
            "note_id": side["notes"]["shared"].pk,
            "goal_id": side["goal"].pk,
            "item_id": side["item"].pk,
            "consent_id": side["consent"].pk,
            "notification_id": side["notification"].pk,
            "hearing_id": side["hearing"].pk,
            "companion_id": side["ended_companion"].pk,
            "uidb64": urlsafe_base64_encode(force_bytes(side["ended_companion"].user_id)),
            "professional_id": professional.pk,
            "organisation": organisation.pk,
            "account": account.pk,
            "user_id": account.pk,
            "secret": "not-an-issued-enrolment-link",
            # No provider is configured in the test settings: the sign-in routes answer 404.
            "provider": "nemlogin",
            "token": token,
            "format": "json",
            "notes": {scope: note.pk for scope, note in side["notes"].items()},
        }

    targets = {
        "A": ids(a, professional=people["consultant"], organisation=organisations["jobcentre"],
                 account=people["care_manager"], token=token_a, transfer=transfer_a,
                 change=change_a),
        "B": ids(b, professional=people["foreign_consultant"], organisation=organisations["nord"],
                 account=people["other_professional"], token=token_b, transfer=transfer_b,
                 change=change_b),
    }
    add_glass_people(people, organisations, a["case"])
    tokens = {name: AuthToken.objects.create(user=user)[1] for name, user in people.items()}
    world = {
        "people": people, "targets": targets, "tokens": tokens,
        "cases": {"A": a["case"], "B": b["case"]},
        "markers": {"A": case_markers(a["case"]), "B": case_markers(b["case"])},
        "unseen": {actor: unseen_by(people.get(actor)) for actor in ACTORS},
        "next_meeting": next_meeting,
        "companion_grant": companion,
    }
    world["unseen"].update({actor: unseen_by(people[actor]) for actor in GLASS_ACTORS})
    return world


# Both sides of two lines (issue 19), the columns of tests/security/matrix_glass.py: case A's
# former care managers whose handover was 29 and 31 days ago (DOMAIN.md: read access for 30
# days after a handover), and a care manager of case A's mental-health organisation who is
# not on it, before, during and after emergency access (break the glass, 24 hours).
GLASS_ACTORS = ["fcm_29", "fcm_31", "glass_before", "glass_during", "glass_after"]


def add_glass_people(people, organisations, case_a):
    """Add GLASS_ACTORS to `people`. The two former care managers held case A's care-manager
    role before `former_cm` did: their memberships are written as case_hand_over leaves them
    (ended, history kept), dated back, since no service hands over in the past. The emergency
    accesses are taken through the service; the expired one is then dated back 25 hours."""
    from coordination.models import CaseMembership
    from coordination.services.emergency import emergency_access_take

    health = organisations["health"]
    now = timezone.now()
    for name, ended_days_ago in (("fcm_31", 31), ("fcm_29", 29)):
        people[name] = factories.CareManagerFactory(username=f"mx.{name}", organisation=health)
        CaseMembership.objects.create(
            case=case_a, user=people[name], role="care_manager",
            started_at=now - timedelta(days=ended_days_ago + 30),
            ended_at=now - timedelta(days=ended_days_ago),
        )
    for name in ("glass_before", "glass_during", "glass_after"):
        people[name] = factories.CareManagerFactory(username=f"mx.{name}", organisation=health)
    reason = "MXGLASS: the service user called in crisis, their care manager is away."
    emergency_access_take(actor=people["glass_during"], case=case_a, reason=reason)
    emergency_access_take(actor=people["glass_after"], case=case_a, reason=reason,
                          now=now - timedelta(hours=25))


def unseen_by(user) -> set[str]:
    """What must appear in no response to `user`: the ids of cases, meetings, consents and
    goals they may not see, and every note text `Note.objects.for_user` does not give them.
    The oracle is the spine itself (querysets and rules), asked directly."""
    from coordination.models import Case, Goal, Meeting
    from trust.models import Consent, Note

    user = user or AnonymousUser()
    unseen = set()
    for model in (Case, Meeting, Consent):
        visible = set(model.objects.for_user(user).values_list("pk", flat=True))
        unseen |= {str(pk) for pk in model.objects.values_list("pk", flat=True)} - {
            str(pk) for pk in visible
        }
    for goal in Goal.objects.select_related("plan__case"):
        case = goal.plan.case
        seen = Case.objects.for_user(user).filter(pk=case.pk).exists() and user.has_perm(
            "coordination.read_case_content", case
        )
        if not seen:
            unseen.add(str(goal.pk))
    for case in Case.objects.select_related("service_user"):
        readable_case = Case.objects.for_user(user).filter(pk=case.pk).exists() and (
            user.has_perm("coordination.read_case_content", case)
        )
        if not readable_case:
            unseen |= case_content_texts(case)
    readable = set(Note.objects.for_user(user).values_list("text", flat=True))
    unseen |= set(Note.objects.values_list("text", flat=True)) - readable
    return unseen


def case_content_texts(case) -> set[str]:
    """What is in a case beyond its notes: meeting agendas and minutes, decision reasoning
    and plan goals. Only the people who work on the case read them (DOMAIN.md, Note scopes:
    managers never see decision reasoning, agendas or minutes)."""
    from coordination.models import AgendaItem, Goal, MeetingReply, MinutesResponse

    texts = set()
    for agenda, minutes in case.meetings.values_list("agenda", "minutes"):
        texts |= {agenda, minutes}
    texts |= set(case.decisions.values_list("reasoning", flat=True))
    # What the service user said about a meeting (issue 18): replies' comments, agenda items,
    # responses to the minutes.
    texts |= set(MeetingReply.objects.filter(meeting__case=case).values_list("comment",
                                                                              flat=True))
    texts |= set(AgendaItem.objects.filter(meeting__case=case).values_list("text", flat=True))
    texts |= set(MinutesResponse.objects.filter(meeting__case=case).values_list("text",
                                                                                flat=True))
    texts |= set(Goal.objects.filter(plan__case=case).values_list("description", flat=True))
    # The hearing on a proposed decision (issue 18): what it rests on, and the answer.
    for basis, answer in case.hearings.values_list("basis", "answer"):
        texts |= {basis, answer}
    return {text for text in texts if text}


def case_markers(case) -> set[str]:
    """What shows that a response carries this case: the service user's name (`name`), a note
    text or anything of `case_content_texts` (`content`). Whoever is shown one of these has
    read the case, and its access log must say so (DOMAIN.md: every read is logged). An
    admin manages accounts and so sees names, but never a case: only `content` counts."""
    from trust.models import Note

    return {
        "name": {case.service_user.first_name},
        "content": case_content_texts(case)
        | set(Note.objects.filter(case=case).values_list("text", flat=True)),
    }


def companion_sees(world) -> set[str]:
    """What the companion may be shown (issue 18): their meeting's agenda and place, its
    agenda items, the goals of its case's plan - from the models, not from the view."""
    from coordination.models import AgendaItem, Goal

    meeting = world["next_meeting"]
    goals = Goal.objects.filter(plan__case=meeting.case)
    return (
        {meeting.agenda, meeting.location, str(meeting.pk)}
        | {str(pk) for pk in goals.values_list("pk", flat=True)}
        | set(AgendaItem.objects.filter(meeting=meeting).values_list("text", flat=True))
        | set(goals.values_list("description", flat=True))
    )


def companion_unseen(world) -> set[str]:
    """What must appear in no response to the companion: everything the spine hides from an
    account that sees no case, less what `companion_sees`."""
    return unseen_by(world["people"][COMPANION]) - companion_sees(world)
