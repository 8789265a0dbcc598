"""The browser leak test (issue 6): notes of every scope on one case, then every page each
role reaches by following links, checked for note text the role may not read. The oracle is
trust's Note.objects.for_user, the one definition of DOMAIN.md's Note scopes."""
import pytest

from tests.e2e.screens import build_world, crawl, open_session
from trust.models import Note

MAX_PAGES = 150


@pytest.mark.django_db(transaction=True)
def test_no_page_any_role_reaches_shows_a_note_it_may_not_read(
    browser, live_server, care_manager, consultant, service_user, jobcentre_manager,
    health_manager, admin_user,
):
    world = build_world(
        care_manager=care_manager, consultant=consultant, service_user=service_user,
        jobcentre_manager=jobcentre_manager, health_manager=health_manager,
        admin_user=admin_user,
    )
    # The oracle must itself discriminate, or this test could not fail.
    assert set(Note.objects.for_user(consultant).values_list("text", flat=True)) == {
        "LEAKMARK-EC-private", "LEAKMARK-EC-sector",
        "LEAKMARK-EC-team", "LEAKMARK-EC-shared",
    }
    leaks, unseen, crawled, broken = [], [], {}, []
    for role, user in world.users.items():
        allowed = set(Note.objects.for_user(user).values_list("text", flat=True))
        forbidden = set(world.markers) - allowed
        page = open_session(browser, live_server, user.username)
        try:
            result = crawl(page, live_server.url, limit=MAX_PAGES)
        finally:
            page.context.close()
        crawled[role] = len(result.pages)
        broken.extend((role, p.path, p.status) for p in result.pages if p.status >= 500)
        shown = set()
        for visited in result.pages:
            for marker in world.markers:
                if marker in visited.text:
                    shown.add(marker)
                    if marker in forbidden:
                        leaks.append((role, visited.path, marker))
        # A positive control: what the role may read, it does find by following links, so a
        # crawl that never reached the notes would not pass silently.
        if allowed - shown:
            unseen.append((role, sorted(allowed - shown)))
    print("pages crawled per role:", crawled)
    assert not leaks, f"note text leaked: {leaks}"
    assert not broken, f"server errors while crawling: {broken}"
    assert not unseen, f"notes a role may read were not reachable: {unseen}"
    # Every role's crawl went past its home page (the bound is generous, not a cap we hit).
    assert all(1 < n < MAX_PAGES for n in crawled.values()), crawled
