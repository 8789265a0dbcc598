"""Browser tests: Debian's Chromium driven by Playwright, never a downloaded browser."""
import os
import shutil

import pytest

from tests.e2e.two_factor import complete_second_factor, device_for
from tests.factories import TEST_PASSWORD

# Playwright runs an event loop in the test thread; the ORM calls our fixtures make are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}")
        for item in items:
            if "/tests/e2e/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }


@pytest.fixture
def login(page, live_server):
    """Log in through the real login page and return the page."""

    def _login(username, password=TEST_PASSWORD):
        device = device_for(username)  # roles that need two factors get a known authenticator
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Log ind").click()
        complete_second_factor(page, device)
        return page

    return _login


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Danish is the product's default language; tests that need English switch explicitly.
    return {**browser_context_args, "locale": "da-DK"}


# Every browser test fails on a Content-Security-Policy violation (tests/e2e/csp_guard.py).
from tests.e2e.csp_guard import *  # noqa: E402, F403, I001
