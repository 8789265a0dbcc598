"""The case API (API.md, Cases): every endpoint for every role, bad input, as_of, handover."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import (
    AbsencePeriod,
    Case,
    CaseMembership,
    Deadline,
    ExtensionDecision,
)
from coordination.services.clock import case_recompute
from ibbis.audit.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")

ROLES = [
    "care_manager", "consultant", "other_professional", "service_user", "other_service_user",
    "jobcentre_manager", "health_manager", "admin_user", "anonymous",
]


@pytest.fixture(autouse=True)
def mid_june(time_machine):
    """A day before the worked example's reassessment date (2026-07-31)."""
    time_machine.move_to(datetime(2026, 6, 15, 10, 0, tzinfo=CPH))


@pytest.fixture
def caller(api, request):
    def as_role(role):
        if role == "anonymous":
            api.credentials()
            return api
        return api.as_user(request.getfixturevalue(role))

    return as_role


@pytest.fixture
def successor(jobcentre):
    return factories.EmploymentConsultantFactory(username="nina.ec", organisation=jobcentre)


def url(case, tail=""):
    return f"/api/cases/{case.pk}/{tail}"


# --- who may do what --------------------------------------------------------------------

READ_EXPECTED = dict(
    care_manager=200, consultant=200, other_professional=404, service_user=200,
    other_service_user=404, jobcentre_manager=200, health_manager=200, admin_user=404,
    anonymous=401,
)


@pytest.mark.parametrize("tail", ["", "absences/", "extensions/", "deadlines/"])
@pytest.mark.parametrize("role", ROLES)
def test_reading_a_case_and_its_clock(worked_case, caller, role, tail):
    assert caller(role).get(url(worked_case, tail)).status_code == READ_EXPECTED[role]


@pytest.mark.parametrize(
    "role,expected",
    [("care_manager", 201), ("consultant", 201), ("other_professional", 404),
     ("service_user", 403), ("other_service_user", 404), ("jobcentre_manager", 403),
     ("health_manager", 403), ("admin_user", 404), ("anonymous", 401)],
)
def test_recording_an_absence(worked_case, caller, role, expected):
    AbsencePeriod.objects.filter(case=worked_case).delete()
    response = caller(role).post(
        url(worked_case, "absences/"), {"start": "2026-01-05", "end": None, "kind": "full"}
    )
    assert response.status_code == expected
    assert worked_case.absences.count() == (1 if expected == 201 else 0)


@pytest.mark.parametrize(
    "role,expected",
    [("care_manager", 403), ("consultant", 201), ("other_professional", 404),
     ("service_user", 403), ("other_service_user", 404), ("jobcentre_manager", 201),
     ("health_manager", 403), ("admin_user", 404), ("anonymous", 401)],
)
def test_deciding_an_extension(worked_case, caller, role, expected):
    response = caller(role).post(
        url(worked_case, "extensions/"),
        {"ground": "p27_2", "decided_on": "2026-06-10", "medical_evidence": False,
         "valid_until": "2027-06-30", "reasoning": "A company placement will clarify it."},
    )
    assert response.status_code == expected
    assert ExtensionDecision.objects.count() == (1 if expected == 201 else 0)


@pytest.mark.parametrize(
    "role,expected",
    [("care_manager", 403), ("consultant", 200), ("other_professional", 404),
     ("service_user", 403), ("other_service_user", 404), ("jobcentre_manager", 200),
     ("health_manager", 403), ("admin_user", 404), ("anonymous", 401)],
)
def test_handing_a_case_over(worked_case, caller, role, expected, successor):
    response = caller(role).post(
        url(worked_case, "handover/"), {"role": "employment_consultant", "to": str(successor.pk)}
    )
    assert response.status_code == expected
    worked_case.refresh_from_db()
    assert (worked_case.employment_consultant == successor) == (expected == 200)


@pytest.mark.parametrize(
    "role,expected",
    [("care_manager", 403), ("consultant", 201), ("other_professional", 403),
     ("service_user", 403), ("other_service_user", 403), ("jobcentre_manager", 201),
     ("health_manager", 403), ("admin_user", 403), ("anonymous", 401)],
)
def test_opening_a_case(caller, role, expected, care_manager, consultant, request):
    person = factories.ServiceUserFactory()
    before = Case.objects.count()
    response = caller(role).post(
        "/api/cases/",
        {"service_user": str(person.pk), "care_manager": str(care_manager.pk),
         "employment_consultant": str(consultant.pk), "first_absence_day": "2026-05-04",
         "referral_date": "2026-05-20", "diagnosis": "anxiety"},
    )
    assert response.status_code == expected
    assert Case.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["employment"] == "employee"


@pytest.mark.parametrize(
    "role,visible",
    [("care_manager", 1), ("consultant", 2), ("other_professional", 1), ("service_user", 1),
     ("other_service_user", 1), ("jobcentre_manager", 2), ("health_manager", 2),
     ("admin_user", 0)],
)
def test_the_case_list_holds_what_the_caller_may_see(worked_case, caller, role, visible):
    response = caller(role).get("/api/cases/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == visible


@pytest.mark.parametrize(
    "role,due",
    [("care_manager", 3), ("consultant", 5), ("other_professional", 2), ("service_user", 3),
     ("other_service_user", 2), ("jobcentre_manager", 5), ("health_manager", 5),
     ("admin_user", 0)],
)
def test_the_deadline_list_holds_the_callers_open_deadlines(worked_case, caller, role, due):
    # The worked example: the first follow-up of 2026-03-01 (overdue), the four in six
    # months by 2026-07-04 (§ 13 b, stk. 1) and the reassessment of 2026-07-31 (open); the
    # other case has no absence yet, so only its two follow-up deadlines.
    response = caller(role).get("/api/deadlines/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert all(row["status"] in ("open", "overdue") for row in rows)
    assert len(rows) == due


@pytest.mark.parametrize("path", ["/api/cases/", "/api/deadlines/", "/api/notifications/"])
def test_anonymous_callers_get_401_on_lists(api, path):
    assert api.get(path).status_code == 401


def test_a_former_consultant_still_sees_the_case_but_may_not_change_it(
    worked_case, caller, consultant, successor, api
):
    api.as_user(consultant).post(
        url(worked_case, "handover/"), {"role": "employment_consultant", "to": str(successor.pk)}
    )
    former = caller("consultant")
    assert former.get(url(worked_case)).status_code == 200
    response = former.post(
        url(worked_case, "extensions/"),
        {"ground": "none", "decided_on": "2026-06-10", "reasoning": "r"},
    )
    assert response.status_code == 403


# --- computed fields and as_of ----------------------------------------------------------


def test_the_worked_example_through_the_api(api, consultant, care_manager):
    person = factories.ServiceUserFactory()
    client = api.as_user(consultant)
    created = client.post(
        "/api/cases/",
        {"service_user": str(person.pk), "care_manager": str(care_manager.pk),
         "employment_consultant": str(consultant.pk), "first_absence_day": "2026-01-05",
         "referral_date": "2026-01-20", "diagnosis": "stress", "employment": "employee"},
    )
    assert created.status_code == 201, created.json()
    case_url = f"/api/cases/{created.json()['id']}/"
    assert created.json()["reassessment_date"] is None
    absence = client.post(case_url + "absences/", {"start": "2026-01-05", "kind": "full"})
    assert absence.status_code == 201
    assert absence.json()["end"] is None
    body = client.get(case_url).json()
    assert body["reassessment_date"] == "2026-07-31"
    assert body["status"] == "active"
    assert body["next_follow_up_due"] == "2026-03-01"


@pytest.mark.parametrize(
    "as_of,weeks",
    [
        # Benefit days run from 2026-02-04: 147 by the end of June, the 155th on 2026-07-08.
        ("2026-06-30", 21.0),
        ("2026-07-08", 22.1),
        ("2026-02-03", 0.0),
    ],
)
def test_benefit_weeks_used_as_of_a_day(worked_case, api, consultant, as_of, weeks):
    body = api.as_user(consultant).get(url(worked_case), {"as_of": as_of}).json()
    assert body["as_of"] == as_of
    assert body["benefit_weeks_used"] == weeks
    assert body["reassessment_date"] == "2026-07-31"


def test_weeks_used_is_a_number_with_one_decimal(worked_case, api, consultant):
    text = api.as_user(consultant).get(url(worked_case), {"as_of": "2026-06-30"}).content.decode()
    assert '"benefit_weeks_used":21.0' in text


def test_as_of_shows_job_clarification_after_a_none_decision(worked_case, api, consultant):
    client = api.as_user(consultant)
    client.post(url(worked_case, "extensions/"),
                {"ground": "none", "decided_on": "2026-06-10", "reasoning": "Can work."})
    assert client.get(url(worked_case), {"as_of": "2026-07-31"}).json()["status"] == "active"
    assert client.get(url(worked_case), {"as_of": "2026-08-01"}).json()["status"] == (
        "job_clarification"
    )
    # Before the decision was taken the case was simply active.
    assert client.get(url(worked_case), {"as_of": "2026-06-01"}).json()["status"] == "active"


def test_deadlines_as_of_a_later_day_are_computed_not_stored(worked_case, api, consultant):
    client = api.as_user(consultant)
    today = client.get(url(worked_case, "deadlines/"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert {"kind": "reassessment", "due": "2026-07-31", "status": "open",
            "label": "Reassessment (week 22)"} in today
    later = client.get(url(worked_case, "deadlines/"), {"as_of": "2026-08-01"}).json()
    assert {row["kind"]: row["status"] for row in later}["reassessment"] == "overdue"
    assert Deadline.objects.get(case=worked_case, kind="reassessment").status == "open"


def test_a_decision_in_time_meets_the_reassessment_deadline(worked_case, api, consultant):
    client = api.as_user(consultant)
    client.post(url(worked_case, "extensions/"),
                {"ground": "p27_3", "decided_on": "2026-06-10", "medical_evidence": True,
                 "valid_until": "2027-06-30",
                 "reasoning": "In treatment; the doctor expects a return."})
    rows = client.get(url(worked_case, "deadlines/"), {"as_of": "2026-08-01"}).json()
    assert {row["kind"]: row["status"] for row in rows}["reassessment"] == "met"
    assert client.get(url(worked_case)).json()["status"] == "extended"


@pytest.mark.parametrize(
    "param",
    ["as_of=2026-13-01", "as_of=yesterday", "as_of=2026-6-1x", "as_of=0001-01-01",
     "as_of=9999-12-31"],
)
@pytest.mark.parametrize("tail", ["", "deadlines/"])
def test_a_malformed_as_of_is_a_field_error(worked_case, api, consultant, param, tail):
    response = api.as_user(consultant).get(f"{url(worked_case, tail)}?{param}")
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_the_case_shows_its_team_with_decisional_power_and_continuity(
    worked_case, api, service_user
):
    body = api.as_user(service_user).get(url(worked_case), HTTP_ACCEPT_LANGUAGE="en").json()
    roles = [member["role"] for member in body["team"]]
    assert roles == ["service_user", "employment_consultant", "care_manager"]
    power = {member["role"]: member["decisional_power"] for member in body["team"]}
    assert "sickness benefit" in power["employment_consultant"]
    assert "no power" in power["care_manager"]
    assert body["team_since"] == "2026-06-15"
    assert len(body["memberships"]) == 2


# --- extension codes --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,code",
    [
        ({"ground": "p27_3", "medical_evidence": False}, "medical_evidence_required"),
        ({"ground": "p27_5"}, "medical_evidence_required"),
        # 69 weeks from 2026-07-31 is 2027-11-26.
        ({"ground": "p27_2", "valid_until": "2027-11-27"}, "extension_too_long"),
        ({"ground": "p27_3", "medical_evidence": True, "valid_until": "2029-02-24"},
         "extension_too_long"),
        ({"ground": "none", "valid_until": "2026-12-31"}, "valid_until_not_allowed"),
    ],
)
def test_a_refused_extension_is_400_with_its_code(worked_case, api, consultant, body, code):
    payload = {"decided_on": "2026-06-10", "reasoning": "Reasons.", **body}
    response = api.as_user(consultant).post(url(worked_case, "extensions/"), payload)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert ExtensionDecision.objects.count() == 0


def test_the_longest_allowed_extension_is_accepted(worked_case, api, consultant):
    response = api.as_user(consultant).post(
        url(worked_case, "extensions/"),
        {"ground": "p27_2", "decided_on": "2026-06-10", "valid_until": "2027-11-26",
         "reasoning": "Placement."},
    )
    assert response.status_code == 201
    assert response.json()["decided_by"]["id"] == str(consultant.pk)
    rows = api.get(url(worked_case, "deadlines/"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert {"kind": "extension_review", "due": "2027-11-26", "status": "open",
            "label": "Extension review"} in rows


# --- bad input changes nothing ----------------------------------------------------------


def case_body(person, carer, consultant, changes):
    body = {"service_user": str(person.pk), "care_manager": str(carer.pk),
            "employment_consultant": str(consultant.pk), "first_absence_day": "2026-05-04",
            "referral_date": "2026-05-20", "diagnosis": "stress"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


@pytest.mark.parametrize(
    "change,field",
    [
        ({"service_user": "care_manager"}, "service_user"),
        ({"care_manager": "consultant"}, "care_manager"),
        ({"employment_consultant": "care_manager"}, "employment_consultant"),
        ({"employment_consultant": "jobcentre_manager"}, "employment_consultant"),
        ({"service_user": "not-a-uuid"}, "service_user"),
        ({"care_manager": "5d0c3a51-6c61-4f58-9d0e-5f9b3f1f0000"}, "care_manager"),
        ({"diagnosis": "flu"}, "diagnosis"),
        ({"employment": "retired"}, "employment"),
        ({"first_absence_day": "2026-02-30"}, "first_absence_day"),
        ({"referral_date": "05/20/2026"}, "referral_date"),
        ({"referral_date": "2026-05-01"}, "referral_date"),
        ({"first_absence_day": "0001-01-01", "referral_date": "0001-01-02"},
         "first_absence_day"),
        ({"diagnosis": None}, "diagnosis"),
    ],
)
def test_opening_a_case_with_bad_input_is_400_and_creates_nothing(
    api, consultant, care_manager, jobcentre_manager, service_user, change, field, request
):
    accounts = {"care_manager": care_manager, "consultant": consultant,
                "jobcentre_manager": jobcentre_manager}
    resolved = {
        key: (str(accounts[value].pk) if value in accounts else value)
        for key, value in change.items()
    }
    body = case_body(service_user, care_manager, consultant, resolved)
    counts = (Case.objects.count(), CaseMembership.objects.count())
    response = api.as_user(consultant).post("/api/cases/", body)
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert (Case.objects.count(), CaseMembership.objects.count()) == counts


@pytest.mark.parametrize(
    "body,field",
    [
        ({"start": "2026-09-10", "end": "2026-09-01", "kind": "full"}, "end"),
        ({"start": "2026-03-01", "end": "2026-03-10", "kind": "full"}, "start"),  # overlaps
        ({"start": "2025-12-01", "end": "2025-12-10", "kind": "full"}, "start"),
        ({"start": "2026-09-01", "kind": "half"}, "kind"),
        ({"start": "1 Sept 2026", "kind": "full"}, "start"),
        ({"start": "2026-09-01", "end": "never", "kind": "full"}, "end"),
        ({"kind": "full"}, "start"),
        # Far-off days would overflow the month arithmetic; they are typing errors.
        ({"start": "9999-11-01", "kind": "full"}, "start"),
        ({"start": "2026-09-01", "end": "9999-12-31", "kind": "full"}, "end"),
    ],
)
def test_a_bad_absence_is_400_and_changes_nothing(worked_case, api, care_manager, body, field):
    before = list(AbsencePeriod.objects.values_list("pk", "start", "end"))
    stored = Case.objects.values("reassessment_date", "next_deadline_due").get(pk=worked_case.pk)
    response = api.as_user(care_manager).post(url(worked_case, "absences/"), body)
    assert response.status_code == 400
    assert field in response.json()
    assert list(AbsencePeriod.objects.values_list("pk", "start", "end")) == before
    assert Case.objects.values("reassessment_date", "next_deadline_due").get(
        pk=worked_case.pk
    ) == stored


def test_an_absence_overlapping_a_closed_one_is_refused(open_case, api, care_manager):
    case = open_case()
    client = api.as_user(care_manager)
    first = client.post(url(case, "absences/"),
                        {"start": "2026-01-05", "end": "2026-02-28", "kind": "full"})
    assert first.status_code == 201
    clash = client.post(url(case, "absences/"), {"start": "2026-02-28", "kind": "partial"})
    assert clash.status_code == 400 and "start" in clash.json()
    after = client.post(url(case, "absences/"), {"start": "2026-03-01", "kind": "partial"})
    assert after.status_code == 201
    assert [row["kind"] for row in client.get(url(case, "absences/")).json()] == [
        "full", "partial"
    ]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"ground": "p27_9"}, "ground"),
        ({"ground": "none", "decided_on": "10-06-2026"}, "decided_on"),
        ({"ground": "none", "decided_on": "2026-06-20"}, "decided_on"),  # in the future
        ({"ground": "none", "reasoning": "   "}, "reasoning"),
        ({"ground": "p27_2", "valid_until": "soon"}, "valid_until"),
        ({"ground": "p27_3", "medical_evidence": "perhaps"}, "medical_evidence"),
        ({"ground": "p27_5", "medical_evidence": True, "valid_until": "9999-12-31"},
         "valid_until"),
        ({"ground": "none", "decided_on": "0001-01-01"}, "decided_on"),
    ],
)
def test_a_bad_decision_is_400_and_changes_nothing(worked_case, api, consultant, body, field):
    payload = {"decided_on": "2026-06-10", "reasoning": "Reasons.", **body}
    response = api.as_user(consultant).post(url(worked_case, "extensions/"), payload)
    assert response.status_code == 400
    assert field in response.json()
    assert ExtensionDecision.objects.count() == 0


@pytest.mark.parametrize(
    "body,field",
    [
        ({"role": "employment_consultant", "to": "care_manager"}, "to"),
        ({"role": "employment_consultant", "to": "consultant"}, "to"),  # already on it
        ({"role": "manager", "to": "successor"}, "role"),
        ({"role": "employment_consultant", "to": "xyz"}, "to"),
    ],
)
def test_a_bad_handover_is_400_and_changes_nothing(
    worked_case, api, consultant, care_manager, successor, body, field
):
    people = {"care_manager": care_manager, "successor": successor, "consultant": consultant}
    payload = {**body, "to": str(people[body["to"]].pk) if body["to"] in people else body["to"]}
    response = api.as_user(consultant).post(url(worked_case, "handover/"), payload)
    assert response.status_code == 400
    assert field in response.json()
    assert CaseMembership.objects.filter(case=worked_case).count() == 2


@pytest.mark.parametrize(
    "path",
    ["/api/cases/not-a-uuid/", "/api/cases/not-a-uuid/absences/",
     "/api/cases/5d0c3a51-6c61-4f58-9d0e-5f9b3f1f0000/", "/api/cases/12345/deadlines/"],
)
def test_malformed_or_unknown_case_ids_are_404(api, consultant, path):
    assert api.as_user(consultant).get(path).status_code == 404
    assert api.post(path, {}).status_code in (404, 405)


def test_a_body_that_is_not_json_is_400(worked_case, api, care_manager):
    response = api.as_user(care_manager).post(
        url(worked_case, "absences/"), data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert AbsencePeriod.objects.filter(case=worked_case).count() == 1


# --- filters ----------------------------------------------------------------------------


def test_the_case_list_filters(worked_case, api, jobcentre_manager, other_professional, consultant):
    client = api.as_user(jobcentre_manager)
    assert client.get("/api/cases/", {"status": "active"}).json()["count"] == 2
    assert client.get("/api/cases/", {"status": "extended"}).json()["count"] == 0
    assert client.get("/api/cases/", {"reassessment_before": "2026-07-31"}).json()[
        "count"] == 1
    assert client.get("/api/cases/", {"reassessment_before": "2026-07-30"}).json()[
        "count"] == 0
    mine = client.get("/api/cases/", {"professional": str(other_professional.pk)}).json()
    assert mine["count"] == 1 and mine["results"][0]["id"] != str(worked_case.pk)
    assert client.get("/api/cases/", {"professional": str(consultant.pk)}).json()[
        "count"] == 2


@pytest.mark.parametrize(
    "query,field",
    [("status=asleep", "status"), ("reassessment_before=31-07-2026", "reassessment_before"),
     ("professional=nobody", "professional")],
)
def test_bad_case_filters_are_field_errors(worked_case, api, consultant, query, field):
    response = api.as_user(consultant).get(f"/api/cases/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_deadlines_due_before_a_day(worked_case, api, consultant):
    client = api.as_user(consultant)
    rows = client.get("/api/deadlines/", {"due_before": "2026-07-01"}).json()["results"]
    assert [(row["kind"], row["due"]) for row in rows] == [
        ("follow_up", "2026-03-01"), ("follow_up", "2026-03-01")
    ]
    assert client.get("/api/deadlines/?due_before=tomorrow").status_code == 400


def test_the_case_list_shows_weeks_used_today(worked_case, api, consultant):
    rows = api.as_user(consultant).get("/api/cases/").json()["results"]
    ours = next(row for row in rows if row["id"] == str(worked_case.pk))
    # 2026-02-04 to 2026-06-15 is 132 benefit days.
    assert ours["benefit_weeks_used"] == 18.9
    assert ours["reassessment_date"] == "2026-07-31"


# --- handover and the access log --------------------------------------------------------


def test_handover_keeps_history_and_moves_the_deadlines(worked_case, api, consultant, successor,
                                                        time_machine):
    time_machine.move_to(datetime(2026, 6, 20, 9, 0, tzinfo=CPH))
    response = api.as_user(consultant).post(
        url(worked_case, "handover/"), {"role": "employment_consultant", "to": str(successor.pk)}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["employment_consultant"]["id"] == str(successor.pk)
    periods = [(m["person"]["id"], m["ended_at"] is None) for m in body["memberships"]
               if m["role"] == "employment_consultant"]
    assert periods == [(str(consultant.pk), False), (str(successor.pk), True)]
    assert body["team_since"] == "2026-06-20"
    theirs = api.as_user(successor).get("/api/deadlines/").json()["results"]
    assert {row["kind"] for row in theirs} == {"follow_up", "reassessment"}
    assert all(row["responsible"]["id"] == str(successor.pk) for row in theirs)
    former = api.as_user(consultant).get("/api/deadlines/").json()["results"]
    assert str(worked_case.pk) not in {row["case"] for row in former}


@pytest.mark.parametrize(
    "role,logged",
    [("consultant", True), ("care_manager", True), ("jobcentre_manager", True),
     ("health_manager", True), ("service_user", False)],
)
def test_reading_a_case_is_written_to_the_access_log(worked_case, caller, role, logged):
    caller(role).get(url(worked_case))
    entries = AccessLogEntry.objects.filter(case=worked_case, action="case.viewed")
    assert entries.exists() == logged


def test_a_refused_read_is_not_logged(worked_case, caller):
    caller("other_professional").get(url(worked_case))
    assert not AccessLogEntry.objects.filter(case=worked_case).exists()


# --- constant query counts --------------------------------------------------------------


def make_cases(consultant, care_manager, count):
    for _ in range(count):
        case = factories.CaseFactory(
            care_manager=care_manager, employment_consultant=consultant,
            first_absence_day=date(2026, 1, 5),
        )
        AbsencePeriod.objects.create(case=case, start=date(2026, 1, 5), kind="full")
        case_recompute(case=case)


@pytest.mark.parametrize("role", ["consultant", "jobcentre_manager"])
def test_the_case_list_takes_the_same_queries_for_2_and_20_cases(
    api, consultant, care_manager, jobcentre_manager, django_assert_num_queries, role, request
):
    client = api.as_user(request.getfixturevalue(role))
    make_cases(consultant, care_manager, 2)
    client.get("/api/cases/")  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as two:
        assert client.get("/api/cases/").json()["count"] == 2
    make_cases(consultant, care_manager, 18)
    with django_assert_num_queries(len(two.captured_queries)):
        assert len(client.get("/api/cases/").json()["results"]) == 20


def test_the_deadline_list_takes_the_same_queries_for_2_and_20_cases(
    api, consultant, care_manager, django_assert_num_queries
):
    client = api.as_user(consultant)
    make_cases(consultant, care_manager, 1)
    with CaptureQueriesContext(connection) as two:
        # One case: the week-8 follow-up, the four-in-six-months one and the reassessment.
        assert client.get("/api/deadlines/").json()["count"] == 3
    make_cases(consultant, care_manager, 9)
    with django_assert_num_queries(len(two.captured_queries)):
        assert len(client.get("/api/deadlines/").json()["results"]) == 30
