"""Issue 18: the demo has one companion (bisidder) a newcomer can sign in as: invited by the
demo service user (borger001) to their next meeting, with the demo password, its access
ending the day after that meeting, so it works on the day of `make run`."""
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from coordination.models import Meeting, MeetingCompanion
from coordination.services.companions import companion_access_until
from ibbis.audit.models import AccessLogEntry
from ibbis.demo import companion as demo_companion
from ibbis.demo.cases import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_the_demo_companion_comes_to_the_demo_service_users_next_meeting():
    lines = seed("--cases", "12")
    assert f"login: companion ledsager-demo {DEMO_PASSWORD} (companion)" in lines
    grant = MeetingCompanion.objects.select_related("user", "meeting__case__service_user").get()
    meeting = grant.meeting
    assert meeting.case.service_user.username == "borger001"
    assert grant.granted_by == meeting.case.service_user
    assert meeting.status == "scheduled" and meeting.starts_at > timezone.now()
    assert meeting == (Meeting.objects.filter(case=meeting.case, status="scheduled",
                                              starts_at__gt=timezone.now())
                       .order_by("starts_at").first())
    assert grant.user.access_until == companion_access_until(meeting)
    assert grant.is_active
    assert AccessLogEntry.objects.filter(case=meeting.case, action="companion.granted").count() == 1

    client = Client()
    response = client.post("/login/", {"username": "ledsager-demo", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/companion/")
    assert page.status_code == 200
    assert meeting.location in page.content.decode()

    borger = Client()
    borger.force_login(meeting.case.service_user)
    html = borger.get(f"/meetings/{meeting.pk}/").content.decode()
    assert demo_companion.NAME in html and 'data-testid="companion-revoke"' in html


def test_a_rerun_keeps_one_companion_and_moves_it_when_its_meeting_is_over():
    first = seed("--cases", "12")
    grant = MeetingCompanion.objects.select_related("user", "meeting").get()
    assert seed("--cases", "12") == first
    assert MeetingCompanion.objects.count() == 1
    assert AccessLogEntry.objects.filter(action="companion.granted").count() == 1

    # Days later the demo's meeting is over and the companion was revoked: the next run
    # brings them back for the next meeting ahead (a new one booked for the test).
    old = grant.meeting
    later = Meeting.objects.create(case=old.case, kind="follow_up", status="scheduled",
                                   organizer=old.organizer,
                                   starts_at=old.starts_at + timedelta(days=30),
                                   ends_at=old.ends_at + timedelta(days=30))
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    grant.user.is_active = False
    grant.user.save(update_fields=["is_active"])
    login = demo_companion.seed_companion(old.case.service_user.username,
                                          now=old.starts_at + timedelta(hours=2))
    assert login.username == "ledsager-demo"
    grant.refresh_from_db()
    grant.user.refresh_from_db()
    assert grant.meeting == later and grant.revoked_at is None and grant.user.is_active
    assert grant.user.access_until == companion_access_until(later)


def test_no_cases_no_companion():
    lines = seed("--cases", "0")
    assert not [line for line in lines if line.startswith("login: companion")]
    assert not MeetingCompanion.objects.exists()
