"""Issue 13, side doors and leaks: each attack made through HTTP, as an intruder (or a curious
colleague or manager) would make it, and each now finding nothing (docs/security.md).

- reads that wrote no access-log line (the stale-plan 409, form pages, lists, consents and
  the access log itself, the calendar feed);
- managers reading decision reasoning or agendas;
- a `double_booked` 409 telling the time and place of another case's meeting;
- one person's feedback read off the difference of two dashboard readings;
- agendas, minutes, names or diagnoses leaving the product by mail or calendar file.
"""
import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from coordination import calendar_feed
from coordination.models import Meeting, Notification, NotificationKind
from coordination.services.cases import extension_decide
from coordination.services.clock import case_recompute
from coordination.services.meetings import meeting_schedule, meeting_update
from coordination.services.notifications import notifications_outbox_add
from coordination.services.plan import goal_add, goal_change, plan_for_case
from ibbis.audit.models import AccessLogEntry
from ibbis.outbox.services import outbox_deliver
from tests import factories
from trust.models import MeetingFeedback

pytestmark = pytest.mark.django_db

AGENDA = "MXSECRET-AGENDA angst og medicin"
MINUTES = "MXSECRET-MINUTES talte om diagnosen"
REASONING = "MXSECRET-REASONING lægen skriver depression"
GOAL = "MXSECRET-GOAL tilbage to dage om ugen"


@pytest.fixture
def case(service_user, care_manager, consultant):
    case = factories.CaseFactory(
        service_user=service_user, care_manager=care_manager, employment_consultant=consultant
    )
    return case_recompute(case=case)  # its deadlines


def logged(case, who) -> int:
    return AccessLogEntry.objects.filter(case=case, who=who).count()


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def starts(days=3, hour=10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def book(case, *, days=3, hour=10, **fields):
    at = starts(days, hour)
    return meeting_schedule(
        case=case, organizer=case.employment_consultant, kind="roundtable", starts_at=at,
        ends_at=at + timedelta(hours=1), **fields,
    )


# --- reads that wrote no access-log line ----------------------------------------------------


def _version(case) -> int:
    from coordination.models import Plan

    return Plan.objects.get(case=case).version


def test_a_stale_plan_conflict_shows_nothing_of_the_plan(api, case, care_manager, consultant):
    plan = plan_for_case(case)
    goal = goal_add(case=case, actor=care_manager, plan_version=plan.version,
                    kind="return_to_work", description="Første udkast", owner=case.service_user)
    seen = _version(case)
    goal_change(goal=goal, actor=care_manager, plan_version=seen, description=GOAL)
    before = logged(case, consultant)
    response = api.as_user(consultant).patch(
        f"/api/cases/{case.pk}/plan/goals/{goal.pk}/",
        {"status": "dropped", "plan_version": seen}, format="json",
    )
    assert response.status_code == 409 and response.json()["code"] == "stale_plan"
    # The attack: the 409 carried the whole history, read with no access-log line.
    assert "MXSECRET" not in response.content.decode()
    assert set(response.json()) == {"detail", "code", "current_version", "history"}
    assert logged(case, consultant) == before
    # What changed is read where the reading is logged.
    history = api.as_user(consultant).get(response.json()["history"])
    assert GOAL in history.content.decode() and logged(case, consultant) == before + 1


def test_the_stale_goal_page_shows_what_changed_and_logs_it(case, care_manager, consultant):
    plan = plan_for_case(case)
    goal = goal_add(case=case, actor=care_manager, plan_version=plan.version,
                    kind="return_to_work", description="Første udkast", owner=case.service_user)
    seen = _version(case)
    goal_change(goal=goal, actor=care_manager, plan_version=seen, description=GOAL)
    before = logged(case, consultant)
    response = page(consultant).post(
        f"/cases/{case.pk}/plan/goals/{goal.pk}/",
        {"goal-plan_version": str(seen), "goal-kind": "return_to_work",
         "goal-description": "Mit bud", "goal-owner": str(case.service_user.pk),
         "goal-status": "open", "goal-commitment": "voluntary"},
    )
    assert response.status_code == 409
    assert GOAL in response.content.decode()
    assert AccessLogEntry.objects.filter(
        case=case, who=consultant, action="plan.history_viewed"
    ).count() == 1
    assert logged(case, consultant) == before + 1


def test_form_pages_and_lists_that_show_a_case_are_logged(api, case, consultant):
    """Each of these showed the person's name (and more) and wrote nothing to the log."""
    meeting = book(case, agenda=AGENDA)
    plan = plan_for_case(case)
    goal = goal_add(case=case, actor=consultant, plan_version=plan.version, kind="personal",
                    description=GOAL, owner=case.service_user)
    Notification.objects.create(
        recipient=consultant, kind=NotificationKind.REMINDER_7_DAYS, case=case,
        deadline=case.deadlines.order_by("due").first(),
    )
    name = case.service_user.display_name
    reads = [
        (page(consultant), f"/cases/{case.pk}/plan/goals/new/"),
        (page(consultant), f"/cases/{case.pk}/plan/goals/{goal.pk}/"),
        (page(consultant), f"/cases/{case.pk}/meetings/new/"),
        (page(consultant), f"/meetings/{meeting.pk}/reschedule/"),
        (page(consultant), f"/meetings/{meeting.pk}/cancel/"),
        (page(consultant), "/caseload/"),
        (page(consultant), "/notifications/"),
        (api.as_user(consultant), "/api/cases/"),
        (api.as_user(consultant), "/api/deadlines/"),
        (api.as_user(consultant), f"/api/cases/{case.pk}/consents/"),
        (api.as_user(consultant), f"/api/cases/{case.pk}/access-log/"),
    ]
    for client, url in reads:
        before = logged(case, consultant)
        response = client.get(url)
        assert response.status_code == 200, url
        assert logged(case, consultant) == before + 1, f"{url} read the case unlogged"
    assert name in page(consultant).get("/caseload/").content.decode()


def test_a_manager_reading_the_case_list_leaves_one_row_per_case_shown(
    api, case, jobcentre_manager, consultant, care_manager
):
    other = factories.CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    response = api.as_user(jobcentre_manager).get("/api/cases/?page_size=1")
    assert response.status_code == 200 and response.json()["count"] == 2
    shown = response.json()["results"][0]["id"]
    rows = AccessLogEntry.objects.filter(who=jobcentre_manager, action="cases.listed")
    assert [str(row.case_id) for row in rows] == [shown]
    assert {str(case.pk), str(other.pk)} >= {shown}


def test_the_calendar_feed_names_no_one_and_carries_no_agenda(care_manager, case):
    book(case, agenda=AGENDA, location="Psykiatrien, lokale 4")
    token = calendar_feed.calendar_feed_issue(user=care_manager)
    first = Client().get(f"/calendar/{token}.ics")
    second = Client().get(f"/calendar/{token}.ics")
    assert first.status_code == second.status_code == 200
    for response in (first, second):
        body = response.content.decode()
        # The second read of the day writes no log line, so it must show no person either.
        assert case.service_user.display_name not in body
        assert case.service_user.email not in body
        assert "MXSECRET" not in body
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert "ATTENDEE" not in event and "DESCRIPTION" not in event


# --- managers: no decision reasoning, no agendas ---------------------------------------------


def test_a_manager_reads_no_decision_reasoning_or_agenda_anywhere(
    api, case, jobcentre_manager, consultant
):
    extension_decide(actor=consultant, case=case, ground="none",
                     decided_on=timezone.localdate(), medical_evidence=False,
                     reasoning=REASONING)
    held = book(case, days=-2, agenda=AGENDA, status="held")
    meeting_update(meeting=held, minutes=MINUTES)
    manager_api, manager_page = api.as_user(jobcentre_manager), page(jobcentre_manager)
    reads = {
        "api extensions": manager_api.get(f"/api/cases/{case.pk}/extensions/"),
        "api case": manager_api.get(f"/api/cases/{case.pk}/"),
        "api meetings": manager_api.get("/api/meetings/"),
        "api meeting": manager_api.get(f"/api/meetings/{held.pk}/"),
        "api ics": manager_api.get(f"/api/meetings/{held.pk}/ics"),
        "api dashboard": manager_api.get("/api/dashboard/"),
        "case page": manager_page.get(f"/cases/{case.pk}/"),
        "meetings page": manager_page.get(f"/cases/{case.pk}/meetings/"),
        "meeting page": manager_page.get(f"/meetings/{held.pk}/"),
        "meeting ics": manager_page.get(f"/meetings/{held.pk}/calendar.ics"),
        "dashboard": manager_page.get("/dashboard/"),
        "dashboard csv": manager_page.get("/dashboard/caseloads.csv"),
        "drill-down": manager_page.get(f"/dashboard/professionals/{consultant.pk}/"),
    }
    for what, response in reads.items():
        assert response.status_code == 200, what
        assert "MXSECRET" not in response.content.decode(), what
    # The dashboard, its API and CSV count; they name no service user (so read no case).
    for what in ("api dashboard", "dashboard", "dashboard csv"):
        assert case.service_user.display_name not in reads[what].content.decode(), what
    (decision,) = reads["api extensions"].json()
    assert decision["reasoning"] is None and decision["ground"] == "none"
    assert reads["api meeting"].json()["agenda"] is None
    # Content the manager may not read at all stays 404 (FHIR, plan, export).
    for url in (f"/api/cases/{case.pk}/fhir/", f"/api/cases/{case.pk}/plan/",
                f"/api/cases/{case.pk}/export/"):
        assert manager_api.get(url).status_code == 404, url
    # The case's own people still read both.
    assert REASONING in api.as_user(consultant).get(
        f"/api/cases/{case.pk}/extensions/").content.decode()
    assert AGENDA in page(consultant).get(f"/meetings/{held.pk}/").content.decode()


# --- double_booked names nothing the caller may not see --------------------------------------


@pytest.fixture
def rival_case(care_manager):
    """A case the same care manager works on, with a consultant of another jobcentre who
    cannot see `case` or its meetings."""
    jobcentre = factories.OrganisationFactory(name="Jobcenter Fjernt")
    return factories.CaseFactory(
        care_manager=care_manager,
        employment_consultant=factories.EmploymentConsultantFactory(organisation=jobcentre),
    )


def _assert_names_nothing_unseen(response, case, hidden):
    assert response.status_code == 409
    assert response.json()["code"] == "double_booked"
    text = response.content.decode()
    local = timezone.localtime(hidden.starts_at)
    for secret in (local.strftime("%H:%M"), timezone.localtime(hidden.ends_at).strftime("%H:%M"),
                   local.strftime("%Y-%m-%d"), "MXSECRET", str(case.pk), str(hidden.pk),
                   case.service_user.display_name):
        assert secret not in text, secret
    assert case.care_manager.display_name in text  # the clash is the caller's own colleague


def test_a_double_booking_names_no_time_place_or_case_the_caller_cannot_see(
    api, case, rival_case
):
    hidden = book(case, hour=9, location="MXSECRET-PLACE Psykiatrien", agenda=AGENDA)
    caller = rival_case.employment_consultant
    assert not Meeting.objects.for_user(caller).filter(pk=hidden.pk).exists()
    at = hidden.starts_at + timedelta(minutes=30)
    response = api.as_user(caller).post("/api/meetings/", {
        "case": str(rival_case.pk), "kind": "roundtable", "starts_at": at.isoformat(),
        "ends_at": (at + timedelta(hours=1)).isoformat(),
    }, format="json")
    _assert_names_nothing_unseen(response, case, hidden)
    # Rescheduling into the clash says no more.
    own = book(rival_case, days=5)
    response = api.as_user(caller).patch(f"/api/meetings/{own.pk}/", {
        "starts_at": at.isoformat(), "ends_at": (at + timedelta(hours=1)).isoformat(),
    }, format="json")
    _assert_names_nothing_unseen(response, case, hidden)
    assert Meeting.objects.filter(case=rival_case).count() == 1


def test_the_double_booking_page_names_no_unseen_time_either(case, rival_case):
    hidden = book(case, hour=9, location="MXSECRET-PLACE Psykiatrien")
    caller = rival_case.employment_consultant
    local = timezone.localtime(hidden.starts_at)
    response = page(caller).post(f"/cases/{rival_case.pk}/meetings/new/", {
        "meeting-kind": "roundtable", "meeting-day": local.date().isoformat(),
        "meeting-start_time": "09:30", "meeting-end_time": "10:30",
        "meeting-location": "", "meeting-agenda": "",
    })
    assert response.status_code == 400
    text = response.content.decode()
    assert "MXSECRET" not in text and local.strftime("%H:%M") not in text
    assert "10:00" not in text  # the hidden meeting's end


# --- feedback: published only in steps of three new answers ---------------------------------


def _answer(case, days, score):
    meeting = factories.make_meeting(case, status="held", days=-days)
    MeetingFeedback.objects.create(meeting=meeting, felt_safe=score, felt_heard=score,
                                   understood_next_steps=score)


def _published(api, manager):
    cache.clear()  # the figures cache is cleared by each answer anyway; be sure
    figures = api.as_user(manager).get("/api/dashboard/").json()["feedback"]
    html = page(manager).get("/dashboard/").content.decode()
    section = re.search(r"Anonym tilbagemelding.*?(?=<h2|</main>)", html, re.S)
    section = section.group(0) if section else html
    return figures, section


def test_one_new_answer_changes_no_published_figure_three_do(api, case, jobcentre_manager):
    for day, score in enumerate((5, 4, 3), start=1):
        _answer(case, day, score)
    figures, section = _published(api, jobcentre_manager)
    assert figures["responses"] == 3 and figures["felt_safe_avg"] == 4.0
    # The attack: read, wait for one answer, read again; the difference is that answer.
    _answer(case, 4, 1)
    assert _published(api, jobcentre_manager) == (figures, section)
    _answer(case, 5, 1)
    assert _published(api, jobcentre_manager) == (figures, section)
    _answer(case, 6, 1)
    changed, changed_section = _published(api, jobcentre_manager)
    assert changed["responses"] == 6 and changed["felt_safe_avg"] == 2.5
    assert changed_section != section


# --- no agenda, minutes, diagnosis or note text in mail, calendars or notifications ----------


def test_an_agenda_leaves_by_no_mail_calendar_file_or_notification(
    api, case, consultant, care_manager, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client = api.as_user(consultant)
    at = starts(4)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/meetings/", {
            "case": str(case.pk), "kind": "roundtable", "starts_at": at.isoformat(),
            "ends_at": (at + timedelta(hours=1)).isoformat(), "location": "Jobcentret",
            "agenda": AGENDA,
        }, format="json")
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.patch(f"/api/meetings/{meeting_id}/", {
            "starts_at": (at + timedelta(days=1)).isoformat(),
            "ends_at": (at + timedelta(days=1, hours=1)).isoformat(), "agenda": AGENDA + " 2",
        }, format="json")
    assert moved.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page(consultant).post(f"/meetings/{meeting_id}/cancel/")
    # A deadline reminder for the same case, mailed.
    notification = Notification.objects.create(
        recipient=care_manager, kind=NotificationKind.REMINDER_7_DAYS, case=case,
        deadline=case.deadlines.order_by("due").first(),
    )
    with transaction.atomic():
        notifications_outbox_add(notification_ids=[str(notification.pk)])
    outbox_deliver()
    assert len(mail.outbox) >= 7  # invitation, update, cancellation to three; the reminder
    secrets = ("MXSECRET", case.get_diagnosis_display(), case.diagnosis)
    for message in mail.outbox:
        parts = [message.subject, message.body] + [
            content.decode() if isinstance(content, bytes) else str(content)
            for _name, content, _type in message.attachments
        ]
        for part in parts:
            for secret in secrets:
                assert secret not in part, (message.subject, secret)
    assert case.service_user.display_name not in mail.outbox[-1].body  # the reminder
    for url in (f"/api/meetings/{meeting_id}/ics",):
        assert "MXSECRET" not in client.get(url).content.decode()
    assert "MXSECRET" not in page(consultant).get(
        f"/meetings/{meeting_id}/calendar.ics").content.decode()
    for user in (consultant, care_manager, case.service_user):
        assert "MXSECRET" not in api.as_user(user).get("/api/notifications/").content.decode()
        assert "MXSECRET" not in page(user).get("/notifications/").content.decode()


# --- the access log's action codes (issue 16): one registry, ibbis/audit/actions.py ---------

# The callers that write the access log, and where their `action` argument is.
LOG_WRITERS = {"access_log_record": 0, "access_log_record_many": 0, "_log": 1}
# None left: the dashboard's one free string went with coordination/dashboard_views.py when
# it moved to trust/dashboard/ (issue 16 item 1).
FREE_STRING_ALLOWED: set[str] = set()


def test_every_logged_action_has_words_in_both_languages():
    """Every code in the registry has its own label (not one made up from the member's
    name) and Danish words that are not the raw code, so "who has looked at my case" says
    what happened."""
    from django.utils import translation

    from ibbis.audit.actions import AccessAction

    assert {"cases.listed", "meeting.form_viewed", "meetings.feed_read"} <= set(AccessAction)
    for action in AccessAction:
        with translation.override("en"):
            english = str(action.label)
        assert english != action.name.replace("_", " ").title(), action
        with translation.override("da"):
            danish = str(action.label)
        assert danish and danish != english and action.value not in danish, action


def test_no_code_reaches_the_log_without_a_label(care_manager, case):
    """The writers refuse a code outside the registry: nothing is written."""
    from ibbis.audit.services import access_log_record, access_log_record_many

    with pytest.raises(ValueError):
        access_log_record(actor=care_manager, case=case, action="case.peeked",
                          object_type="case")
    with pytest.raises(ValueError):
        access_log_record_many(actor=care_manager, cases=[case], action="cases.peeked",
                               object_type="case")
    assert not AccessLogEntry.objects.exists()


def test_every_call_site_names_a_registered_action():
    """No caller of access_log_record, access_log_record_many or a view's _log passes a
    string of its own: the action is a member of AccessAction (or a name that carries one)."""
    import ast
    from pathlib import Path

    from ibbis.audit.actions import AccessAction

    root = Path(__file__).resolve().parents[2]
    calls, offenders = 0, []
    for path in [*root.glob("coordination/**/*.py"), *root.glob("trust/**/*.py"),
                 *root.glob("ibbis/**/*.py")]:
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name not in LOG_WRITERS:
                continue
            given = [kw.value for kw in node.keywords if kw.arg == "action"]
            if not given and len(node.args) > LOG_WRITERS[name]:
                given = [node.args[LOG_WRITERS[name]]]
            calls += 1
            for argument in given:
                for part in ast.walk(argument):
                    free = isinstance(part, ast.JoinedStr) or (
                        isinstance(part, ast.Constant) and isinstance(part.value, str))
                    unknown = isinstance(part, ast.Attribute) and (
                        getattr(part.value, "id", None) != "AccessAction"
                        or part.attr not in AccessAction.__members__)
                    if (free or unknown) and relative not in FREE_STRING_ALLOWED:
                        offenders.append(f"{relative}:{node.lineno}")
    assert calls > 40
    assert offenders == []
