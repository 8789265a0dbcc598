"""Issue 17's must-show in the browser, the parts tests/e2e/test_mobile.py does not cover: the
Danish date round trip of the goal form, meeting times in Europe/Copenhagen whatever the
browser's own time zone, the care manager's and the admin's main job at phone size, the
checklist ticked on the meeting page, the service user's checklist written to them, and the
print views (on screen and as the printer sees them). Screenshots go to
test-results/screenshots/ for a person to look at."""
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.screens import PHONE, SCREENSHOTS, assert_fits_phone, build_world, open_session

DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(care_manager, consultant, service_user, jobcentre_manager, health_manager, admin_user):
    return build_world(
        care_manager=care_manager, consultant=consultant, service_user=service_user,
        jobcentre_manager=jobcentre_manager, health_manager=health_manager,
        admin_user=admin_user,
    )


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def _held(world):
    return world.case.meetings.get(status="held")


@pytest.mark.django_db(transaction=True)
def test_the_goal_form_in_danish_keeps_the_target_date_through_a_save(
    browser, live_server, world
):
    goal = world.case.plan.goals.get()
    target = goal.target_date
    page = open_session(browser, live_server, world.users["consultant"].username)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/plan/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("link", name="Redigér mål 1").click()
    date_field = page.locator("#id_goal-target_date")
    expect(date_field).to_have_value(target.isoformat())  # opens on the stored date
    page.locator("#id_goal-description").fill("Tilbage på arbejde 12 timer om ugen")
    page.get_by_test_id("goal-form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    goal.refresh_from_db()
    assert goal.description == "Tilbage på arbejde 12 timer om ugen"
    assert goal.target_date == target  # saving did not wipe it
    # Shown as people write it in Danish, "1. december 2026".
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]
    expect(page.get_by_test_id("goals")).to_contain_text(
        f"{target.day}. {months[target.month - 1]} {target.year}")
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_meeting_times_are_copenhagen_time_in_a_browser_set_to_another_zone(
    browser, live_server, world
):
    from coordination.services.meetings import meeting_schedule

    day = timezone.localdate() + timedelta(days=9)
    starts = timezone.make_aware(datetime.combine(day, time(10, 0)))  # 08:00 or 09:00 UTC
    meeting = meeting_schedule(
        case=world.case, organizer=world.users["consultant"], kind="roundtable",
        starts_at=starts, ends_at=starts + timedelta(hours=1), location="Jobcentret",
    )
    # The browser's clock is in New York: the page must not depend on it.
    page = open_session(browser, live_server, world.users["care_manager"].username,
                        timezone_id="America/New_York")
    for path in (f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/checklist/",
                 f"/meetings/{meeting.pk}/print/", f"/cases/{world.case.pk}/meetings/"):
        page.goto(live_server.url + path)
        text = page.locator("main").inner_text()
        assert "10:00" in text, path
        assert "08:00" not in text and "09:00" not in text, path
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_care_manager_ticks_the_checklist_on_the_meeting_page_on_a_phone(
    browser, live_server, world
):
    from trust.models import MeetingChecklistItem

    held = _held(world)
    page = open_session(browser, live_server, world.users["care_manager"].username,
                        viewport=PHONE)
    page.goto(f"{live_server.url}/meetings/{held.pk}/")
    form = page.get_by_test_id("checklist-form")
    boxes = form.locator("input[type=checkbox]")
    expect(boxes).to_have_count(10)
    assert_fits_phone(page)
    # Ticked through the label, as a finger would.
    form.locator("label").nth(0).click()
    form.locator("label").nth(5).click()
    expect(boxes.nth(0)).to_be_checked()
    page.get_by_test_id("checklist-save").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/meetings/{held.pk}/#checklist")  # still on the meeting
    expect(page.get_by_test_id("checklist-form").locator("input[type=checkbox]").nth(0)
           ).to_be_checked()
    expect(page.locator(".messages")).to_contain_text("Tjeklisten er gemt")
    assert_fits_phone(page)
    _shot(page, "meeting-checklist-care_manager-390")
    done = MeetingChecklistItem.objects.filter(checklist__meeting=held, done=True)
    assert done.count() == 2
    assert {item.done_by for item in done} == {world.users["care_manager"]}
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_service_user_reads_the_checklist_as_questions_to_them_on_a_phone(
    browser, live_server, world
):
    held = _held(world)
    for locale, question in (("da-DK", "Fik du sagt, hvad der betyder noget for dig?"),
                             ("en-GB", "Did you get to say what matters to you?")):
        page = open_session(browser, live_server, world.users["service_user"].username,
                            viewport=PHONE, locale=locale)
        page.goto(f"{live_server.url}/meetings/{held.pk}/")
        checklist = page.get_by_test_id("meeting-checklist")
        expect(checklist).to_contain_text(question)
        expect(checklist.locator("input[type=checkbox]")).to_have_count(0)
        assert_fits_phone(page)
        _shot(page, f"meeting-service_user-{locale[:2]}-390")
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_admin_issues_an_enrolment_link_on_a_phone(browser, live_server, world):
    page = open_session(browser, live_server, world.users["admin"].username, viewport=PHONE)
    page.get_by_test_id("menu-open").click()
    page.locator(".mobile-drawer").get_by_role("link", name="Konti").click()
    page.wait_for_load_state()
    assert_fits_phone(page)
    page.get_by_test_id("issue-enrolment-link-olivia.cm").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("enrolment-link")).to_contain_text("/enrol/")
    assert_fits_phone(page)
    page.context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["consultant", "service_user"])
def test_the_print_views_leave_only_the_document_on_paper(browser, live_server, world, role):
    held = _held(world)
    page = open_session(browser, live_server, world.users[role].username)
    page.set_viewport_size(DESKTOP)
    if role == "service_user":
        page.goto(f"{live_server.url}/my-plan/")
    else:
        page.goto(f"{live_server.url}/cases/{world.case.pk}/plan/")
    page.get_by_test_id("print-link").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("print-button")).to_be_visible()  # the script unhid it
    expect(page.get_by_test_id("print-document")).to_contain_text(
        "Tilbage på arbejde 10 timer om ugen")
    _shot(page, f"print-plan-{role}-screen")
    page.emulate_media(media="print")
    for hidden in (".header", ".site-footer", "[data-testid=print-actions]"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_test_id("print-document")).to_be_visible()
    color = page.evaluate("() => getComputedStyle(document.querySelector('h1')).color")
    assert color == "rgb(0, 0, 0)"
    _shot(page, f"print-plan-{role}-paper")
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/meetings/{held.pk}/")
    page.get_by_test_id("print-link").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("print-document")).to_contain_text("Dagsorden")
    page.emulate_media(media="print")
    _shot(page, f"print-minutes-{role}-paper")
    # What Chromium itself would print (A4, page breaks from print.css), kept for a look.
    page.pdf(path=str(SCREENSHOTS / f"print-minutes-{role}.pdf"), format="A4")
    page.context.close()
