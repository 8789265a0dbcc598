"""Interoperability pages in a real browser: the service user finds and saves their data;
a care manager makes a calendar address, and the address serves their meetings."""
import pytest
from playwright.sync_api import expect

from tests import factories
from trust.models import Note


@pytest.mark.django_db(transaction=True)
def test_the_service_user_reads_their_data_and_downloads_it(
    page, login, live_server, service_user, care_manager, consultant
):
    case = factories.CaseFactory(
        service_user=service_user, care_manager=care_manager, employment_consultant=consultant
    )
    for scope in ("shared", "team"):
        Note.objects.create(case=case, author=consultant, author_role=consultant.role,
                            author_organisation=consultant.organisation, scope=scope,
                            text=f"note-{scope}-for-the-export")
    login("sara.borger")
    page.get_by_test_id("nav-my-data").click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_text("note-shared-for-the-export")).to_be_visible()
    expect(page.get_by_text("note-team-for-the-export")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_test_id("export-json").click()
    download = download_info.value
    assert download.suggested_filename == "ibbis-my-data.json"
    assert "note-shared-for-the-export" in open(download.path(), encoding="utf-8").read()


@pytest.mark.django_db(transaction=True)
def test_a_care_manager_makes_revokes_a_calendar_address(page, login, live_server, care_manager):
    login("carla.cm")
    page.get_by_test_id("nav-calendar-feed").click()
    page.get_by_test_id("feed-create").click()
    url = page.get_by_test_id("feed-url").input_value()
    assert url.startswith(live_server.url + "/calendar/") and url.endswith(".ics")
    assert page.request.get(url).status == 200
    page.get_by_test_id("feed-revoke").click()
    expect(page.get_by_test_id("feed-create")).to_be_visible()
    assert page.request.get(url).status == 404
