"""Attacks on session 2's features (replies, agenda items, minutes responses, preview,
hearings, supervision, print, caseload search): each test is an attack that must fail
with a 4xx, never a 500 or a leak."""
from datetime import timedelta

import pytest
from django.utils import timezone

from trust.services.supervision import supervision_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervision(care_manager, consultant):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    return supervision_schedule(
        actor=care_manager, starts_at=start, ends_at=start + timedelta(hours=1),
        participants=[consultant],
    )


WEB_GETS = [
    "/meetings/{id}/", "/meetings/{id}/calendar.ics", "/meetings/{id}/reply/",
    "/meetings/{id}/agenda-items/", "/meetings/{id}/minutes/responses/",
    "/meetings/{id}/print/", "/meetings/{id}/minutes.pdf", "/meetings/{id}/preview/",
    "/meetings/{id}/cancel/", "/meetings/{id}/held/",
]
API_GETS = [
    "/api/meetings/{id}/", "/api/meetings/{id}/ics", "/api/meetings/{id}/reply/",
    "/api/meetings/{id}/agenda-items/", "/api/meetings/{id}/minutes/responses/",
    "/api/meetings/{id}/preview/", "/api/meetings/{id}/checklist/",
    "/api/meetings/{id}/feedback/",
]


@pytest.mark.parametrize("who", ["care_manager", "consultant", "service_user"])
@pytest.mark.parametrize("url", WEB_GETS)
def test_supervision_id_on_case_meeting_pages_never_500(client, request, supervision, who, url):
    client.force_login(request.getfixturevalue(who))
    for method in (client.get, client.post):
        response = method(url.format(id=supervision.pk))
        assert response.status_code < 500, (method, url, response.status_code)


@pytest.mark.parametrize("who", ["care_manager", "consultant", "service_user"])
@pytest.mark.parametrize("url", API_GETS)
def test_supervision_id_on_case_meeting_api_never_500(api, request, supervision, who, url):
    client = api.as_user(request.getfixturevalue(who))
    for method in (client.get, client.post):
        response = method(url.format(id=supervision.pk), {"text": "x", "answer": "yes"},
                          format="json")
        assert response.status_code < 500, (method, url, response.status_code)


# --- IDOR and roles on another case's meeting -------------------------------------------

@pytest.fixture
def meeting(case):
    from tests import factories
    return factories.make_meeting(case, days=2)


@pytest.mark.parametrize("who", ["other_service_user", "other_professional",
                                 "jobcentre_manager", "health_manager", "admin_user"])
@pytest.mark.parametrize("path", ["agenda-items/", "minutes/responses/"])
def test_outsiders_and_managers_get_404_for_meeting_content(api, request, meeting, who, path):
    client = api.as_user(request.getfixturevalue(who))
    url = f"/api/meetings/{meeting.pk}/{path}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "indblanding"}, format="json").status_code in (403, 404)


def test_other_service_user_cannot_reply_to_anothers_meeting(api, other_service_user, meeting):
    client = api.as_user(other_service_user)
    response = client.post(f"/api/meetings/{meeting.pk}/reply/", {"answer": "declined"},
                           format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("body", [
    {"text": "x" * 200_000}, {"text": ["a", "b"]}, {"text": {"a": 1}}, {"text": None}, {},
])
def test_agenda_item_bad_input_is_400(api, service_user, meeting, body):
    response = api.as_user(service_user).post(
        f"/api/meetings/{meeting.pk}/agenda-items/", body, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("bad", ["not-a-uuid", "1", "../../etc/passwd"])
def test_non_uuid_meeting_ids_are_404(api, service_user, bad):
    assert api.as_user(service_user).get(f"/api/meetings/{bad}/agenda-items/").status_code == 404


# --- hearings ---------------------------------------------------------------------------

@pytest.fixture
def hearing(case, consultant):

    from coordination.services.hearings import hearing_send
    return hearing_send(actor=consultant, case=case, proposed_ground="p27_1",
                        basis="Forslag", answer_by=timezone.localdate() + timedelta(days=14))


@pytest.mark.parametrize("who", ["other_service_user", "care_manager", "consultant",
                                 "jobcentre_manager", "other_professional", "admin_user"])
def test_hearing_answered_only_by_its_service_user(api, request, hearing, who):
    response = api.as_user(request.getfixturevalue(who)).post(
        f"/api/hearings/{hearing.pk}/answer/", {"answer": "Nej"}, format="json")
    assert response.status_code in (403, 404)
    hearing.refresh_from_db()
    assert not hearing.answer


@pytest.mark.parametrize("who", ["service_user", "other_service_user", "care_manager",
                                 "jobcentre_manager"])
def test_hearing_withdrawn_only_by_consultant(api, request, hearing, who):
    response = api.as_user(request.getfixturevalue(who)).post(
        f"/api/hearings/{hearing.pk}/withdraw/", format="json")
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("body", [{"answer": "x" * 200_000}, {"answer": ["a"]}, {}])
def test_hearing_answer_bad_input_is_400(api, service_user, hearing, body):
    response = api.as_user(service_user).post(
        f"/api/hearings/{hearing.pk}/answer/", body, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("answer_by", ["9999-12-31", "0001-01-01", "2026-02-30", "nope", 5])
def test_hearing_send_bad_dates_never_500(api, consultant, case, answer_by):
    response = api.as_user(consultant).post(
        f"/api/cases/{case.pk}/hearings/",
        {"proposed_ground": "p27_1", "basis": "b", "answer_by": answer_by}, format="json")
    assert response.status_code in (201, 400)


def test_other_service_user_cannot_read_hearing_page(client, other_service_user, hearing):
    client.force_login(other_service_user)
    assert client.get(f"/hearings/{hearing.pk}/").status_code == 404


# --- caseload search and sort -----------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"sort": "service_user__password"}, {"sort": "-" * 50}, {"sort": "name;DROP TABLE x"},
    {"q": "' OR 1=1 --"}, {"q": "x" * 10_000}, {"q": "%_\\"}, {"page": "-1"},
    {"page": "abc"}, {"page": "99999999999999999999"}, {"status": "nope"}, {"due": "x"},
    {"q": "\x00"},
])
def test_caseload_params_never_500(client, care_manager, case, params):
    client.force_login(care_manager)
    response = client.get("/caseload/", params)
    assert response.status_code in (200, 400)


# --- the preview ------------------------------------------------------------------------

def test_preview_never_shows_text_or_id_of_notes_the_service_user_may_not_read(
    api, client, care_manager, consultant, service_user, case, meeting
):
    from trust.services.notes import note_create
    secret = note_create(actor=care_manager, case=case, scope="private",
                         text="HEMMELIGHED-CM diagnose detaljer")
    sector = note_create(actor=consultant, case=case, scope="sector",
                         text="HEMMELIGHED-EC intern vurdering")
    response = api.as_user(service_user).get(f"/api/meetings/{meeting.pk}/preview/")
    assert response.status_code == 200
    body = response.content.decode()
    client.force_login(service_user)
    page = client.get(f"/meetings/{meeting.pk}/preview/").content.decode()
    for text in (body, page):
        assert "HEMMELIGHED" not in text
        assert str(secret.pk) not in text and str(sector.pk) not in text


@pytest.mark.parametrize("who", ["other_service_user", "jobcentre_manager",
                                 "other_professional", "admin_user"])
def test_preview_of_anothers_meeting_is_404(api, request, meeting, who):
    response = api.as_user(request.getfixturevalue(who)).get(
        f"/api/meetings/{meeting.pk}/preview/")
    assert response.status_code in (403, 404)


# --- access log of professional reads of the new content ------------------------------

@pytest.mark.parametrize("path", ["agenda-items/", "minutes/responses/"])
def test_professional_reads_of_meeting_voice_are_logged(api, care_manager, meeting, path):
    from ibbis.audit.models import AccessLogEntry
    before = AccessLogEntry.objects.filter(who=care_manager).count()
    assert api.as_user(care_manager).get(
        f"/api/meetings/{meeting.pk}/{path}").status_code == 200
    assert AccessLogEntry.objects.filter(who=care_manager).count() > before


@pytest.mark.parametrize("url", ["/meetings/{id}/print/", "/meetings/{id}/minutes.pdf",
                                 "/meetings/{id}/agenda-items/"])
def test_professional_page_reads_are_logged(client, care_manager, meeting, url):
    from ibbis.audit.models import AccessLogEntry
    client.force_login(care_manager)
    before = AccessLogEntry.objects.filter(who=care_manager).count()
    response = client.get(url.format(id=meeting.pk))
    assert response.status_code in (200, 302, 405)
    if response.status_code == 200:
        assert AccessLogEntry.objects.filter(who=care_manager).count() > before


def test_hearing_read_by_consultant_is_logged(api, consultant, case, hearing):
    from ibbis.audit.models import AccessLogEntry
    before = AccessLogEntry.objects.filter(who=consultant).count()
    assert api.as_user(consultant).get(f"/api/cases/{case.pk}/hearings/").status_code == 200
    assert AccessLogEntry.objects.filter(who=consultant).count() > before


# --- the relational coordination survey -------------------------------------------------

def test_summary_hides_the_pair_when_one_side_is_hidden(api, mental_health, jobcentre,
                                                         jobcentre_manager):
    """Differencing: three care managers answered (their side is shown) and one consultant
    answered about three care managers (their side is hidden: one person). Were the pair's
    average shown over all six, pair*6 - health*3 would be that one consultant's answers."""
    from tests import factories
    from trust.models import DIMENSION_CODES, RelationalCoordinationAnswer, quarter_start
    quarter = quarter_start(timezone.localdate())
    cms = [factories.CareManagerFactory(organisation=mental_health) for _ in range(3)]
    lone = factories.EmploymentConsultantFactory(organisation=jobcentre)
    for cm in cms:
        RelationalCoordinationAnswer.objects.create(
            respondent=cm, respondent_role=cm.role, respondent_organisation=mental_health,
            colleague=lone, colleague_organisation=jobcentre, quarter=quarter,
            **{code: 3 for code in DIMENSION_CODES})
    for cm in cms:
        RelationalCoordinationAnswer.objects.create(
            respondent=lone, respondent_role=lone.role, respondent_organisation=jobcentre,
            colleague=cm, colleague_organisation=mental_health, quarter=quarter,
            **{code: 1 for code in DIMENSION_CODES})
    response = api.as_user(jobcentre_manager).get("/api/relational-coordination/summary/")
    assert response.status_code == 200
    (pair,) = response.json()["pairs"]
    (row,) = pair["quarters"]
    sides = [side["averages"] is not None for side in row["by_organisation"]]
    assert sorted(sides) == [False, True]
    assert row["averages"] is None


# --- former professionals, supervision outsiders, the PDF -------------------------------

@pytest.mark.parametrize("path", ["agenda-items/", "minutes/responses/"])
def test_former_care_manager_reads_no_meeting_content(api, case, former_cm, meeting, path):
    from tests import factories
    factories.hand_over(case, "care_manager", former_cm)
    factories.hand_over(case, "care_manager", factories.CareManagerFactory(
        organisation=former_cm.organisation))
    # Past the 30-day handover period (DOMAIN.md): the former care manager reads no more.
    from coordination.models import CaseMembership
    CaseMembership.objects.filter(case=case, user=former_cm).update(
        started_at=timezone.now() - timedelta(days=60),
        ended_at=timezone.now() - timedelta(days=31))
    response = api.as_user(former_cm).get(f"/api/meetings/{meeting.pk}/{path}")
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("who", ["other_professional", "service_user", "jobcentre_manager"])
def test_supervision_page_is_404_for_non_participants(client, request, supervision, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/supervision/{supervision.pk}/").status_code == 404


def test_withdrawing_a_withdrawn_hearing_is_409(api, consultant, hearing):
    client = api.as_user(consultant)
    assert client.post(f"/api/hearings/{hearing.pk}/withdraw/").status_code == 200
    assert client.post(f"/api/hearings/{hearing.pk}/withdraw/").status_code == 409
    answer = api.as_user(hearing.case.service_user).post(
        f"/api/hearings/{hearing.pk}/answer/", {"answer": "sent"}, format="json")
    assert answer.status_code == 409


def test_pdf_fetches_no_external_url(monkeypatch):
    from coordination import pdf
    if not pdf.pdf_available():
        pytest.skip("WeasyPrint is not installed")
    import urllib.request
    fetched = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: fetched.append(a))
    try:
        pdf.html_to_pdf('<img src="http://169.254.169.254/latest/meta-data/">'
                        '<link rel="stylesheet" href="file:///etc/passwd">')
    except Exception:  # noqa: BLE001 - refusing loudly is fine too; fetching is not
        pass
    assert fetched == []
