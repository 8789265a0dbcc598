import re

import pytest
from playwright.sync_api import expect

LANDING = [
    ("care_manager", "carla.cm", r"/caseload/$", "Dine forløb"),
    ("employment_consultant", "erik.ec", r"/caseload/$", "Dine forløb"),
    ("manager", "jens.manager", r"/dashboard/$", "Overblik"),
    ("service_user", "sara.borger", r"/my-case/$", "Mit forløb"),
    ("admin", "ada.admin", r"/accounts/manage/$", "Kontoadministration"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role,username,url,heading", LANDING)
def test_each_role_logs_in_through_the_login_page_and_lands_home(
    login, user_of_role, role, username, url, heading
):
    page = login(username)
    expect(page).to_have_url(re.compile(url))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_keeps_the_visitor_on_the_login_page(login, consultant):
    page = login("erik.ec", "wrong password")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))


@pytest.mark.django_db(transaction=True)
def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, live_server, db):
    page.goto(f"{live_server.url}/login/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class("skip-link")
