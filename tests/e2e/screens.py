"""Helpers for the whole-product browser tests: a populated case, logged-in sessions per role,
a bounded same-origin crawler, and axe-core run inside the page."""
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tests import factories
from tests.e2e.two_factor import complete_second_factor, device_for
from tests.factories import TEST_PASSWORD

# The phone the issue 17 tests hold (390 x 844) and the one measure of it: nothing scrolls
# sideways and, where asked, no tap target is under 44 px (phone_measure.js).
PHONE = {"width": 390, "height": 844}
PHONE_MEASURE = (Path(__file__).parent / "phone_measure.js").read_text()


def assert_fits_phone(page, *, tap_targets: bool = True) -> None:
    measured = page.evaluate(PHONE_MEASURE)
    assert measured["scrollWidth"] <= measured["clientWidth"] + 1, measured["wide"]
    if tap_targets:
        assert not measured["small"], measured["small"]


AXE_PATH = Path(__file__).parent / "tooling" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# Never followed: leaving the session, switching language (a POST anyway), Django's own
# admin (not our pages), and static files.
SKIP_PREFIXES = ("/logout", "/i18n/", "/admin/", "/static/")
# Downloads are fetched and read as text, not rendered.
TEXT_SUFFIXES = (".ics", ".csv", ".json")


def open_session(browser, live_server, username, *, locale="da-DK", viewport=None,
                 timezone_id=None):
    """A fresh browser context logged in through the login page; returns its page.
    `viewport` ({"width": 390, "height": 844}) for a phone-sized window; `timezone_id` for a
    browser whose own clock is elsewhere."""
    options = {"locale": locale}
    if timezone_id:
        options["timezone_id"] = timezone_id
    if viewport:
        options.update(viewport=viewport, is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    device = device_for(username)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    complete_second_factor(page, device)
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} could not log in"
    return page


@dataclass
class Visited:
    path: str
    status: int
    text: str
    html: bool


@dataclass
class Crawl:
    pages: list[Visited] = field(default_factory=list)

    @property
    def paths(self):
        return [p.path for p in self.pages]


def crawl(page, base_url, *, start="/", limit=150, on_html=None) -> Crawl:
    """Breadth-first over the same-origin links (`a[href]`) reachable from `start`, at most
    `limit` addresses. Forms are never submitted. `on_html(page, path)` runs on each
    rendered page (for axe)."""
    origin = urlsplit(base_url).netloc
    queue, seen, result = deque([start]), {start}, Crawl()
    while queue and len(result.pages) < limit:
        path = queue.popleft()
        if path.split("?")[0].endswith(TEXT_SUFFIXES) or path.startswith("/api/"):
            response = page.request.get(base_url + path)
            result.pages.append(Visited(path, response.status, response.text(), False))
            continue
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # An attachment (an export, a calendar file): read it as text instead.
            response = page.request.get(base_url + path)
            result.pages.append(Visited(path, response.status, response.text(), False))
            continue
        status = response.status if response else 0
        text = page.content()
        result.pages.append(Visited(path, status, text, True))
        if on_html is not None and status == 200:
            on_html(page, path)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            href, _fragment = urldefrag(href)
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or target.startswith(SKIP_PREFIXES):
                continue
            seen.add(target)
            queue.append(target)
    return result


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (installed from npm into tests/e2e/tooling, never fetched at test time)
    on the current page; the violations of the given impacts."""
    if not AXE_PATH.exists():
        pytest.skip(f"axe-core is not installed at {AXE_PATH}: npm ci --prefix tests/e2e/tooling")
    # Evaluated through the DevTools protocol: a <script> tag (add_script_tag) would be an
    # inline script, which the site's Content-Security-Policy rightly blocks.
    page.evaluate(AXE_PATH.read_text())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                 'best-practice']},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in impacts]


# --- a case with everything on it -------------------------------------------------------


@dataclass
class World:
    case: object
    users: dict
    markers: dict  # marker text -> Note


def build_world(*, care_manager, consultant, service_user, jobcentre_manager,
                health_manager, admin_user) -> World:
    """One case with absences, deadlines, meetings (held and scheduled), a plan with a goal,
    a notification, feedback, and notes of every scope by both professionals: the care
    manager's written while consent was active and after it was revoked (DOMAIN.md, Note
    scopes). Plus a second case with other people, so "another professional" and "another
    service user" have pages of their own."""
    from coordination.models import Notification
    from coordination.services import cases as case_services
    from coordination.services import meetings as meeting_services
    from coordination.services import plan as plan_services
    from trust.models import Consent, ConsentKind
    from trust.services import consent_grant, consent_revoke, feedback_give, note_create

    today = timezone.localdate()
    other_cm = factories.CareManagerFactory(
        username="olivia.cm", organisation=care_manager.organisation
    )
    other_ec = factories.EmploymentConsultantFactory(
        username="otto.ec", organisation=consultant.organisation
    )
    other_su = factories.ServiceUserFactory(username="ole.borger")

    def open_case(su, cm, ec):
        case = case_services.case_open(
            actor=ec, service_user=su, care_manager=cm, employment_consultant=ec,
            first_absence_day=today - timedelta(days=100), referral_date=today - timedelta(days=90),
            diagnosis="stress", employment="employee",
        )
        case_services.absence_record(
            actor=ec, case=case, start=today - timedelta(days=100), end=None, kind="full"
        )
        return case

    case = open_case(service_user, care_manager, consultant)
    open_case(other_su, other_cm, other_ec)

    now = timezone.now().replace(microsecond=0)
    held = meeting_services.meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1), location="Jobcentret",
        agenda="Dagsorden",
        status="held",
    )
    meeting_services.meeting_schedule(
        case=case, organizer=consultant, kind="follow_up", starts_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=5, hours=1), location="Telefon",
    )
    feedback_give(meeting=held, felt_safe=4, felt_heard=5, understood_next_steps=3)
    plan = plan_services.plan_for_case(case)
    plan_services.goal_add(
        case=case, actor=consultant, plan_version=plan.version, kind="return_to_work",
        description="Tilbage på arbejde 10 timer om ugen", target_date=today + timedelta(days=60),
    )
    # Unread notifications, so the badge and the notification page are rendered and checked.
    deadline = case.deadlines.order_by("due").first()
    for recipient, kind in ((consultant, "reminder_7d"), (consultant, "overdue"),
                            (care_manager, "reminder_1d")):
        Notification.objects.get_or_create(
            recipient=recipient, kind=kind, deadline=deadline, case=case
        )

    markers = {}

    def write(author, label, scope):
        text = f"LEAKMARK-{label}-{scope}"
        markers[text] = note_create(actor=author, case=case, text=text, scope=scope)

    consent = consent_grant(
        actor=service_user, case=case, kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE
    )
    for scope in ("private", "sector", "team", "shared"):
        write(care_manager, "CMCONSENT", scope)
    consent_revoke(actor=service_user, consent=Consent.objects.get(pk=consent.pk))
    for scope in ("private", "sector"):
        write(care_manager, "CMREVOKED", scope)
    for scope in ("private", "sector", "team", "shared"):
        write(consultant, "EC", scope)
    return World(
        case=case,
        users={
            "care_manager": care_manager,
            "consultant": consultant,
            "other_care_manager": other_cm,
            "other_consultant": other_ec,
            "service_user": service_user,
            "other_service_user": other_su,
            "jobcentre_manager": jobcentre_manager,
            "health_manager": health_manager,
            "admin": admin_user,
        },
        markers=markers,
    )
