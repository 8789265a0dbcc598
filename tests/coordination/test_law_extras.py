"""Issue 14, "Also in the law": the hearing before a decision, § 24 a, § 25, public-hospital
waiting time in p27_3, the LÆ 285 certificate, and the søgnehelligdage question.

Each test names its source; the research notes are in docs/decisions.md ("Issue 14: law
extras"). Rule tests call benefit_rules; the rest go through the API and the page.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from coordination import benefit_rules as br
from coordination.benefit_rules import Absence, ExtensionRefused
from coordination.models import (
    Deadline,
    ExtensionDecision,
    HospitalWaitingPeriod,
    MedicalCertificateRequest,
)
from coordination.services.cases import absence_record
from tests import factories

CPH = ZoneInfo("Europe/Copenhagen")
RULES = br.RULES_2014
WORKED = [Absence(date(2026, 1, 5))]  # DOMAIN.md's worked example, an employee


# --- søgnehelligdage ------------------------------------------------------------------


def test_weekday_public_holidays_count_as_benefit_days():
    """§ 24, stk. 1 counts "uger" of calendar time and § 30, stk. 1 says the 30 kalenderdage
    are not extended by søgnehelligdage: Easter 2026 (Maundy Thursday 2 April to Easter
    Monday 6 April) is five benefit days, and Ascension Day and Whit Monday do not move the
    worked example's reassessment date from 2026-07-31."""
    assert RULES.benefit_days(WORKED, "employee", date(2026, 4, 2), date(2026, 4, 6)) == 5
    assert RULES.benefit_days(WORKED, "employee", date(2026, 2, 4), date(2026, 7, 8)) == 155
    assert RULES.reassessment_date(WORKED, "employee") == date(2026, 7, 31)


def test_christmas_inside_the_employer_period_does_not_extend_it():
    """§ 30, stk. 1: "Arbejdsgiverperioden på 30 kalenderdage forlænges ikke, selv om der i
    perioden forekommer søgnehelligdage": absent from 2026-12-20, Christmas and New Year's
    Day inside, the first benefit day is still the 31st day, 2027-01-19."""
    absence = [Absence(date(2026, 12, 20))]
    assert RULES.benefit_days(absence, "employee", date(2026, 12, 20), date(2027, 1, 18)) == 0
    assert RULES.benefit_days(absence, "employee", date(2027, 1, 19), date(2027, 1, 19)) == 1


# --- forvaltningsloven § 19: the hearing ----------------------------------------------


def test_a_none_decision_needs_a_hearing_an_extension_does_not():
    """A `none` decision stops or lowers benefit (forvaltningsloven § 19, stk. 1)."""
    assert br.hearing_needed("none")
    assert not any(br.hearing_needed(code) for code in br.EXTENSION_GROUND_CODES)


@pytest.mark.parametrize(
    "sent, by, answered, decided, code",
    [
        # § 19, stk. 1: no decision before the party could answer.
        (date(2026, 7, 1), date(2026, 7, 15), None, date(2026, 7, 10),
         "hearing_response_pending"),
        (date(2026, 7, 20), date(2026, 7, 25), None, date(2026, 7, 10),
         "hearing_after_decision"),
        (date(2026, 7, 1), date(2026, 6, 30), None, date(2026, 7, 10), "hearing_invalid"),
        (date(2026, 7, 1), date(2026, 7, 8), date(2026, 6, 30), date(2026, 7, 10),
         "hearing_invalid"),
        (date(2026, 7, 1), date(2026, 7, 8), date(2026, 7, 12), date(2026, 7, 10),
         "hearing_invalid"),
        (date(2026, 7, 1), None, None, date(2026, 7, 10), "hearing_incomplete"),
        (None, date(2026, 7, 8), None, date(2026, 7, 10), "hearing_incomplete"),
    ],
)
def test_a_hearing_that_does_not_fit_the_decision_is_refused(sent, by, answered, decided, code):
    with pytest.raises(ExtensionRefused) as refused:
        br.check_hearing("none", decided, sent, by, answered)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "sent, by, answered, decided",
    [
        (None, None, None, date(2026, 7, 10)),  # § 19, stk. 2 has exceptions
        (date(2026, 7, 1), date(2026, 7, 15), date(2026, 7, 5), date(2026, 7, 10)),
        (date(2026, 7, 1), date(2026, 7, 8), None, date(2026, 7, 10)),  # time passed
        (date(2026, 7, 1), date(2026, 7, 10), None, date(2026, 7, 10)),  # on the last day
    ],
)
def test_a_hearing_that_fits_is_accepted(sent, by, answered, decided):
    br.check_hearing("none", decided, sent, by, answered)


def test_the_hearing_status_follows_the_calendar():
    sent, by = date(2026, 7, 1), date(2026, 7, 15)
    assert br.hearing_status(date(2026, 6, 30), sent, by, None) == "not_recorded"
    assert br.hearing_status(date(2026, 7, 15), sent, by, None) == "awaiting_response"
    assert br.hearing_status(date(2026, 7, 16), sent, by, None) == "no_response"
    assert br.hearing_status(date(2026, 7, 16), sent, by, date(2026, 7, 9)) == "answered"
    assert br.hearing_status(date(2026, 7, 8), sent, by, date(2026, 7, 9)) == "awaiting_response"


# --- § 24 a: a new absence after the limit --------------------------------------------


def test_a_new_absence_after_the_limit_is_a_relapse():
    """§ 24 a, stk. 1: "på første nye sygefraværsdag har modtaget sygedagpenge i 22 uger
    inden for de sidste 9 kalendermåneder". Absent 2026-01-05 to 2026-08-31 (209 benefit
    days), ill again from 2026-10-01: the 9 months before hold more than 154 days."""
    absences = [Absence(date(2026, 1, 5), date(2026, 8, 31)), Absence(date(2026, 10, 1))]
    assert br.relapse_after_limit(RULES, absences, "employee") == date(2026, 10, 1)


@pytest.mark.parametrize(
    "absences",
    [
        # Touching periods are one absence (DOMAIN.md rule 2): no *new* absence.
        [Absence(date(2026, 1, 5), date(2026, 8, 31)), Absence(date(2026, 9, 1))],
        # 117 benefit days before the gap: the limit was not reached.
        [Absence(date(2026, 1, 5), date(2026, 5, 31)), Absence(date(2026, 7, 1))],
        # The earlier days have left the 9-month window.
        [Absence(date(2026, 1, 5), date(2026, 8, 31)), Absence(date(2027, 7, 1))],
        WORKED,
    ],
)
def test_no_relapse_without_a_new_absence_past_the_limit(absences):
    assert br.relapse_after_limit(RULES, absences, "employee") is None


def test_absence_starts_merges_touching_and_overlapping_periods():
    periods = [Absence(date(2026, 3, 1), date(2026, 3, 10), "partial"),
               Absence(date(2026, 3, 11), date(2026, 3, 20)),
               Absence(date(2026, 3, 22), date(2026, 4, 1))]
    assert br.absence_starts(periods) == [date(2026, 3, 1), date(2026, 3, 22)]


# --- § 25: pensioners, 26 weeks in 12 months ------------------------------------------


def test_a_pensioner_reaches_the_limit_after_26_weeks_in_12_months():
    """§ 25, stk. 1: "mere end 26 uger i de 12 forudgående kalendermåneder". The worked
    example's 183rd benefit day is 2026-08-05: end of July 178 days, end of August 209."""
    pensioner = br.pensioner_rules(RULES)
    assert br.is_pensioner_rules(pensioner) and not br.is_pensioner_rules(RULES)
    assert pensioner.reassessment_date(WORKED, "employee") == date(2026, 8, 31)
    assert RULES.reassessment_date(WORKED, "employee") == date(2026, 7, 31)
    assert pensioner.benefit_weeks_used(WORKED, "employee", date(2026, 7, 31)) == (
        RULES.benefit_weeks_used(WORKED, "employee", date(2026, 7, 31))
    )


def test_the_pensioner_window_keeps_days_the_9_month_window_has_dropped():
    """Two absences with a gap (90 and 182 benefit days): the 12-month window (§ 25) still
    holds the first one in January 2027 and passes 182 days then; the 9-month window
    (§ 24) has dropped most of it and passes 154 days only at the end of March."""
    absences = [Absence(date(2026, 1, 5), date(2026, 5, 4)),
                Absence(date(2026, 9, 1), date(2027, 3, 31))]
    assert RULES.reassessment_date(absences, "employee") == date(2027, 3, 31)
    assert br.pensioner_rules(RULES).reassessment_date(absences, "employee") == date(2027, 1, 31)


def _naive_pensioner_limit(start: date) -> date:
    """Day by day: the month-end on which more than 182 days after the 30-day employer
    period lie in the 12 calendar months ending with it (one ongoing absence)."""
    day = start
    while True:
        if day == br.month_end(day):
            window_start = br.month_start(br.add_months(day, -11))
            counted = sum(
                1 for n in range((day - window_start).days + 1)
                if window_start + timedelta(days=n) >= start + timedelta(days=30)
            )
            if counted > 182:
                return day
        day += timedelta(days=1)


def test_the_pensioner_limit_across_a_leap_day():
    """From 2027-12-01 the first benefit day is 2027-12-31; with 2028-02-29 the 183rd is
    2028-06-30 (without a leap day it would be 2028-07-01)."""
    leap = [Absence(date(2027, 12, 1))]
    pensioner = br.pensioner_rules(RULES)
    assert pensioner.reassessment_date(leap, "employee") == date(2028, 6, 30)
    assert _naive_pensioner_limit(date(2027, 12, 1)) == date(2028, 6, 30)
    assert pensioner.benefit_days(leap, "employee", date(2028, 2, 29), date(2028, 2, 29)) == 1


def test_pensioner_rules_follow_any_rule_set():
    """A later rule set gets § 25's figures the same way (RULES_2027 when it comes)."""

    class Later(br.Rules2014):
        effective_from = date(2030, 1, 1)

    later = br.pensioner_rules(Later())
    assert isinstance(later, Later)
    assert (later.window_months, later.reassessment_after_days) == (12, 182)


# --- § 27, stk. 1, nr. 3: waiting time in a public hospital ---------------------------

REASSESSMENT = date(2026, 7, 31)
BASE = REASSESSMENT + timedelta(weeks=134)  # 2029-02-23


def test_waiting_time_after_the_reassessment_moves_the_p27_3_limit():
    """"Der ses bort fra den periode, hvor du har ventet på behandling på et offentligt
    sygehus" (ida.dk; gl.org: "I de 134 ugers forlængelse indgår ikke ventetid")."""
    assert BASE == date(2029, 2, 23)
    assert br.p27_3_limit(REASSESSMENT, []) == BASE
    september = [(date(2026, 9, 1), date(2026, 9, 30))]
    assert br.p27_3_limit(REASSESSMENT, september) == BASE + timedelta(days=30)


def test_waiting_before_the_reassessment_does_not_move_it():
    assert br.p27_3_limit(REASSESSMENT, [(date(2026, 7, 1), date(2026, 7, 31))]) == BASE


def test_waiting_across_the_limit_and_overlapping_periods_count_once():
    across = [(BASE - timedelta(days=4), BASE + timedelta(days=10))]  # 15 days
    assert br.p27_3_limit(REASSESSMENT, across) == BASE + timedelta(days=15)
    twice = [(date(2026, 9, 1), date(2026, 9, 30)), (date(2026, 9, 20), date(2026, 10, 9))]
    assert br.p27_3_limit(REASSESSMENT, twice) == BASE + timedelta(days=39)


def test_the_extended_limit_is_what_a_p27_3_decision_may_reach():
    september = [(date(2026, 9, 1), date(2026, 9, 30))]
    args = (RULES, "p27_3", True)
    br.check_extension_with_waiting(*args, BASE + timedelta(days=30), REASSESSMENT,
                                    date(2026, 7, 20), september)
    with pytest.raises(ExtensionRefused) as refused:
        br.check_extension_with_waiting(*args, BASE + timedelta(days=31), REASSESSMENT,
                                        date(2026, 7, 20), september)
    assert refused.value.code == "extension_too_long"
    with pytest.raises(ExtensionRefused) as refused:  # the rule set's own checks stay
        br.check_extension_with_waiting(RULES, "p27_3", False, BASE + timedelta(days=30),
                                        REASSESSMENT, date(2026, 7, 20), september)
    assert refused.value.code == "medical_evidence_required"


# --- LÆ 285 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "follow_up, due",
    [
        (date(2026, 3, 1), date(2026, 2, 24)),  # "så vidt muligt … 14 dage"
        (date(2026, 2, 20), date(2026, 2, 20)),  # "senest … samtidig med opfølgningssamtalen"
        (date(2026, 2, 15), date(2026, 2, 18)),  # "minimum 8 dage"
        (None, date(2026, 2, 24)),
    ],
)
def test_the_certificate_is_due_in_14_days_or_by_the_conversation_never_under_8(
    follow_up, due
):
    """Bek. om opfølgning i sygedagpengesager (nr. 1710 af 30.12.2024) § 11, stk. 3."""
    assert br.certificate_due(date(2026, 2, 10), follow_up) == due


def test_a_certificate_due_in_under_8_days_is_refused():
    with pytest.raises(ExtensionRefused) as refused:
        br.check_certificate(date(2026, 2, 10), date(2026, 2, 17), None)
    assert refused.value.code == "certificate_due_too_soon"
    br.check_certificate(date(2026, 2, 10), date(2026, 2, 18), None)


def test_the_certificate_deadline_is_met_only_by_a_receipt_in_time():
    due = date(2026, 2, 24)
    assert br.certificate_status(date(2026, 2, 20), due, None) == "open"
    assert br.certificate_status(date(2026, 2, 25), due, None) == "overdue"
    assert br.certificate_status(date(2026, 2, 25), due, date(2026, 2, 23)) == "met"
    assert br.certificate_status(date(2026, 2, 27), due, date(2026, 2, 26)) == "overdue"


# === through the API and the page ========================================================

@pytest.fixture
def late_july(time_machine):
    time_machine.move_to(datetime(2026, 7, 20, 10, 0, tzinfo=CPH))


def url(case, tail=""):
    return f"/api/cases/{case.pk}/{tail}"


NONE_DECISION = {"ground": "none", "decided_on": "2026-07-20", "reasoning": "Can work part-time."}


@pytest.mark.django_db
def test_a_none_decision_before_the_answer_is_due_is_refused_and_nothing_stored(
    late_july, api, consultant, worked_case
):
    response = api.as_user(consultant).post(url(worked_case, "extensions/"), {
        **NONE_DECISION, "hearing_sent_on": "2026-07-14", "hearing_response_by": "2026-07-28",
    })
    assert response.status_code == 400
    assert response.json()["code"] == "hearing_response_pending"
    assert not ExtensionDecision.objects.exists()


@pytest.mark.django_db
def test_the_hearing_is_recorded_on_the_decision_and_shown(
    late_july, api, consultant, jobcentre_manager, service_user, worked_case
):
    body = {**NONE_DECISION, "hearing_sent_on": "2026-07-06",
            "hearing_response_by": "2026-07-17", "hearing_response_on": "2026-07-15",
            "hearing_response": "I can work 15 hours a week."}
    created = api.as_user(consultant).post(url(worked_case, "extensions/"), body,
                                           HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 201, created.json()
    hearing = created.json()["hearing"]
    assert hearing["needed"] is True and hearing["status"] == "answered"
    assert (hearing["sent_on"], hearing["response_by"], hearing["response_on"]) == (
        "2026-07-06", "2026-07-17", "2026-07-15")
    assert "Your answer of 2026-07-15 was part of the decision." in hearing["plain"]

    own = api.as_user(service_user).get(url(worked_case, "extensions/"), HTTP_ACCEPT_LANGUAGE="da")
    assert own.json()[0]["hearing"]["response"] == "I can work 15 hours a week."
    assert "Dit svar af 2026-07-15 indgik i afgørelsen." in own.json()[0]["hearing"]["plain"]
    managers = api.as_user(jobcentre_manager).get(url(worked_case, "extensions/")).json()
    assert managers[0]["hearing"]["response"] is None  # the answer is case content


@pytest.mark.django_db
def test_a_none_decision_without_a_hearing_is_allowed_and_says_so(
    late_july, api, consultant, worked_case
):
    created = api.as_user(consultant).post(url(worked_case, "extensions/"), NONE_DECISION,
                                           HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 201
    hearing = created.json()["hearing"]
    assert hearing["status"] == "not_recorded"
    assert "No hearing letter is recorded" in hearing["plain"]


@pytest.mark.django_db
def test_the_service_user_reads_about_the_hearing_in_both_languages(
    late_july, api, consultant, service_user, worked_case
):
    api.as_user(consultant).post(url(worked_case, "extensions/"), {
        **NONE_DECISION, "hearing_sent_on": "2026-07-06", "hearing_response_by": "2026-07-17",
    })
    english = Client(headers={"accept-language": "en"})
    english.force_login(service_user)
    html = english.get("/my-case/").content.decode()
    hearing = html.split('data-testid="my-hearing"', 1)[1].split("</p>", 1)[0]
    assert "on 6 July 2026, and could answer until 17 July 2026. No answer was recorded." in hearing
    danish = Client(headers={"accept-language": "da"})
    danish.force_login(service_user)
    html = danish.get("/my-case/").content.decode()
    hearing = html.split('data-testid="my-hearing"', 1)[1].split("</p>", 1)[0]
    assert "kunne svare indtil 17. juli 2026. Der er ikke registreret et svar." in hearing


@pytest.mark.django_db
def test_a_pensioner_case_uses_26_weeks_in_12_months(
    late_july, api, consultant, service_user, open_case
):
    case = open_case(pensioner=True)
    absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None, kind="full")
    body = api.as_user(consultant).get(url(case), {"as_of": "2026-07-20"}).json()
    assert body["pensioner"] is True
    assert body["reassessment_date"] == "2026-08-31"  # § 25; 2026-07-31 under § 24
    client = Client(headers={"accept-language": "en"})
    client.force_login(service_user)
    html = client.get("/my-case/").content.decode()
    assert "of 26 weeks." in html and "26 weeks of sickness benefit in the last 12" in html


@pytest.mark.django_db
def test_opening_a_pensioner_case_through_the_api(late_july, api, consultant, care_manager):
    from tests import factories

    person = factories.ServiceUserFactory()
    response = api.as_user(consultant).post("/api/cases/", {
        "service_user": str(person.pk), "care_manager": str(care_manager.pk),
        "employment_consultant": str(consultant.pk), "first_absence_day": "2026-05-04",
        "referral_date": "2026-05-20", "diagnosis": "anxiety", "pensioner": True,
    })
    assert response.status_code == 201
    assert response.json()["pensioner"] is True


@pytest.mark.django_db
def test_the_case_shows_a_relapse_after_the_limit(time_machine, api, consultant, open_case):
    time_machine.move_to(datetime(2026, 10, 5, 10, 0, tzinfo=CPH))
    case = open_case()
    absence_record(actor=consultant, case=case, start=date(2026, 1, 5),
                   end=date(2026, 8, 31), kind="full")
    body = api.as_user(consultant).get(url(case)).json()
    assert body["relapse_after_limit"] is None
    absence_record(actor=consultant, case=case, start=date(2026, 10, 1), end=None, kind="full")
    assert api.as_user(consultant).get(url(case)).json()["relapse_after_limit"] == "2026-10-01"


@pytest.mark.django_db
def test_hospital_waiting_extends_what_p27_3_may_reach(late_july, api, consultant, worked_case):
    client = api.as_user(consultant)
    assert client.get(url(worked_case)).json()["p27_3_limit"] == "2029-02-23"
    created = client.post(url(worked_case, "hospital-waiting/"),
                          {"start": "2026-09-01", "end": "2026-09-30"})
    assert created.status_code == 201
    assert client.get(url(worked_case)).json()["p27_3_limit"] == "2029-03-25"
    assert [row["start"] for row in client.get(url(worked_case, "hospital-waiting/")).json()] == [
        "2026-09-01"]
    p27_3 = {"ground": "p27_3", "decided_on": "2026-07-20", "medical_evidence": True,
             "reasoning": "Waiting for treatment."}
    too_long = client.post(url(worked_case, "extensions/"), {**p27_3, "valid_until": "2029-03-26"})
    assert too_long.status_code == 400 and too_long.json()["code"] == "extension_too_long"
    assert client.post(url(worked_case, "extensions/"),
                       {**p27_3, "valid_until": "2029-03-25"}).status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [({"start": "2026-09-10", "end": "2026-09-01"}, "end"),
     ({"start": "2026-09-15", "end": "2026-10-15"}, "start"),  # overlaps September
     ({"start": "2026-09-15"}, "end"),
     ({"start": "1900-01-01", "end": "2026-01-01"}, "start")],
)
def test_bad_waiting_periods_are_refused(late_july, api, consultant, worked_case, body, field):
    client = api.as_user(consultant)
    client.post(url(worked_case, "hospital-waiting/"), {"start": "2026-09-01", "end": "2026-09-30"})
    response = client.post(url(worked_case, "hospital-waiting/"), body)
    assert response.status_code == 400 and field in response.json()
    assert HospitalWaitingPeriod.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who, expected", [
    ("consultant", 201), ("jobcentre_manager", 201), ("care_manager", 403),
    ("service_user", 403), ("other_service_user", 404), ("health_manager", 403),
])
def test_who_records_waiting_and_certificates(late_july, api, worked_case, request, who, expected):
    client = api.as_user(request.getfixturevalue(who))
    waiting = client.post(url(worked_case, "hospital-waiting/"), {"start": "2026-09-01",
                                                           "end": "2026-09-30"})
    certificate = client.post(
        url(worked_case, "medical-certificates/"), {"requested_on": "2026-07-20"}
    )
    assert (waiting.status_code, certificate.status_code) == (expected, expected)


@pytest.mark.django_db
def test_the_lae_285_certificate_is_a_deadline(time_machine, api, consultant, worked_case):
    """Requested on 2026-02-10 with the first follow-up due 2026-03-01: due 14 days later;
    received on time, the deadline is met."""
    time_machine.move_to(datetime(2026, 2, 10, 10, 0, tzinfo=CPH))
    client = api.as_user(consultant)
    created = client.post(url(worked_case, "medical-certificates/"), {"requested_on": "2026-02-10"})
    assert created.status_code == 201, created.json()
    assert created.json()["due"] == "2026-02-24" and created.json()["status"] == "open"
    rows = client.get(url(worked_case, "deadlines/"), HTTP_ACCEPT_LANGUAGE="en").json()
    certificate = [row for row in rows if row["kind"] == "medical_certificate"]
    assert certificate == [{"kind": "medical_certificate", "due": "2026-02-24",
                            "status": "open", "label": "Doctor's certificate (LÆ 285)"}]
    late = client.get(url(worked_case, "deadlines/"), {"as_of": "2026-02-25"}).json()
    assert {r["status"] for r in late if r["kind"] == "medical_certificate"} == {"overdue"}

    time_machine.move_to(datetime(2026, 2, 20, 10, 0, tzinfo=CPH))
    received = client.post(url(worked_case, "medical-certificates/received/"),
                           {"certificate": created.json()["id"], "received_on": "2026-02-20"})
    assert received.status_code == 200 and received.json()["status"] == "met"
    stored = Deadline.objects.get(case=worked_case, kind="medical_certificate")
    assert stored.status == "met"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, status, key",
    [({"requested_on": "2026-02-10", "due": "2026-02-17"}, 400, "certificate_due_too_soon"),
     ({"requested_on": "2026-02-11"}, 400, "requested_on"),  # in the future
     ({"requested_on": "not a date"}, 400, "requested_on"),
     ({}, 400, "requested_on")],
)
def test_bad_certificate_requests_are_refused(
    time_machine, api, consultant, worked_case, body, status, key
):
    time_machine.move_to(datetime(2026, 2, 10, 10, 0, tzinfo=CPH))
    response = api.as_user(consultant).post(url(worked_case, "medical-certificates/"), body)
    assert response.status_code == status
    payload = response.json()
    assert payload.get("code") == key or key in payload
    assert not MedicalCertificateRequest.objects.exists()


@pytest.mark.django_db
def test_a_receipt_for_another_case_or_before_the_request_is_refused(
    time_machine, api, consultant, worked_case, open_case
):
    time_machine.move_to(datetime(2026, 2, 10, 10, 0, tzinfo=CPH))
    client = api.as_user(consultant)
    mine = client.post(
        url(worked_case, "medical-certificates/"), {"requested_on": "2026-02-10"}
    ).json()
    other = open_case(service_user=factories.ServiceUserFactory())
    wrong_case = client.post(url(other, "medical-certificates/received/"),
                             {"certificate": mine["id"], "received_on": "2026-02-10"})
    assert wrong_case.status_code == 400 and "certificate" in wrong_case.json()
    early = client.post(url(worked_case, "medical-certificates/received/"),
                        {"certificate": mine["id"], "received_on": "2026-02-09"})
    assert early.status_code == 400 and early.json()["code"] == "invalid"
    assert MedicalCertificateRequest.objects.get().received_on is None


# --- the professionals' pages ---------------------------------------------------------

PAGE_DECISION = {"ground": "none", "decided_on": "2026-07-20", "reasoning": "Can work."}


@pytest.mark.django_db
@pytest.mark.parametrize("language, words", [
    ("en", "The service user may answer the hearing until 28 July 2026."),
    ("da", "Borgeren kan svare på partshøringen indtil 28. juli 2026."),
])
def test_the_decision_form_refuses_a_decision_before_the_answer_is_due(
    late_july, consultant, worked_case, language, words
):
    """forvaltningsloven § 19, stk. 1; with no answer date the product's 14 days apply."""
    client = Client(headers={"accept-language": language})
    client.force_login(consultant)
    response = client.post(f"/cases/{worked_case.pk}/extensions/",
                           {**PAGE_DECISION, "hearing_sent_on": "2026-07-14"})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not ExtensionDecision.objects.exists()


@pytest.mark.django_db
def test_the_decision_form_records_the_hearing_and_the_case_page_shows_it(
    late_july, consultant, worked_case
):
    client = Client(headers={"accept-language": "en"})
    client.force_login(consultant)
    response = client.post(f"/cases/{worked_case.pk}/extensions/", {
        **PAGE_DECISION, "hearing_sent_on": "2026-07-01", "hearing_response_on": "2026-07-10",
        "hearing_response": "I disagree with the doctor's note.",
    })
    assert response.status_code == 302
    decision = ExtensionDecision.objects.get()
    assert (decision.hearing_sent_on, decision.hearing_response_by) == (
        date(2026, 7, 1), date(2026, 7, 15))  # 14 days when not given
    html = client.get(f"/cases/{worked_case.pk}/").content.decode()
    shown = html.split('data-testid="decision-hearing"', 1)[1].split("</blockquote>", 1)[0]
    assert "Hearing letter sent 1 July 2026, answer due by 15 July 2026." in shown
    assert "Answered 10 July 2026." in shown and "I disagree with the doctor" in shown


@pytest.mark.django_db
def test_the_decision_form_names_the_waiting_time_limit(late_july, consultant, worked_case):
    HospitalWaitingPeriod.objects.create(case=worked_case, start=date(2026, 9, 1),
                                         end=date(2026, 9, 30))
    client = Client(headers={"accept-language": "en"})
    client.force_login(consultant)
    response = client.post(f"/cases/{worked_case.pk}/extensions/", {
        "ground": "p27_3", "decided_on": "2026-07-20", "medical_evidence": "on",
        "valid_until": "2029-03-26", "reasoning": "Waiting for treatment.",
    })
    assert response.status_code == 400
    assert "left out, this ground allows an extension until 25 March 2029" in (
        response.content.decode())


@pytest.mark.django_db
def test_the_open_case_form_takes_the_pensioner_rule(late_july, consultant, care_manager):
    from coordination.models import Case
    from tests import factories

    newcomer = factories.ServiceUserFactory(username="pensionist")
    client = Client(headers={"accept-language": "en"})
    client.force_login(consultant)
    response = client.post("/cases/new/", {
        "service_user": str(newcomer.pk), "care_manager": str(care_manager.pk),
        "first_absence_day": "2026-04-01", "referral_date": "2026-04-08",
        "diagnosis": "anxiety", "employment": "employee", "pensioner": "on",
    })
    assert response.status_code == 302
    assert Case.objects.get(service_user=newcomer).pensioner is True


@pytest.mark.django_db
def test_the_service_users_export_holds_the_hearing_and_the_new_records(
    late_july, api, consultant, service_user, worked_case
):
    """GDPR art. 15: the hearing, the answer, waiting time and certificates are theirs."""
    client = api.as_user(consultant)
    client.post(url(worked_case, "hospital-waiting/"), {"start": "2026-09-01", "end": "2026-09-30"})
    client.post(url(worked_case, "medical-certificates/"), {"requested_on": "2026-07-20"})
    client.post(url(worked_case, "extensions/"), {
        **NONE_DECISION, "hearing_sent_on": "2026-07-01", "hearing_response_on": "2026-07-10",
        "hearing_response": "My answer."})
    data = api.as_user(service_user).get(url(worked_case, "export/")).json()
    assert data["case"]["pensioner"] is False
    assert data["decisions"][0]["hearing_response"] == "My answer."
    assert data["decisions"][0]["hearing_response_by"] == "2026-07-15"
    assert data["hospital_waiting"] == [{"start": "2026-09-01", "end": "2026-09-30"}]
    assert data["medical_certificates"][0]["requested_on"] == "2026-07-20"


@pytest.mark.django_db
def test_retention_removes_the_answer_to_the_hearing_and_keeps_its_dates(consultant, worked_case):
    """The answer is free text written about the person (docs/decisions.md, retention)."""
    from coordination.models import Case
    from ibbis.retention.services import case_pseudonymise

    decision = ExtensionDecision.objects.create(
        case=worked_case, ground="none", decided_on=date(2026, 7, 20), reasoning="r",
        decided_by=consultant, hearing_sent_on=date(2026, 7, 1),
        hearing_response_by=date(2026, 7, 15), hearing_response_on=date(2026, 7, 10),
        hearing_response="Private words.",
    )
    Case.objects.filter(pk=worked_case.pk).update(closed_on=date(2026, 8, 1))
    case_pseudonymise(case_id=worked_case.pk, now=datetime(2040, 1, 1, tzinfo=CPH),
                      today=date(2040, 1, 1))
    decision.refresh_from_db()
    assert decision.hearing_response == ""
    assert decision.hearing_response_on == date(2026, 7, 10)
