"""The preview before a meeting (API.md, `GET /api/meetings/{id}/preview/`; issue 18): what
the care manager and the employment consultant will have in front of them equals, item for
item, what each gets from their own API reads, whatever the state of consent."""
from collections import Counter
from datetime import date

import pytest

from coordination.models import Meeting, MeetingStatus
from coordination.services.cases import extension_decide
from coordination.services.plan import goal_add, plan_for_case
from ibbis.accounts.models import Role
from ibbis.audit.actions import AccessAction
from ibbis.audit.models import AccessLogEntry
from trust.models import Consent, ConsentKind
from trust.services import consent_grant, consent_revoke, note_create

pytestmark = pytest.mark.django_db

SCOPES = ("private", "sector", "team", "shared")


def _url(meeting):
    return f"/api/meetings/{meeting.pk}/preview/"


def _write(case, author, scopes, tag):
    for scope in scopes:
        note_create(actor=author, case=case, text=f"{tag} {scope} note\nsecond line",
                    scope=scope)


def _what_the_api_gives(api, user, case):
    """What `user` reads of the case through the API: notes, goals, deadlines, decisions."""
    client = api.as_user(user)
    notes = client.get(f"/api/cases/{case.pk}/notes/?page_size=200")
    plan = client.get(f"/api/cases/{case.pk}/plan/")
    deadlines = client.get(f"/api/cases/{case.pk}/deadlines/")
    decisions = client.get(f"/api/cases/{case.pk}/extensions/")
    assert {r.status_code for r in (notes, plan, deadlines, decisions)} == {200}
    assert notes.json()["next"] is None
    return {
        "notes": notes.json()["results"],
        "goals": plan.json()["goals"],
        "deadlines": deadlines.json(),
        "decisions": decisions.json(),
    }


def _assert_preview_equals_api(api, case, meeting, service_user, professionals):
    su_note_ids = {n["id"] for n in _what_the_api_gives(api, service_user, case)["notes"]}
    response = api.as_user(service_user).get(_url(meeting))
    assert response.status_code == 200, response.content
    preview = response.json()
    assert set(preview) == {"care_manager", "employment_consultant"}
    for role, professional in professionals.items():
        got = _what_the_api_gives(api, professional, case)
        items = preview[role]
        of = lambda kind, items=items: [i for i in items if i["kind"] == kind]  # noqa: E731
        assert [i["id"] for i in of("goal")] == [g["id"] for g in got["goals"]]
        assert [(i["title"], i["due"]) for i in of("deadline")] == [
            (d["label"], d["due"]) for d in got["deadlines"]]
        assert sorted((i["id"], i["title"]) for i in of("decision")) == sorted(
            (d["id"], d["ground_label"]) for d in got["decisions"])
        readable = [n for n in got["notes"] if n["id"] in su_note_ids]
        unreadable = [n for n in got["notes"] if n["id"] not in su_note_ids]
        assert {i["id"] for i in of("note") if i["readable"]} == {n["id"] for n in readable}
        hidden = [i for i in of("note") if not i["readable"]]
        assert Counter(i["scope"] for i in hidden) == Counter(n["scope"] for n in unreadable)
        # A note the service user may not read shows only that it exists.
        for item in hidden:
            assert "id" not in item
            assert not any(n["text"].split("\n")[0] in str(item) for n in got["notes"])
        assert len(items) == sum(len(rows) for rows in got.values())
    return preview


def _hidden_scopes(items):
    return sorted(i["scope"] for i in items if i["kind"] == "note" and not i["readable"])


def test_the_preview_equals_what_each_role_gets_across_consent_states(
    api, case_opened_in_june, booked_meeting, service_user, care_manager, consultant
):
    goal_add(
        case=case_opened_in_june,
        actor=consultant,
        plan_version=plan_for_case(case_opened_in_june).version,
        kind="return_to_work",
        description="Back to work two days a week",
    )
    extension_decide(
        actor=consultant,
        case=case_opened_in_june,
        ground="none",
        decided_on=date(2026, 11, 2),
        medical_evidence=False,
        reasoning="Reassessed together",
    )
    professionals = {"care_manager": care_manager, "employment_consultant": consultant}

    # No consent: the care manager can write only private and sector notes.
    _write(case_opened_in_june, care_manager, ("private", "sector"), "CM")
    _write(case_opened_in_june, consultant, SCOPES, "EC")
    preview = _assert_preview_equals_api(
        api, case_opened_in_june, booked_meeting, service_user, professionals
    )
    assert _hidden_scopes(preview["employment_consultant"]) == ["private", "sector", "team"]
    assert _hidden_scopes(preview["care_manager"]) == ["private", "sector", "team"]
    for role in professionals:
        assert {i["kind"] for i in preview[role]} == {"goal", "note", "deadline", "decision"}

    # Consent given: the care manager's team and shared notes reach the jobcentre.
    consent = consent_grant(actor=service_user, case=case_opened_in_june,
                            kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE)
    _write(case_opened_in_june, care_manager, ("team", "shared"), "CM-consented")
    preview = _assert_preview_equals_api(
        api, case_opened_in_june, booked_meeting, service_user, professionals
    )
    assert _hidden_scopes(preview["employment_consultant"]) == [
        "private", "sector", "team", "team"]

    # Consent revoked: those notes leave the jobcentre's side again, never the care manager's.
    consent_revoke(actor=service_user, consent=consent)
    preview = _assert_preview_equals_api(
        api, case_opened_in_june, booked_meeting, service_user, professionals
    )
    assert _hidden_scopes(preview["employment_consultant"]) == ["private", "sector", "team"]
    assert "CM-consented shared note" not in str(preview["employment_consultant"])
    assert "CM-consented shared note" in str(preview["care_manager"])
    assert Consent.objects.get(pk=consent.pk).revoked_at is not None


def test_a_readable_note_is_named_by_its_first_line(
    api, case_opened_in_june, booked_meeting, service_user, consultant
):
    note_create(
        actor=consultant, case=case_opened_in_june, text="Talk about hours\nmore", scope="shared"
    )
    items = api.as_user(service_user).get(_url(booked_meeting)).json()["employment_consultant"]
    [note] = [i for i in items if i["kind"] == "note"]
    assert note["title"] == "Talk about hours" and note["readable"] and note["scope"] == "shared"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("care_manager", 403),
        ("consultant", 403),
        ("jobcentre_manager", 403),
        ("health_manager", 403),
        ("admin_user", 404),
        ("other_professional", 404),
        ("other_service_user", 404),
        ("service_user", 200),
    ],
)
def test_only_the_service_user_gets_the_preview(api, request, booked_meeting, role, status):
    user = request.getfixturevalue(role)
    assert api.as_user(user).get(_url(booked_meeting)).status_code == status


def test_anonymous_gets_401(api, booked_meeting):
    assert api.get(_url(booked_meeting)).status_code == 401


def test_an_unknown_meeting_is_404(api, service_user, booked_meeting):
    response = api.as_user(service_user).get(
        "/api/meetings/00000000-0000-4000-8000-000000000000/preview/")
    assert response.status_code == 404


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.CANCELLED])
def test_a_closed_meeting_is_409(api, booked_meeting, service_user, status):
    Meeting.objects.filter(pk=booked_meeting.pk).update(status=status)
    response = api.as_user(service_user).get(_url(booked_meeting))
    assert response.status_code == 409
    assert response.json()["code"] == "meeting_closed"


def test_the_read_has_a_registered_action_and_the_own_read_is_not_logged(
    api, booked_meeting, service_user
):
    # The service user reading their own case is not logged (trust.services.access_log,
    # LOGGED_ROLES); the code exists, with its words in both languages, for every reader.
    assert AccessAction.MEETING_PREVIEW_VIEWED.label
    before = AccessLogEntry.objects.count()
    assert api.as_user(service_user).get(_url(booked_meeting)).status_code == 200
    assert AccessLogEntry.objects.count() == before


def test_a_follow_up_still_lists_the_care_manager(
    api, case_opened_in_june, consultant, service_user
):
    from coordination.services.meetings import meeting_schedule
    from tests.fixtures.cases import at

    follow_up = meeting_schedule(case=case_opened_in_june, organizer=consultant, kind="follow_up",
                                 starts_at=at(5, 9), ends_at=at(5, 10))
    body = api.as_user(service_user).get(_url(follow_up)).json()
    assert set(body) == {"care_manager", "employment_consultant"}
    assert Role.CARE_MANAGER in body
