"""In the browser: a professional books a meeting and records it as held; the service user
reads the plan in their own words and confirms it."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from coordination.models import Meeting, PlanAcknowledgement, PlanComment
from coordination.services.plan import goal_add

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def fill_meeting_form(page, day, start, end):
    page.locator("#id_meeting-kind").select_option("roundtable")
    page.locator("#id_meeting-day").fill(day)
    page.locator("#id_meeting-start_time").fill(start)
    page.locator("#id_meeting-end_time").fill(end)
    page.locator("#id_meeting-location").fill("Jobcenter Aarhus, mødelokale 2")
    page.locator("#id_meeting-agenda").fill("Fælles mål og næste skridt")
    page.locator("[data-testid=meeting-form] button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_a_professional_books_a_meeting_and_records_it_as_held(login, live_server, case):
    with time_machine.travel(datetime(2026, 10, 5, 8, 0, tzinfo=COPENHAGEN)):
        page = login("erik.ec")
        page.goto(f"{live_server.url}/cases/{case.pk}/meetings/")
        page.get_by_test_id("schedule-meeting").click()
        fill_meeting_form(page, "2026-10-05", "09:00", "10:00")
        expect(page.get_by_test_id("meeting-summary")).to_be_visible()
        meeting = Meeting.objects.get()
        assert page.url.endswith(f"/meetings/{meeting.pk}/")
        expect(page.get_by_test_id("agenda")).to_contain_text("Fælles mål og næste skridt")
        expect(page.get_by_test_id("held-form")).to_have_count(0)  # not started yet

        # A second booking over the first is refused at the form, naming the clash.
        page.goto(f"{live_server.url}/cases/{case.pk}/meetings/new/")
        fill_meeting_form(page, "2026-10-05", "09:30", "10:30")
        expect(page.get_by_test_id("form-error")).to_contain_text("5. oktober 2026 09:00")
        assert Meeting.objects.count() == 1

    with time_machine.travel(datetime(2026, 10, 5, 10, 15, tzinfo=COPENHAGEN)):
        page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
        form = page.get_by_test_id("held-form")
        form.locator(f"#id_held-attendance_{case.care_manager_id}_1").check()  # absent
        form.locator("#id_held-minutes").fill("Aftalt: gradvis opstart med 10 timer.")
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("minutes")).to_contain_text("gradvis opstart")
        meeting.refresh_from_db()
        assert meeting.status == "held"
        assert meeting.participants.get(role="care_manager").attendance == "absent"
        expect(page.get_by_test_id("meeting-status")).to_have_text(meeting.get_status_display())
        case.refresh_from_db()
        # Held on 2026-10-05, the first conversation (§ 13 b): the other three of the first
        # six months (from 2026-09-07) are due by 2027-03-06.
        assert str(case.next_follow_up_due) == "2027-03-06"


@pytest.mark.django_db(transaction=True)
def test_the_service_user_reads_the_plan_and_confirms_it(login, live_server, case, consultant):
    goal_add(
        case=case, actor=consultant, plan_version=0, kind="return_to_work",
        description="Gradvis tilbage til 10 timer om ugen",
        service_user_words="Jeg vil gerne tilbage, men i mit eget tempo", commitment="agreed",
    )
    page = login("sara.borger")
    page.get_by_test_id("nav-my-plan").click()
    goal = page.get_by_test_id("goal")
    expect(goal.get_by_role("heading", level=3)).to_contain_text(
        "Jeg vil gerne tilbage, men i mit eget tempo"
    )
    expect(goal).to_contain_text("Gradvis tilbage til 10 timer om ugen")
    expect(goal.get_by_test_id("goal-commitment")).to_be_visible()

    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("acknowledged")).to_be_visible()
    assert PlanAcknowledgement.objects.filter(user=case.service_user, version=1).exists()

    page.locator("#id_comment-text").fill("Jeg er glad for tempoet.")
    page.locator("[data-testid=comment-form] button[type=submit]").click()
    expect(page.get_by_test_id("comments")).to_contain_text("Jeg er glad for tempoet.")
    assert PlanComment.objects.get().author == case.service_user
