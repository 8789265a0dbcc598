"""A professional's calendar feed: a secret, revocable URL with all their meetings as one
.ics (issue 7). The token is shown once, stored hashed; a revoked or unknown token is 404."""
import re
from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from coordination.models import CalendarFeed
from coordination.models.feeds import hash_feed_token
from ibbis.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def issue(client, action="create"):
    """POST the action, follow to the page, and read the address shown once."""
    response = client.post("/calendar-feed/", {"action": action}, follow=True)
    assert response.status_code == 200
    match = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', response.content.decode())
    return match.group(1).removeprefix("http://testserver") if match else None


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_made_address_serves_all_own_meetings_and_only_those(
    care_manager, full_case, meetings, other_meeting
):
    url = issue(logged_in(care_manager))
    assert url
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    events = events_of(response)
    # The care manager sits at the roundtables, not at the follow-up.
    assert set(events) == {
        f"{meetings['scheduled'].ical_uid}@ibbis", f"{meetings['held'].ical_uid}@ibbis"
    }
    for meeting in other_meeting.case.meetings.all():
        assert f"{meeting.ical_uid}@ibbis" not in events


def test_cancelled_meetings_are_in_the_feed_as_cancelled(consultant, full_case, meetings):
    url = issue(logged_in(consultant))
    events = events_of(Client().get(url))
    assert len(events) == 3
    assert str(events[f"{meetings['cancelled'].ical_uid}@ibbis"]["status"]) == "CANCELLED"
    assert str(events[f"{meetings['scheduled'].ical_uid}@ibbis"]["status"]) == "CONFIRMED"
    assert "Agenda" not in Client().get(url).content.decode()


def test_the_token_is_stored_hashed_and_shown_once(care_manager, full_case):
    client = logged_in(care_manager)
    url = issue(client)
    token = url.removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=care_manager)
    assert feed.token_hash == hash_feed_token(token) and token not in feed.token_hash
    again = client.get("/calendar-feed/").content.decode()
    assert token not in again


def test_rotating_kills_the_old_address(care_manager, full_case, meetings):
    client = logged_in(care_manager)
    old = issue(client)
    new = issue(client, "rotate")
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=care_manager, revoked_at__isnull=True).count() == 1


def test_revoking_kills_the_address(care_manager, full_case, meetings):
    client = logged_in(care_manager)
    url = issue(client)
    assert issue(client, "revoke") is None
    assert Client().get(url).status_code == 404
    assert "feed-create" in client.get("/calendar-feed/").content.decode()


def test_unknown_tokens_are_404(db):
    assert Client().get("/calendar/not-a-real-token.ics").status_code == 404
    assert Client().get("/calendar/" + "x" * 300 + ".ics").status_code == 404


def test_a_deactivated_professionals_address_stops(care_manager, full_case):
    url = issue(logged_in(care_manager))
    care_manager.is_active = False
    care_manager.save()
    assert Client().get(url).status_code == 404


def test_an_unknown_action_is_400_and_changes_nothing(care_manager, full_case):
    client = logged_in(care_manager)
    response = client.post("/calendar-feed/", {"action": "explode"})
    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [("care_manager", 200), ("consultant", 200), ("former_cm", 200), ("other_professional", 200),
     ("service_user", 403), ("jobcentre_manager", 403), ("health_manager", 403),
     ("admin_user", 403)],
)
def test_who_may_have_a_feed(people, full_case, who, status):
    client = logged_in(people[who])
    assert client.get("/calendar-feed/").status_code == status
    assert client.post("/calendar-feed/", {"action": "create"}).status_code in (
        (302,) if status == 200 else (403,)
    )
    assert CalendarFeed.objects.filter(user=people[who]).exists() == (status == 200)


def test_the_page_needs_a_login(db):
    response = Client().get("/calendar-feed/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_reading_the_feed_is_logged_once_a_day_per_case(care_manager, full_case, meetings):
    url = issue(logged_in(care_manager))
    for _ in range(3):
        Client().get(url)
    entries = AccessLogEntry.objects.filter(action="meetings.feed_read")
    assert [(e.case_id, e.who_id) for e in entries] == [(full_case.pk, care_manager.pk)]


def test_the_feed_query_count_does_not_grow_with_meetings(care_manager, full_case):
    from tests.coordination.interop.conftest import make_meeting

    url = issue(logged_in(care_manager))
    Client().get(url)  # the day's log entry is written; later reads only read

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    for day in range(2):
        make_meeting(full_case, days=10 + day)
    few = count()
    for day in range(18):
        make_meeting(full_case, days=20 + day)
    assert count() == few


# Issue 16: a GET writes only the access log. "Last read" and the once-a-day entry are
# derived from the log; nothing on the feed's row is stamped.


def shows_last_read(client) -> bool:
    html = client.get("/calendar-feed/").content.decode()
    state = html.split('data-testid="feed-state">', 1)[1].split("</p>", 1)[0]
    return "Last read" in state or "Sidst læst" in state


def test_last_read_comes_from_the_feeds_access_log_entries(care_manager, full_case, meetings):
    import time_machine

    client = logged_in(care_manager)
    url = issue(client)
    assert not shows_last_read(client)  # not read yet
    feed = CalendarFeed.objects.get(user=care_manager, revoked_at__isnull=True)
    Client().get(url)
    entry = AccessLogEntry.objects.get(action="meetings.feed_read")
    assert shows_last_read(client)
    from coordination.calendar_feed import feed_last_read

    assert feed_last_read(feed) == entry.at
    # A new address starts afresh: the old one's reads are not its reads.
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        url = issue(client, "rotate")
        assert not shows_last_read(client)
        Client().get(url)
        assert shows_last_read(client)


def test_the_next_day_is_logged_again(care_manager, full_case, meetings):
    import time_machine

    url = issue(logged_in(care_manager))
    Client().get(url)
    Client().get(url)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        Client().get(url)
        Client().get(url)
    assert AccessLogEntry.objects.filter(action="meetings.feed_read").count() == 2


def test_the_feeds_get_writes_only_the_access_log(care_manager, full_case, meetings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = issue(logged_in(care_manager))
    write = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
    for _ in range(2):  # the day's first read, then a later one
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        written = {m.group(1) for q in queries.captured_queries if (m := write.match(q["sql"]))}
        assert written <= {"trust_accesslogentry"}

