"""The hearing before a decision (issue 18; forvaltningsloven § 19) in the browser at phone
size: the service user finds the proposal on their case page, reads what is proposed, what
it rests on and the date, answers in their own words, and sees the answer on the page.
Nothing scrolls sideways at 390 px."""
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import HearingStatus
from coordination.services.cases import absence_record, case_open
from coordination.services.hearings import hearing_send
from tests.e2e.screens import PHONE, assert_fits_phone, open_session


@pytest.fixture
def hearing(consultant, care_manager, service_user):
    case = case_open(
        actor=consultant, service_user=service_user, care_manager=care_manager,
        employment_consultant=consultant, first_absence_day=date(2026, 1, 5),
        referral_date=date(2026, 1, 20), diagnosis="stress",
    )
    absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None, kind="full")
    return hearing_send(
        actor=consultant, case=case, proposed_ground="none",
        basis="Lægeerklæringen af 3. november siger, at du kan arbejde 20 timer om ugen.",
        answer_by=timezone.localdate() + timedelta(days=14),
    )


@pytest.mark.django_db(transaction=True)
def test_the_service_user_answers_a_hearing_on_a_phone(browser, live_server, service_user,
                                                        hearing):
    page = open_session(browser, live_server, service_user.username, viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/my-case/")
        expect(page.get_by_test_id("my-hearing-open")).to_contain_text(
            "Et forslag til afgørelse: du kan svare")
        assert_fits_phone(page)
        page.get_by_test_id("my-hearing-link").click()
        expect(page).to_have_url(f"{live_server.url}/hearings/{hearing.pk}/")
        expect(page.get_by_test_id("hearing-intro")).to_contain_text("forvaltningsloven § 19")
        expect(page.get_by_test_id("hearing-basis")).to_contain_text("20 timer om ugen")
        expect(page.get_by_test_id("hearing-date")).to_contain_text("14 dage tilbage")
        expect(page.get_by_test_id("hearing-date")).to_contain_text("ringe til din jobkonsulent")
        assert_fits_phone(page)
        # An empty answer is refused with the reason, beside the box.
        page.get_by_role("button", name="Send mit svar").click()
        expect(page.get_by_test_id("error-summary")).to_be_visible()
        page.get_by_label("Dit svar").fill("Min læge mener ikke, jeg kan mere end 10 timer.")
        page.get_by_role("button", name="Send mit svar").click()
        expect(page.locator(".messages")).to_contain_text("Tak. Dit svar er sendt")
        expect(page.get_by_test_id("hearing-answer")).to_contain_text("mere end 10 timer")
        expect(page.get_by_test_id("hearing-answer-form")).to_have_count(0)
        assert_fits_phone(page)
    finally:
        page.context.close()
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.ANSWERED
    assert hearing.answer == "Min læge mener ikke, jeg kan mere end 10 timer."
