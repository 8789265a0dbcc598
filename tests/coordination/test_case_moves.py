"""Who may move a case (issue 13, High; API.md, handover row).

The attacks found: the jobcentre replaced the care manager with one from any mental-health
organisation, and handed the consultant's role to another jobcentre, and the newcomers then
read the team. Each is made here through HTTP (API and the page form) and must fail. A move
to another organisation is a transfer request the receiving manager accepts; a second open
case for the same person is refused.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from coordination.models import Case, CaseMembership, TransferRequest
from ibbis.accounts.models import OrganisationKind
from ibbis.audit.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def mid_june(time_machine):
    time_machine.move_to(datetime(2026, 6, 15, 10, 0, tzinfo=CPH))


@pytest.fixture
def other_psychiatry(db):
    return factories.OrganisationFactory(
        name="Psykiatrien Andetsteds", kind=OrganisationKind.MENTAL_HEALTH
    )


@pytest.fixture
def other_jobcentre(db):
    return factories.OrganisationFactory(
        name="Jobcenter Andetsteds", kind=OrganisationKind.JOBCENTRE
    )


@pytest.fixture
def foreign_cm(other_psychiatry):
    return factories.CareManagerFactory(username="fie.foreigncm", organisation=other_psychiatry)


@pytest.fixture
def foreign_ec(other_jobcentre):
    return factories.EmploymentConsultantFactory(
        username="finn.foreignec", organisation=other_jobcentre
    )


@pytest.fixture
def receiving_manager(other_jobcentre):
    return factories.ManagerFactory(username="rikke.manager", organisation=other_jobcentre)


@pytest.fixture
def colleague_cm(mental_health):
    return factories.CareManagerFactory(username="cille.colleague", organisation=mental_health)


@pytest.fixture
def colleague_ec(jobcentre):
    return factories.EmploymentConsultantFactory(username="nina.ec", organisation=jobcentre)


def url(case, tail=""):
    return f"/api/cases/{case.pk}/{tail}"


def unchanged(case, care_manager, consultant):
    case.refresh_from_db()
    return (
        case.care_manager == care_manager
        and case.employment_consultant == consultant
        and CaseMembership.objects.filter(case=case).count() == 2
    )


# --- the attacks through the API ----------------------------------------------------------


@pytest.mark.parametrize("attacker", ["consultant", "jobcentre_manager"])
def test_the_jobcentre_cannot_replace_the_care_manager_with_a_foreign_one(
    worked_case, api, request, attacker, foreign_cm, care_manager, consultant
):
    response = api.as_user(request.getfixturevalue(attacker)).post(
        url(worked_case, "handover/"), {"role": "care_manager", "to": str(foreign_cm.pk)}
    )
    assert response.status_code == 403
    assert unchanged(worked_case, care_manager, consultant)
    # ...and the would-be newcomer still sees nothing of the case.
    assert api.as_user(foreign_cm).get(url(worked_case)).status_code == 404


@pytest.mark.parametrize("attacker", ["consultant", "jobcentre_manager"])
def test_the_jobcentre_cannot_replace_the_care_manager_even_within_psychiatry(
    worked_case, api, request, attacker, colleague_cm, care_manager, consultant
):
    response = api.as_user(request.getfixturevalue(attacker)).post(
        url(worked_case, "handover/"), {"role": "care_manager", "to": str(colleague_cm.pk)}
    )
    assert response.status_code == 403
    assert unchanged(worked_case, care_manager, consultant)


@pytest.mark.parametrize("mover", ["consultant", "jobcentre_manager"])
def test_the_consultant_role_cannot_be_handed_to_another_jobcentre(
    worked_case, api, request, mover, foreign_ec, care_manager, consultant
):
    response = api.as_user(request.getfixturevalue(mover)).post(
        url(worked_case, "handover/"), {"role": "employment_consultant", "to": str(foreign_ec.pk)}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "other_organisation"
    assert unchanged(worked_case, care_manager, consultant)
    assert api.as_user(foreign_ec).get(url(worked_case)).status_code == 404


@pytest.mark.parametrize("mover", ["care_manager", "health_manager"])
def test_the_care_manager_role_is_handed_over_within_psychiatry(
    worked_case, api, request, mover, colleague_cm, care_manager
):
    response = api.as_user(request.getfixturevalue(mover)).post(
        url(worked_case, "handover/"), {"role": "care_manager", "to": str(colleague_cm.pk)}
    )
    assert response.status_code == 200, response.json()
    worked_case.refresh_from_db()
    assert worked_case.care_manager == colleague_cm
    assert CaseMembership.objects.get(case=worked_case, user=care_manager).ended_at is not None


@pytest.mark.parametrize("mover", ["care_manager", "health_manager"])
def test_psychiatry_cannot_hand_its_role_to_another_psychiatry(
    worked_case, api, request, mover, foreign_cm, care_manager, consultant
):
    response = api.as_user(request.getfixturevalue(mover)).post(
        url(worked_case, "handover/"), {"role": "care_manager", "to": str(foreign_cm.pk)}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "other_organisation"
    assert unchanged(worked_case, care_manager, consultant)


@pytest.mark.parametrize("caller", ["care_manager", "health_manager", "service_user"])
def test_the_consultant_role_is_not_handed_over_from_outside_the_jobcentre(
    worked_case, api, request, caller, colleague_ec, care_manager, consultant
):
    response = api.as_user(request.getfixturevalue(caller)).post(
        url(worked_case, "handover/"), {"role": "employment_consultant", "to": str(colleague_ec.pk)}
    )
    assert response.status_code == 403
    assert unchanged(worked_case, care_manager, consultant)


def test_a_manager_of_a_third_organisation_sees_nothing(worked_case, api, receiving_manager,
                                                         colleague_ec):
    response = api.as_user(receiving_manager).post(
        url(worked_case, "handover/"), {"role": "employment_consultant", "to": str(colleague_ec.pk)}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("to", ["jobcentre_manager", "service_user", "health_manager"])
def test_handing_over_to_an_account_of_the_wrong_role_is_400(
    worked_case, api, request, to, care_manager, consultant
):
    response = api.as_user(consultant).post(
        url(worked_case, "handover/"),
        {"role": "employment_consultant", "to": str(request.getfixturevalue(to).pk)},
    )
    assert response.status_code == 400 and "to" in response.json()
    assert unchanged(worked_case, care_manager, consultant)


# --- the attacks through the page form ----------------------------------------------------


def test_the_page_form_refuses_a_jobcentre_moving_the_care_manager(
    client, worked_case, consultant, foreign_cm, care_manager
):
    client.force_login(consultant)
    response = client.post(
        f"/cases/{worked_case.pk}/handover/",
        {"role": "care_manager", "to_user": str(foreign_cm.pk)},
    )
    assert response.status_code == 403
    assert unchanged(worked_case, care_manager, consultant)


def test_the_page_form_refuses_a_consultant_of_another_jobcentre(
    client, worked_case, consultant, foreign_ec, care_manager
):
    client.force_login(consultant)
    response = client.post(f"/cases/{worked_case.pk}/handover/", {"to_user": str(foreign_ec.pk)})
    assert response.status_code == 400
    assert 'id="id_to_user_errors"' in response.content.decode()
    assert unchanged(worked_case, care_manager, consultant)


def test_the_care_manager_hands_their_role_over_on_the_page(
    client, worked_case, care_manager, colleague_cm, foreign_cm, consultant
):
    client.force_login(care_manager)
    page = client.get(f"/cases/{worked_case.pk}/").content.decode()
    assert '<input type="hidden" name="role" value="care_manager">' in page
    assert str(colleague_cm.pk) in page and str(foreign_cm.pk) not in page
    refused = client.post(
        f"/cases/{worked_case.pk}/handover/",
        {"role": "care_manager", "to_user": str(foreign_cm.pk)},
    )
    assert refused.status_code == 400
    assert unchanged(worked_case, care_manager, consultant)
    done = client.post(
        f"/cases/{worked_case.pk}/handover/",
        {"role": "care_manager", "to_user": str(colleague_cm.pk)},
    )
    assert done.status_code == 302
    worked_case.refresh_from_db()
    assert worked_case.care_manager == colleague_cm


def test_the_care_manager_cannot_move_the_consultant_on_the_page(
    client, worked_case, care_manager, colleague_ec, consultant
):
    client.force_login(care_manager)
    response = client.post(
        f"/cases/{worked_case.pk}/handover/",
        {"role": "employment_consultant", "to_user": str(colleague_ec.pk)},
    )
    assert response.status_code == 403
    assert unchanged(worked_case, care_manager, consultant)


# --- one open case per person -------------------------------------------------------------


def open_body(service_user, care_manager, consultant):
    return {
        "service_user": str(service_user.pk), "care_manager": str(care_manager.pk),
        "employment_consultant": str(consultant.pk), "first_absence_day": "2026-05-04",
        "referral_date": "2026-05-20", "diagnosis": "anxiety",
    }


@pytest.mark.parametrize("opener", ["consultant", "jobcentre_manager"])
def test_a_second_open_case_for_the_same_person_is_refused(
    worked_case, api, request, opener, service_user, care_manager, consultant
):
    before = Case.objects.count()
    response = api.as_user(request.getfixturevalue(opener)).post(
        "/api/cases/", open_body(service_user, care_manager, consultant)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "open_case_exists"
    assert Case.objects.count() == before
    assert CaseMembership.objects.filter(case__service_user=service_user).count() == 2


def test_the_new_case_page_refuses_a_second_open_case(
    client, worked_case, consultant, service_user, care_manager
):
    before = Case.objects.count()
    client.force_login(consultant)
    body = open_body(service_user, care_manager, consultant)
    del body["employment_consultant"]
    body["employment"] = "employee"
    response = client.post("/cases/new/", body)
    assert response.status_code == 400
    assert 'id="id_service_user_errors"' in response.content.decode()
    assert Case.objects.count() == before


def test_a_closed_case_does_not_block_a_new_one(worked_case, api, consultant, service_user,
                                                care_manager):
    Case.objects.filter(pk=worked_case.pk).update(closed_on=date(2026, 6, 1), status="closed")
    response = api.as_user(consultant).post(
        "/api/cases/", open_body(service_user, care_manager, consultant)
    )
    assert response.status_code == 201, response.json()


def test_a_case_closing_later_is_still_open(worked_case, api, consultant, service_user,
                                            care_manager):
    Case.objects.filter(pk=worked_case.pk).update(closed_on=date(2026, 7, 1))
    response = api.as_user(consultant).post(
        "/api/cases/", open_body(service_user, care_manager, consultant)
    )
    assert response.status_code == 400 and response.json()["code"] == "open_case_exists"


def test_the_database_refuses_a_second_open_case(worked_case, service_user, care_manager,
                                                 consultant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            service_user=service_user, care_manager=care_manager,
            employment_consultant=consultant, first_absence_day=date(2026, 5, 4),
            referral_date=date(2026, 5, 20), diagnosis="stress",
        )


# --- a move to another organisation: a transfer request -----------------------------------


def ask(api, who, case, role="employment_consultant", to=None):
    return api.as_user(who).post(
        url(case, "transfer-requests/"), {"role": role, "to_organisation": str(to.pk)}
    )


def test_a_move_to_another_jobcentre_is_a_request_the_receiving_manager_accepts(
    worked_case, api, consultant, care_manager, other_jobcentre, receiving_manager, foreign_ec
):
    asked = ask(api, consultant, worked_case, to=other_jobcentre)
    assert asked.status_code == 201, asked.json()
    transfer_id = asked.json()["id"]
    assert unchanged(worked_case, care_manager, consultant)

    # Until accepted, the receiving side sees the request and nothing of the case.
    receiver = api.as_user(receiving_manager)
    assert receiver.get(url(worked_case)).status_code == 404
    assert receiver.get(url(worked_case, "absences/")).status_code == 404
    listed = receiver.get("/api/transfer-requests/?status=pending").json()["results"]
    assert [row["id"] for row in listed] == [transfer_id]
    row = listed[0]
    assert row["service_user"] == worked_case.service_user.display_name
    assert row["role"] == "employment_consultant" and row["status"] == "pending"
    assert row["case"] is None  # not even the id of a case the receiver does not see
    for leak in ("diagnosis", "notes", "plan", "absences", "decisions", "first_absence_day"):
        assert leak not in row
    assert api.as_user(foreign_ec).get(url(worked_case)).status_code == 404
    assert AccessLogEntry.objects.filter(
        case=worked_case, who=receiving_manager, action="transfer_requests.listed"
    ).exists()

    accepted = api.as_user(receiving_manager).post(
        f"/api/transfer-requests/{transfer_id}/accept/", {"to": str(foreign_ec.pk)}
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    worked_case.refresh_from_db()
    assert worked_case.employment_consultant == foreign_ec
    assert CaseMembership.objects.get(case=worked_case, user=consultant).ended_at is not None
    assert api.as_user(foreign_ec).get(url(worked_case)).status_code == 200
    again = api.as_user(receiving_manager).post(
        f"/api/transfer-requests/{transfer_id}/accept/", {"to": str(foreign_ec.pk)}
    )
    assert again.status_code == 409 and again.json()["code"] == "transfer_not_pending"


def test_the_receiving_manager_declines_and_nothing_moves(
    worked_case, api, consultant, care_manager, other_jobcentre, receiving_manager
):
    transfer_id = ask(api, consultant, worked_case, to=other_jobcentre).json()["id"]
    declined = api.as_user(receiving_manager).post(
        f"/api/transfer-requests/{transfer_id}/decline/"
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert unchanged(worked_case, care_manager, consultant)
    # The seat is free again: the sending side may ask once more.
    assert ask(api, consultant, worked_case, to=other_jobcentre).status_code == 201


def test_only_the_receiving_manager_answers(
    worked_case, api, consultant, jobcentre_manager, care_manager, other_jobcentre, foreign_ec,
    receiving_manager, other_psychiatry,
):
    transfer_id = ask(api, consultant, worked_case, to=other_jobcentre).json()["id"]
    accept = f"/api/transfer-requests/{transfer_id}/accept/"
    body = {"to": str(foreign_ec.pk)}
    # The sending side sees the request but may not answer it.
    for sender in (consultant, jobcentre_manager):
        assert api.as_user(sender).post(accept, body).status_code == 403
    # The newcomer-to-be and a manager elsewhere do not see it at all.
    stranger = factories.ManagerFactory(username="sten.manager", organisation=other_psychiatry)
    for outsider in (foreign_ec, stranger):
        assert api.as_user(outsider).post(accept, body).status_code == 404
        assert api.as_user(outsider).get(f"/api/transfer-requests/{transfer_id}/").status_code \
            == 404
    assert unchanged(worked_case, care_manager, consultant)


def test_the_receiving_manager_names_someone_of_their_own_organisation(
    worked_case, api, consultant, care_manager, other_jobcentre, receiving_manager, colleague_ec,
    receiving_manager_colleague_cm,
):
    transfer_id = ask(api, consultant, worked_case, to=other_jobcentre).json()["id"]
    accept = f"/api/transfer-requests/{transfer_id}/accept/"
    receiver = api.as_user(receiving_manager)
    other_org = receiver.post(accept, {"to": str(colleague_ec.pk)})
    assert other_org.status_code == 400 and other_org.json()["code"] == "other_organisation"
    wrong_role = receiver.post(accept, {"to": str(receiving_manager_colleague_cm.pk)})
    assert wrong_role.status_code == 400 and "to" in wrong_role.json()
    assert unchanged(worked_case, care_manager, consultant)
    assert TransferRequest.objects.get(pk=transfer_id).status == "pending"


@pytest.fixture
def receiving_manager_colleague_cm(other_psychiatry):
    return factories.CareManagerFactory(username="carl.cm", organisation=other_psychiatry)


def test_who_may_ask_for_a_transfer(
    worked_case, api, consultant, care_manager, health_manager, jobcentre_manager, service_user,
    other_jobcentre, other_psychiatry, jobcentre,
):
    # The jobcentre may not move the care manager's role, even by request.
    assert ask(api, consultant, worked_case, "care_manager", other_psychiatry).status_code == 403
    assert ask(api, jobcentre_manager, worked_case, "care_manager", other_psychiatry).status_code \
        == 403
    # Nor psychiatry the consultant's; nor the service user.
    assert ask(api, care_manager, worked_case, to=other_jobcentre).status_code == 403
    assert ask(api, service_user, worked_case, to=other_jobcentre).status_code == 403
    # A role moves only to an organisation of its kind, and not to where it already is.
    wrong_kind = ask(api, consultant, worked_case, to=other_psychiatry)
    assert wrong_kind.status_code == 400 and "to_organisation" in wrong_kind.json()
    same = ask(api, consultant, worked_case, to=jobcentre)
    assert same.status_code == 400 and same.json()["code"] == "same_organisation"
    assert TransferRequest.objects.count() == 0
    # Psychiatry moves its own role; one pending request per role.
    assert (
        ask(api, health_manager, worked_case, "care_manager", other_psychiatry).status_code == 201
    )
    twice = ask(api, care_manager, worked_case, "care_manager", other_psychiatry)
    assert twice.status_code == 409 and twice.json()["code"] == "transfer_pending"


def test_the_receiving_manager_answers_on_the_transfer_page(
    client, api, worked_case, consultant, care_manager, other_jobcentre, receiving_manager,
    foreign_ec,
):
    transfer_id = ask(api, consultant, worked_case, to=other_jobcentre).json()["id"]
    client.force_login(receiving_manager)
    page = client.get("/transfers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert worked_case.service_user.display_name in html and str(foreign_ec.pk) in html
    assert "Stress" not in html and "stress" not in html
    bad = client.post(f"/transfers/{transfer_id}/accept/", {"to_user": str(consultant.pk)})
    assert bad.status_code == 400
    assert unchanged(worked_case, care_manager, consultant)
    done = client.post(f"/transfers/{transfer_id}/accept/", {"to_user": str(foreign_ec.pk)})
    assert done.status_code == 302
    worked_case.refresh_from_db()
    assert worked_case.employment_consultant == foreign_ec


def test_the_transfer_page_is_for_managers_and_their_own_requests(
    client, api, worked_case, consultant, other_jobcentre, jobcentre_manager, care_manager,
):
    transfer_id = ask(api, consultant, worked_case, to=other_jobcentre).json()["id"]
    client.force_login(consultant)
    assert client.get("/transfers/").status_code == 403
    client.force_login(jobcentre_manager)  # the sending manager: not theirs to answer
    assert client.post(f"/transfers/{transfer_id}/decline/").status_code == 404
    assert TransferRequest.objects.get(pk=transfer_id).status == "pending"
    assert unchanged(worked_case, care_manager, consultant)


def test_the_receiving_managers_are_told_by_mail_without_the_case(
    api, worked_case, consultant, other_jobcentre, receiving_manager, mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(api, consultant, worked_case, to=other_jobcentre).status_code == 201
    assert [mail.to for mail in mailoutbox] == [[receiving_manager.email]]
    body = mailoutbox[0].subject + mailoutbox[0].body
    assert "/transfers/" in body
    for secret in (
        worked_case.service_user.first_name,
        worked_case.service_user.last_name,
        "stress",
        str(worked_case.pk),
    ):
        assert secret not in body
