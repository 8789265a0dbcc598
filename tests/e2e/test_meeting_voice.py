"""In the browser at phone size (390 x 844), issue 18: the service user answers a meeting
invitation, adds a point of their own to the agenda and responds to the minutes."""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.services.meetings import meeting_schedule, meeting_update

PHONE = {"width": 390, "height": 844}


def fits_the_phone(page):
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1] + 1, f"scrolls sideways at 390 px: {width}"


@pytest.mark.django_db(transaction=True)
def test_the_service_user_replies_adds_a_point_and_responds_to_the_minutes_on_a_phone(
    login, live_server, case, consultant
):
    soon = timezone.now().replace(microsecond=0, second=0) + timedelta(days=3)
    upcoming = meeting_schedule(case=case, organizer=consultant, kind="roundtable",
                                starts_at=soon, ends_at=soon + timedelta(hours=1),
                                agenda="Fælles mål")
    past = timezone.now().replace(microsecond=0, second=0) - timedelta(days=2)
    held = meeting_schedule(case=case, organizer=consultant, kind="roundtable",
                            starts_at=past, ends_at=past + timedelta(hours=1), status="held")
    meeting_update(meeting=held, minutes="Vi aftalte to dage om ugen.")

    page = login("sara.borger")
    page.set_viewport_size(PHONE)

    # Reply: the page says that "cannot come" is never a sanction by itself.
    page.goto(f"{live_server.url}/meetings/{upcoming.pk}/")
    expect(page.get_by_test_id("no-sanction")).to_contain_text("aldrig i sig selv en sanktion")
    fits_the_phone(page)
    page.locator("#id_reply-comment").fill("Kan vi mødes efter kl. 13?")
    page.get_by_test_id("reply-other-time").click()
    expect(page.get_by_test_id("reply-answer-service_user")).to_have_text(
        "Foreslår et andet tidspunkt")
    expect(page.get_by_test_id("reply-service_user")).to_contain_text("Kan vi mødes efter kl. 13?")

    # An agenda point of their own, marked as theirs.
    page.locator("#id_agenda-text").fill("Mit tempo tilbage på arbejdet")
    page.locator("[data-testid=agenda-form] button[type=submit]").click()
    item = page.get_by_test_id("agenda-item").filter(has_text="Mit tempo tilbage på arbejdet")
    expect(item.get_by_test_id("own-item")).to_have_text("Dit punkt")
    fits_the_phone(page)

    # The minutes: disagreeing needs words; then the response shows beside the minutes.
    page.goto(f"{live_server.url}/meetings/{held.pk}/")
    page.get_by_label("Jeg er uenig i referatet").check()
    page.locator("[data-testid=minutes-form] button[type=submit]").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    page.get_by_label("Jeg er uenig i referatet").check()
    page.locator("#id_minutes-text").fill("Jeg sagde to korte dage, ikke to hele.")
    page.locator("[data-testid=minutes-form] button[type=submit]").click()
    expect(page.get_by_test_id("minutes-response-label")).to_have_text("Er uenig")
    expect(page.get_by_test_id("minutes-response-text")).to_have_text(
        "Jeg sagde to korte dage, ikke to hele.")
    fits_the_phone(page)
