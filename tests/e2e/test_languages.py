"""Both languages in the browser (issue 6): the language follows the browser's
Accept-Language, the switcher changes it, <html lang> says which, and each role's home page
has its heading translated. Screenshots of every home page, in both languages, go to
test-results/screenshots/ for a person to look at."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.screens import SCREENSHOTS, open_session

HOMES = [
    ("care_manager", r"/caseload/$", "Dine forløb", "Your caseload"),
    ("employment_consultant", r"/caseload/$", "Dine forløb", "Your caseload"),
    ("manager", r"/dashboard/$", "Overblik", "Dashboard"),
    ("service_user", r"/my-case/$", "Mit forløb", "My case"),
    ("admin", r"/accounts/manage/$", "Kontoadministration", "Account management"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role,url,danish,english", HOMES)
def test_each_home_page_in_danish_then_english_through_the_switcher(
    browser, live_server, user_of_role, role, url, danish, english
):
    page = open_session(browser, live_server, user_of_role[role].username, locale="da-DK")
    expect(page).to_have_url(re.compile(url))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(danish)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"home-{role}-da.png", full_page=True)

    page.get_by_label("Sprog").select_option("en")
    page.locator(".language-switcher button").click()
    expect(page).to_have_url(re.compile(url))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(english)
    page.screenshot(path=SCREENSHOTS / f"home-{role}-en.png", full_page=True)

    # The choice sticks for the session, and switches back the same way.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("da")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(danish)
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_language_follows_the_browser(browser, live_server, consultant):
    english = browser.new_context(locale="en-GB").new_page()
    english.goto(f"{live_server.url}/login/")
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.get_by_role("heading", level=1)).to_have_text("Log in")
    english.context.close()
    danish = browser.new_context(locale="da-DK").new_page()
    danish.goto(f"{live_server.url}/login/")
    expect(danish.locator("html")).to_have_attribute("lang", "da")
    expect(danish.get_by_role("heading", level=1)).to_have_text("Log ind")
    danish.context.close()


def test_the_danish_catalogue_is_complete():
    """Every msgid in the committed Danish catalogue has a Danish text that is not a fuzzy
    guess (pybabel compile, as `make install` runs it, leaves fuzzy entries out)."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="da")
    incomplete = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not (message.string if isinstance(message.string, str) else all(message.string))
        )
    ]
    assert len(catalogue) > 500
    assert incomplete == []
