"""The service user's part before a meeting (issue 18), in the browser at phone size: read
the preview of what each side will see, follow it to consent and back, and choose text
message reminders. Nothing scrolls sideways at 390 px."""
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import ReminderPreference
from coordination.services.cases import absence_record, case_open
from coordination.services.meetings import meeting_schedule
from tests.e2e.screens import PHONE, assert_fits_phone, open_session
from trust.services import note_create


@pytest.fixture
def meeting(consultant, care_manager, service_user):
    case = case_open(
        actor=consultant, service_user=service_user, care_manager=care_manager,
        employment_consultant=consultant, first_absence_day=date(2026, 6, 1),
        referral_date=date(2026, 6, 10), diagnosis="stress",
    )
    absence_record(actor=consultant, case=case, start=date(2026, 6, 1), end=None, kind="full")
    note_create(actor=care_manager, case=case, text="Sector text", scope="sector")
    note_create(actor=consultant, case=case, text="Shared with you: hours", scope="shared")
    starts = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=3),
                                                  time(10)))
    return meeting_schedule(case=case, organizer=consultant, kind="roundtable",
                            starts_at=starts, ends_at=starts + timedelta(hours=1))


@pytest.mark.django_db(transaction=True)
def test_the_service_user_reads_the_preview_and_goes_to_consent(
    browser, live_server, service_user, meeting
):
    page = open_session(browser, live_server, service_user.username, viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
        page.get_by_test_id("preview-link").click()
        expect(page.get_by_test_id("consent-words")).to_contain_text(
            "fordi du ikke har givet samtykke")
        expect(page.get_by_test_id("preview-employment_consultant-note")).to_contain_text(
            "Shared with you: hours")
        care_notes = page.get_by_test_id("preview-care_manager-note")
        expect(care_notes).to_contain_text("Et notat, du ikke kan læse")
        expect(care_notes).not_to_contain_text("Sector text")
        assert_fits_phone(page)
        page.get_by_test_id("change-consent").click()
        expect(page).to_have_url(f"{live_server.url}/my-case/consent/")
    finally:
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_service_user_chooses_text_message_reminders(browser, live_server, service_user):
    page = open_session(browser, live_server, service_user.username, viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/my-case/reminders/")
        assert_fits_phone(page)
        # DKFDS draws its own checkbox: a person taps the label.
        expect(page.get_by_label("På e-mail")).to_be_checked()
        page.locator("label[for=id_by_email]").click()
        page.locator("label[for=id_by_sms]").click()
        expect(page.get_by_label("På sms")).to_be_checked()
        page.get_by_role("button", name="Gem").click()
        expect(page.get_by_test_id("error-summary")).to_be_visible()
        page.get_by_label("Mobilnummer").fill("20 30 40 50")
        page.get_by_role("button", name="Gem").click()
        expect(page.locator(".messages")).to_contain_text("Dit valg af påmindelser er gemt.")
        preference = ReminderPreference.objects.get(user=service_user)
        assert (preference.by_email, preference.by_sms) == (False, True)
    finally:
        page.context.close()
