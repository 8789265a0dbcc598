"""Retention (issue 8): a closed case past RETENTION["closed_case_years"] is pseudonymised by
the nightly task or `manage.py pseudonymise_closed_cases`: names, contact details and free
text are removed; dates, statuses, kinds, counts and relations are kept.

The case is built through the services with every kind of content, closed on 2026-08-03, and
the command runs "as of" the fifth anniversary of closing."""
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from knox.models import AuthToken
from rest_framework.test import APIClient

from coordination.models import (
    AbsencePeriod,
    Case,
    CaseMembership,
    Deadline,
    ExtensionDecision,
    Goal,
    Meeting,
    MeetingParticipant,
    Notification,
    PlanAcknowledgement,
    PlanChange,
    PlanComment,
)
from coordination.services.cases import absence_record, extension_decide
from coordination.services.clock import case_recompute
from coordination.services.meetings import meeting_schedule, meeting_update
from coordination.services.plan import (
    goal_add,
    goal_change,
    plan_acknowledge,
    plan_comment_add,
)
from ibbis.accounts import events as auth_events
from ibbis.accounts.models import AuthEvent, User
from ibbis.audit.models import AccessLogEntry, AppendOnlyError
from ibbis.audit.services import access_log_record
from ibbis.retention.services import (
    REMOVED_TEXT,
    PseudonymisationResult,
    case_pseudonymise,
    cases_due_for_pseudonymisation,
    pseudonym_for,
    retention_cutoff,
)
from ibbis.retention.tasks import pseudonymise_closed_cases
from tests import factories
from tests.factories import TEST_PASSWORD, hand_over, make_meeting
from trust.models import (
    Consent,
    MeetingChecklistItem,
    MeetingFeedback,
    Note,
)
from trust.services import (
    checklist_item_set_done,
    consent_grant,
    feedback_give,
    note_create,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLOSED_ON = date(2026, 8, 3)
DUE_ON = date(2031, 8, 3)  # the fifth anniversary of closing (RETENTION default: 5 years)
SECRETS = (
    "Sara Hansen", "sara@privat.example", "Netto Vesterbro", "Lokale 2, Jobcenter Nord",
    "Angst for at møde op", "Referat: Sara fortalte om sin datter", "Lægen skriver",
    "Tilbage til Netto 10 timer", "Jeg vil gerne tilbage", "Jeg er uenig i målet",
    "Privat note om Sara", "Teamnote om behandling", "Delt note til Sara",
    "Jeg følte mig presset",
)

# What the account itself holds while it stays (the service user's own data, shown to them).
ACCOUNT = {"Sara Hansen", "sara@privat.example", "sara.borger"}


def leaks(body: str) -> list[str]:
    """The service user's name, username, e-mail and free text found in `body`."""
    return [secret for secret in (*SECRETS, "sara.borger") if secret in body]


def run(*args) -> str:
    out = StringIO()
    call_command("pseudonymise_closed_cases", *args, stdout=out)
    return out.getvalue()


def close(case, on=CLOSED_ON):
    Case.objects.filter(pk=case.pk).update(closed_on=on)
    return case_recompute(case=Case.objects.get(pk=case.pk), today=timezone.localdate())


def _past(days, hour=10):
    start = timezone.make_aware(datetime(2026, 7, 1, hour)) - timedelta(days=days)
    return start, start + timedelta(hours=1)


@pytest.fixture
def full_case(open_case, service_user, care_manager, former_cm, consultant):
    """A closed case with every kind of content, written through the services."""
    User.objects.filter(pk=service_user.pk).update(
        first_name="Sara", last_name="Hansen", email="sara@privat.example"
    )
    service_user.refresh_from_db()
    case = open_case(care_manager=former_cm)
    hand_over(case, "care_manager", care_manager)
    absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None, kind="full")
    case.refresh_from_db()
    decision = extension_decide(
        actor=consultant, case=case, ground="p27_2", decided_on=date(2026, 7, 20),
        medical_evidence=False, valid_until=date(2027, 11, 26),
        reasoning="Lægen skriver at Sara har angst",
    )
    starts, ends = _past(20)
    held = meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=starts, ends_at=ends,
        location="Lokale 2, Jobcenter Nord", agenda="Angst for at møde op", status="held",
    )
    meeting_update(
        meeting=held, status="held", minutes="Referat: Sara fortalte om sin datter"
    )
    cancelled = make_meeting(
        case, days=-40, status="cancelled", location="Netto Vesterbro", agenda="Netto Vesterbro"
    )
    item = MeetingChecklistItem.objects.filter(checklist__meeting=held).first()
    checklist_item_set_done(actor=consultant, item=item, done=True)
    feedback_give(
        meeting=held, felt_safe=4, felt_heard=2, understood_next_steps=5,
        comment="Jeg følte mig presset",
    )
    goal = goal_add(
        case=case, actor=consultant, plan_version=0, kind="return_to_work",
        description="Tilbage til Netto 10 timer", service_user_words="Jeg vil gerne tilbage",
        owner=service_user, target_date=date(2026, 9, 1),
    )
    goal_change(goal=goal, actor=consultant, plan_version=1, status="achieved",
                description="Tilbage til Netto Vesterbro 10 timer")
    plan_acknowledge(case=case, user=service_user, version=2)
    plan_comment_add(case=case, author=service_user, text="Jeg er uenig i målet")
    note_create(actor=care_manager, case=case, text="Privat note om Sara", scope="private")
    consent_grant(actor=service_user, case=case, kind="share_health_with_jobcentre")
    note_create(actor=care_manager, case=case, text="Teamnote om behandling", scope="team")
    note_create(actor=consultant, case=case, text="Delt note til Sara", scope="shared",
                meeting=held)
    access_log_record(actor=care_manager, case=case, action="case.viewed", object_type="case")
    # The service makes no entries for service users today; a row naming one must go anyway.
    AccessLogEntry.objects.create(
        case=case, who=service_user, who_name="Sara Hansen", role="service_user",
        action="case.viewed", object_type="case",
    )
    Notification.objects.create(
        recipient=consultant, kind="overdue", case=case, deadline=case.deadlines.first()
    )
    AuthToken.objects.create(user=service_user)
    TOTPDevice.objects.create(user=service_user, name="Telefon", confirmed=True)
    StaticDevice.objects.create(user=service_user, name="Gendannelseskoder", confirmed=True)
    auth_events.record(kind="auth.login", user=service_user)
    auth_events.record(kind="auth.login_failed", username=service_user.username)
    auth_events.record(kind="auth.login", user=care_manager)
    AccessAttempt.objects.create(
        username=service_user.username, ip_address="10.1.2.3", user_agent="Firefox",
        http_accept="*/*", path_info="/login/", get_data="", post_data="",
        failures_since_start=1,
    )
    case = close(case)
    return SimpleNamespace(
        case=case, held=held, cancelled=cancelled, goal=goal, decision=decision,
        service_user=service_user, username=service_user.username,
    )


def kept_facts(case):
    """Everything retention keeps, as one comparable value."""
    case = Case.objects.get(pk=case.pk)
    return {
        "case": (
            case.first_absence_day, case.referral_date, case.closed_on, case.status,
            case.diagnosis, case.employment, case.reassessment_date, case.created_at,
            case.service_user_id, case.care_manager_id, case.employment_consultant_id,
        ),
        "memberships": list(CaseMembership.objects.filter(case=case).values_list(
            "user_id", "role", "started_at", "ended_at")),
        "absences": list(AbsencePeriod.objects.filter(case=case).values_list(
            "start", "end", "kind")),
        "decisions": list(ExtensionDecision.objects.filter(case=case).values_list(
            "ground", "decided_on", "valid_until", "medical_evidence", "decided_by_id")),
        "deadlines": list(Deadline.objects.filter(case=case).values_list(
            "kind", "due", "status", "responsible_id")),
        "meetings": list(Meeting.objects.filter(case=case).values_list(
            "kind", "status", "starts_at", "ends_at", "sequence", "ical_uid", "updated_at")),
        "participants": list(MeetingParticipant.objects.filter(meeting__case=case).values_list(
            "user_id", "role", "attendance", "cancelled")),
        "goals": list(Goal.objects.filter(plan__case=case).values_list(
            "kind", "status", "commitment", "target_date", "owner_id", "created_at",
            "updated_at")),
        "plan": (case.plan.version, case.plan.updated_at),
        "plan_changes": list(PlanChange.objects.filter(plan__case=case).values_list(
            "version", "action", "changed_by_id", "changed_at")),
        "acknowledgements": list(PlanAcknowledgement.objects.filter(plan__case=case)
                                 .values_list("user_id", "version", "acknowledged_at")),
        "comments": list(PlanComment.objects.filter(plan__case=case).values_list(
            "author_id", "version", "created_at")),
        "notes": list(Note.objects.filter(case=case).order_by("created_at").values_list(
            "author_id", "author_role", "scope", "meeting_id", "created_at")),
        "consents": list(Consent.objects.filter(case=case).values_list(
            "kind", "granted_at", "granted_by_id", "revoked_at")),
        "feedback": list(MeetingFeedback.objects.filter(meeting__case=case).values_list(
            "felt_safe", "felt_heard", "understood_next_steps", "created_at")),
        "checklist": list(MeetingChecklistItem.objects.filter(checklist__meeting__case=case)
                          .values_list("text_da", "done", "done_by_id", "done_at")),
        "notifications": list(Notification.objects.filter(case=case).values_list(
            "recipient_id", "kind", "created_at")),
        "professionals_access_log": list(
            AccessLogEntry.objects.filter(case=case).exclude(role="service_user")
            .values_list("who_id", "who_name", "action", "at")),
    }


def everything_text(case) -> str:
    """Every stored value of the case and its service user, as one string to search."""
    case = Case.objects.get(pk=case.pk)
    parts = [
        User.objects.filter(pk=case.service_user_id).values().first(),
        *Meeting.objects.filter(case=case).values(),
        *ExtensionDecision.objects.filter(case=case).values(),
        *Goal.objects.filter(plan__case=case).values(),
        *PlanChange.objects.filter(plan__case=case).values(),
        *PlanComment.objects.filter(plan__case=case).values(),
        *Note.objects.filter(case=case).values(),
        *MeetingFeedback.objects.filter(meeting__case=case).values(),
        *AccessLogEntry.objects.filter(case=case).values(),
    ]
    return repr(parts)


def test_the_command_removes_names_contact_details_and_free_text(full_case):
    before = everything_text(full_case.case)
    assert all(secret in before for secret in SECRETS)

    out = run("--as-of", DUE_ON.isoformat())

    assert "cases: 1" in out and "accounts: 1" in out
    after = everything_text(full_case.case)
    assert [secret for secret in SECRETS if secret in after] == []
    assert full_case.username not in after

    user = User.objects.get(pk=full_case.service_user.pk)
    assert user.username == pseudonym_for(user)
    assert user.username.startswith("pseudonym-") and len(user.username) == 22
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.has_usable_password() and not user.is_active
    assert user.display_name == user.username
    assert not AuthToken.objects.filter(user=user).exists()
    assert not AccessAttempt.objects.filter(username=full_case.username).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not AuthEvent.objects.filter(Q(user=user) | Q(username=full_case.username)).exists()

    held = Meeting.objects.get(pk=full_case.held.pk)
    assert (held.location, held.agenda, held.minutes) == ("", "", "")
    cancelled = Meeting.objects.get(pk=full_case.cancelled.pk)
    assert (cancelled.location, cancelled.agenda) == ("", "")
    assert ExtensionDecision.objects.get(pk=full_case.decision.pk).reasoning == REMOVED_TEXT
    goal = Goal.objects.get(pk=full_case.goal.pk)
    assert (goal.description, goal.service_user_words) == (REMOVED_TEXT, "")
    for change in PlanChange.objects.filter(plan__case=full_case.case):
        for snapshot in (change.before, change.after):
            if snapshot:
                assert snapshot["description"] == REMOVED_TEXT
                assert snapshot["service_user_words"] == ""
                assert snapshot["owner_name"] == user.username
                assert snapshot["target_date"] == "2026-09-01"
    assert set(PlanComment.objects.filter(plan__case=full_case.case)
               .values_list("text", flat=True)) == {REMOVED_TEXT}
    assert set(Note.objects.filter(case=full_case.case)
               .values_list("text", flat=True)) == {REMOVED_TEXT}
    assert MeetingFeedback.objects.get(meeting=held).comment == ""
    # The service user's own access log rows went (they name them; rows cannot be updated).
    assert not AccessLogEntry.objects.filter(who=user).exists()
    case = Case.objects.get(pk=full_case.case.pk)
    assert case.pseudonymised_at is not None


def test_the_command_keeps_dates_statuses_kinds_and_counts(full_case, care_manager):
    before = kept_facts(full_case.case)
    counts = {key: len(value) for key, value in before.items() if isinstance(value, list)}
    assert counts == {
        "memberships": 3, "absences": 1, "decisions": 1, "deadlines": counts["deadlines"],
        "meetings": 2, "participants": 6, "goals": 1, "plan_changes": 2,
        "acknowledgements": 1, "comments": 1, "notes": 3, "consents": 1, "feedback": 1,
        "checklist": counts["checklist"], "notifications": 1, "professionals_access_log": 1,
    }
    assert counts["deadlines"] >= 1 and counts["checklist"] >= 1
    assert before["case"][3] == "closed"

    run("--as-of", DUE_ON.isoformat())

    assert kept_facts(full_case.case) == before
    # The professionals are staff: not pseudonymised.
    care_manager.refresh_from_db()
    assert care_manager.is_active and care_manager.has_usable_password()
    assert AccessLogEntry.objects.get(case=full_case.case).who_name == care_manager.display_name
    assert AuthEvent.objects.filter(user=care_manager).count() == 1


def test_a_second_run_changes_nothing_and_reports_zero(full_case):
    run("--as-of", DUE_ON.isoformat())
    pseudonymised_at = Case.objects.get(pk=full_case.case.pk).pseudonymised_at
    facts, text = kept_facts(full_case.case), everything_text(full_case.case)

    out = run("--as-of", DUE_ON.isoformat())

    assert "cases: 0" in out and "accounts: 0" in out and "texts: 0" in out
    assert Case.objects.get(pk=full_case.case.pk).pseudonymised_at == pseudonymised_at
    assert (kept_facts(full_case.case), everything_text(full_case.case)) == (facts, text)
    result = case_pseudonymise(case_id=full_case.case.pk, now=timezone.now(), today=DUE_ON)
    assert result == PseudonymisationResult()


def test_cases_within_retention_and_open_cases_are_untouched(full_case, open_case,
                                                             other_service_user):
    open_one = open_case(service_user=other_service_user)
    goal_add(case=open_one, actor=open_one.employment_consultant, plan_version=0,
             kind="personal", description="Ole vil løbe")
    before = everything_text(full_case.case), everything_text(open_one)

    out = run("--as-of", (DUE_ON - timedelta(days=1)).isoformat())
    assert "cases: 0" in out
    out = run("--as-of", "2090-01-01")  # the open case is never due, whatever the date
    assert "cases: 1" in out

    assert everything_text(open_one) == before[1]
    assert Case.objects.get(pk=open_one.pk).pseudonymised_at is None
    assert User.objects.get(pk=other_service_user.pk).is_active
    assert "Sara Hansen" not in everything_text(full_case.case)


def test_the_due_day_follows_the_retention_setting(full_case, settings):
    settings.RETENTION = {**settings.RETENTION, "closed_case_years": 1}
    assert list(cases_due_for_pseudonymisation(today=date(2027, 8, 2))) == []
    assert list(cases_due_for_pseudonymisation(today=date(2027, 8, 3))) == [full_case.case]
    assert "kept 1 years" in run("--as-of", "2027-08-03")
    assert Case.objects.get(pk=full_case.case.pk).pseudonymised_at is not None


def test_the_cutoff_of_a_leap_day():
    assert retention_cutoff(today=date(2032, 2, 29), years=5) == date(2027, 2, 28)
    assert retention_cutoff(today=date(2031, 8, 3), years=5) == date(2026, 8, 3)


def test_an_open_case_is_refused_on_demand(open_case):
    case = open_case()
    with pytest.raises(ValueError, match="not closed"):
        case_pseudonymise(case_id=case.pk, now=timezone.now())
    assert Case.objects.get(pk=case.pk).pseudonymised_at is None


def test_another_open_case_keeps_the_account_until_its_own_retention(
    full_case, open_case, service_user, consultant, other_professional
):
    second = open_case(care_manager=other_professional, first_absence_day=date(2027, 3, 1),
                       referral_date=date(2027, 3, 10))
    goal_add(case=second, actor=consultant, plan_version=0, kind="personal",
             description="Sara vil cykle", owner=service_user)

    out = run("--as-of", DUE_ON.isoformat())

    assert "cases: 1" in out and "accounts: 0" in out
    user = User.objects.get(pk=service_user.pk)
    assert (user.username, user.first_name, user.email) == (
        full_case.username, "Sara", "sara@privat.example")
    assert user.is_active and user.check_password(TEST_PASSWORD)
    assert AuthToken.objects.filter(user=user).exists()
    # Only the first case's free text went; its history names the owner by the pseudonym.
    assert Goal.objects.get(pk=full_case.goal.pk).description == REMOVED_TEXT
    assert PlanChange.objects.filter(plan__case=full_case.case).first().after[
        "owner_name"] == pseudonym_for(user)
    assert Goal.objects.get(plan__case=second).description == "Sara vil cykle"
    assert AccessLogEntry.objects.filter(who=user).count() == 1
    assert AuthEvent.objects.filter(user=user).count() == 1
    assert TOTPDevice.objects.filter(user=user).exists()

    # The second case closes; within retention the account still stays.
    close(second, on=date(2028, 1, 31))
    assert "accounts: 0" in run("--as-of", "2032-01-30")
    assert User.objects.get(pk=user.pk).is_active
    # Five years after the second closing both cases are done, and the account goes.
    out = run("--as-of", "2033-01-31")
    assert "cases: 1" in out and "accounts: 1" in out
    user.refresh_from_db()
    assert user.username == pseudonym_for(user) and not user.is_active
    assert (user.first_name, user.email) == ("", "")
    assert Goal.objects.get(plan__case=second).description == REMOVED_TEXT
    assert not AccessLogEntry.objects.filter(who=user).exists()
    assert not AuthEvent.objects.filter(user=user).exists()


def test_two_due_cases_of_one_service_user_pseudonymise_the_account_once(
    full_case, open_case, other_professional, service_user
):
    second = open_case(care_manager=other_professional)
    close(second, on=date(2026, 9, 1))
    out = run("--as-of", "2031-09-01")
    assert "cases: 2" in out and "accounts: 1" in out
    assert not User.objects.get(pk=service_user.pk).is_active


def test_a_dry_run_lists_the_due_cases_and_changes_nothing(full_case):
    facts, text = kept_facts(full_case.case), everything_text(full_case.case)
    out = run("--dry-run", "--as-of", DUE_ON.isoformat())
    assert f"would pseudonymise case {full_case.case.pk} closed 2026-08-03" in out
    assert "and its service user's account" in out
    assert "cases: 1" in out and "accounts: 1" in out and "nothing was changed" in out
    assert (kept_facts(full_case.case), everything_text(full_case.case)) == (facts, text)
    assert Case.objects.get(pk=full_case.case.pk).pseudonymised_at is None
    assert "cases: 0" in run("--dry-run", "--as-of", "2031-08-02")


@pytest.mark.parametrize("bad", ["2031-13-01", "yesterday", "03-08-2031", ""])
def test_a_bad_as_of_is_an_error_and_changes_nothing(full_case, bad):
    text = everything_text(full_case.case)
    with pytest.raises(CommandError, match="--as-of must be a date as YYYY-MM-DD"):
        run("--as-of", bad)
    with pytest.raises(CommandError, match="--batch-size must be a positive"):
        run("--as-of", DUE_ON.isoformat(), "--batch-size", "0")
    assert everything_text(full_case.case) == text
    assert Case.objects.get(pk=full_case.case.pk).pseudonymised_at is None


def test_a_bad_as_of_from_the_command_line_exits_non_zero():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "ibbis.settings.test"
    result = subprocess.run(
        [sys.executable, "manage.py", "pseudonymise_closed_cases", "--as-of", "31/08/2031"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "--as-of must be a date as YYYY-MM-DD, not '31/08/2031'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_nightly_task_pseudonymises_due_cases_once(full_case):
    assert settings.CELERY_BEAT_SCHEDULE["pseudonymise-closed-cases"]["task"] == (
        "coordination.tasks.pseudonymise_closed_cases"
    )
    assert pseudonymise_closed_cases.delay("2031-08-02").get()["cases"] == 0
    counts = pseudonymise_closed_cases.delay(DUE_ON.isoformat()).get()
    assert counts["cases"] == 1 and counts["accounts"] == 1 and counts["texts"] >= 8
    assert pseudonymise_closed_cases.delay(DUE_ON.isoformat()).get() == {
        "cases": 0, "accounts": 0, "texts": 0, "access_log_removed": 0,
        "auth_events_removed": 0,
    }
    assert "Sara Hansen" not in everything_text(full_case.case)


def test_batches_cover_every_due_case(full_case, open_case, other_professional,
                                      other_service_user):
    for day in (1, 2, 3):
        extra = open_case(service_user=factories.ServiceUserFactory(),
                          care_manager=other_professional)
        close(extra, on=date(2026, 8, day))
    out = run("--as-of", DUE_ON.isoformat(), "--batch-size", "1")
    assert "cases: 4" in out and "accounts: 4" in out
    assert not cases_due_for_pseudonymisation(today=DUE_ON).exists()


def test_the_pseudonymised_account_cannot_sign_in(full_case, client):
    run("--as-of", DUE_ON.isoformat())
    response = APIClient().post(
        "/api/auth/token/", {"username": full_case.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    for username in (full_case.username, pseudonym_for(full_case.service_user)):
        client.post("/login/", {"username": username, "password": TEST_PASSWORD})
        assert "_auth_user_id" not in client.session


def _valid_fhir(bundle):
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def test_pages_and_api_keep_working_on_a_pseudonymised_case(
    full_case, client, api, care_manager, former_cm, consultant, jobcentre_manager
):
    run("--as-of", DUE_ON.isoformat())
    case, held = full_case.case, full_case.held
    pseudonym = pseudonym_for(full_case.service_user)
    pages = [
        f"/cases/{case.pk}/", f"/cases/{case.pk}/plan/", f"/cases/{case.pk}/plan/history/",
        f"/cases/{case.pk}/notes/", f"/cases/{case.pk}/meetings/", f"/meetings/{held.pk}/",
        f"/meetings/{held.pk}/calendar.ics", f"/meetings/{held.pk}/checklist/",
        "/caseload/?status=closed",
    ]
    for user in (care_manager, former_cm, consultant):
        client.force_login(user)
        for url in pages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, (user, url, response.status_code)
            assert leaks(response.content.decode()) == [], (user, url)
        assert pseudonym in client.get(f"/cases/{case.pk}/").content.decode()

    client.force_login(jobcentre_manager)
    for url in ("/dashboard/", f"/dashboard/professionals/{consultant.pk}/",
                "/dashboard/caseloads.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content.decode()) == [], url

    for user in (care_manager, former_cm, consultant):
        api.as_user(user)
        for url in (f"/api/cases/{case.pk}/", f"/api/cases/{case.pk}/plan/",
                    f"/api/cases/{case.pk}/plan/history/", f"/api/cases/{case.pk}/notes/",
                    f"/api/meetings/{held.pk}/", f"/api/cases/{case.pk}/access-log/",
                    "/api/cases/?status=closed"):
            response = api.get(url)
            assert response.status_code == 200, (user, url, response.status_code)
            assert leaks(response.content.decode()) == [], (user, url)
    detail = api.as_user(care_manager).get(f"/api/cases/{case.pk}/").json()
    assert detail["service_user"]["name"] == pseudonym
    assert detail["closed_on"] == "2026-08-03" and detail["status"] == "closed"

    fhir = api.as_user(consultant).get(f"/api/cases/{case.pk}/fhir/")
    assert fhir.status_code == 200
    _valid_fhir(fhir.json())
    assert leaks(fhir.content.decode()) == []
    patient = next(e["resource"] for e in fhir.json()["entry"]
                   if e["resource"]["resourceType"] == "Patient")
    assert patient["name"][0]["text"] == pseudonym and "telecom" not in patient
    assert patient["active"] is False

    api.as_user(jobcentre_manager)
    assert api.get("/api/dashboard/").status_code == 200


def test_the_service_users_export_of_a_pseudonymised_earlier_case(
    full_case, open_case, client, api, service_user, other_professional
):
    """The account stays for a second, open case: the service user still reads the earlier,
    pseudonymised case's export and pages without its free text."""
    open_case(care_manager=other_professional, first_absence_day=date(2027, 3, 1),
              referral_date=date(2027, 3, 10))
    run("--as-of", DUE_ON.isoformat())
    case = full_case.case
    response = api.as_user(service_user).get(f"/api/cases/{case.pk}/export/")
    assert response.status_code == 200
    export = response.json()
    # The profile is the account, still theirs; the earlier case's content is gone.
    assert set(leaks(response.content.decode())) <= ACCOUNT
    assert export["case"]["closed_on"] == "2026-08-03"
    assert len(export["meetings"]) == 2 and len(export["notes"]) == 1
    fhir = api.get(f"/api/cases/{case.pk}/fhir/")
    assert fhir.status_code == 200
    _valid_fhir(fhir.json())
    client.force_login(service_user)
    for url in ("/my-case/", "/my-plan/", "/my-case/export/", "/my-case/access-log/",
                "/my-case/feedback/", "/my-case/consent/", f"/cases/{case.pk}/plan/",
                f"/cases/{case.pk}/plan/history/", f"/meetings/{full_case.held.pk}/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert set(leaks(response.content.decode())) <= ACCOUNT, url


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_append_only_triggers_still_refuse_changes_after_pseudonymisation(full_case):
    run("--as-of", DUE_ON.isoformat())
    entry = AccessLogEntry.objects.get(case=full_case.case)
    for statement in (
        "UPDATE trust_accesslogentry SET who_name = 'x' WHERE id = %s",
        "DELETE FROM trust_accesslogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [entry.pk])
    event = AuthEvent.objects.get()  # the care manager's sign-in
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_authevent WHERE id = %s", [event.pk])
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(who_name="x")
    assert AccessLogEntry.objects.get(pk=entry.pk).who_name == entry.who_name


def test_a_companions_account_and_name_go_with_the_case(full_case):
    """A companion at one of the case's meetings (issue 18): their account is pseudonymised
    with the case, the grant keeps its dates and loses the name and the relation."""
    from coordination.models import MeetingCompanion
    from ibbis.accounts.models import Role

    companion = factories.CompanionFactory(first_name="Karen", email="karen@privat.example")
    grant = MeetingCompanion.objects.create(
        meeting=full_case.held, user=companion, name="Karen Hansen", relation="Søster",
        granted_by=full_case.service_user)
    access_log_record(actor=companion, case=full_case.case,
                      action="companion.meeting_viewed", object_type="meeting")
    run("--as-of", DUE_ON.isoformat())
    grant.refresh_from_db()
    companion.refresh_from_db()
    assert (grant.name, grant.relation) == (REMOVED_TEXT, REMOVED_TEXT)
    assert grant.created_at is not None and companion.role == Role.COMPANION
    assert (companion.first_name, companion.email, companion.is_active) == ("", "", False)
    assert not AccessLogEntry.objects.filter(who=companion).exists()
    out = run("--as-of", DUE_ON.isoformat())
    assert "accounts: 0" in out and "texts: 0" in out
