"""Issue 17: dates read `1. december 2026` / `1 December 2026` on every page, while the API
keeps its convention (API.md: dates YYYY-MM-DD) in its error messages too. The services pass
dates as ValidationError params (or a DomainError's people_message); the API formats them as
ISO, the pages through coordination.dates."""
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from coordination.models import AbsencePeriod, Meeting
from coordination.services.clock import case_recompute
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def jan_feb_case(care_manager, consultant, service_user):
    """Absent from 2026-01-05 to 2026-02-27, with its deadlines."""
    case = CaseFactory(care_manager=care_manager, employment_consultant=consultant,
                       service_user=service_user, first_absence_day=date(2026, 1, 5))
    AbsencePeriod.objects.create(case=case, start=date(2026, 1, 5), end=date(2026, 2, 27),
                                 kind="full")
    return case_recompute(case=case)


def page(user, language):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def field_errors(html, field):
    found = re.search(rf'id="id_{field}_errors">(.*?)</span>\s*<', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


OVERLAP = {"start": "2026-02-01", "end": "2026-02-10", "kind": "full"}


@pytest.mark.parametrize("language,words", [
    ("en", "This period overlaps the absence from 2026-01-05 to 2026-02-27."),
    ("da", "2026-01-05"),
])
def test_the_api_names_the_overlapping_absence_with_iso_dates(
    api, consultant, jan_feb_case, language, words
):
    response = api.as_user(consultant).post(
        f"/api/cases/{jan_feb_case.pk}/absences/", OVERLAP, format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert words in response.json()["start"][0]
    assert "2026-02-27" in response.json()["start"][0]


@pytest.mark.parametrize("language,words", [
    ("en", "This period overlaps the absence from 5 January 2026 to 27 February 2026."),
    ("da", "5. januar 2026"),
])
def test_the_page_names_the_overlapping_absence_in_words(consultant, jan_feb_case, language, words):
    response = page(consultant, language).post(f"/cases/{jan_feb_case.pk}/absences/", OVERLAP)
    assert response.status_code == 400
    error = field_errors(response.content.decode(), "start")
    assert words in error and "27" in error
    assert "2026-01-05" not in error and "2026-02-27" not in error


def test_an_ongoing_absence_is_named_ongoing_on_both(api, consultant, jan_feb_case):
    AbsencePeriod.objects.create(case=jan_feb_case, start=date(2026, 3, 2), kind="full")
    body = {"start": "2026-04-01", "kind": "full"}
    api_error = api.as_user(consultant).post(
        f"/api/cases/{jan_feb_case.pk}/absences/", body, format="json", HTTP_ACCEPT_LANGUAGE="en",
    ).json()["start"][0]
    assert api_error == "This period overlaps the absence from 2026-03-02 to ongoing."
    html = page(consultant, "en").post(f"/cases/{jan_feb_case.pk}/absences/", body).content.decode()
    assert "from 2 March 2026 to ongoing." in field_errors(html, "start")


def test_the_date_range_reads_iso_on_the_api_and_words_on_the_page(api, consultant, jan_feb_case):
    body = {"start": "2101-01-01", "kind": "full"}
    api_error = api.as_user(consultant).post(
        f"/api/cases/{jan_feb_case.pk}/absences/", body, format="json", HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert "Enter a date between 1990-01-01 and 2100-12-31." in str(api_error)
    english = page(consultant, "en").post(f"/cases/{jan_feb_case.pk}/absences/", body)
    english = english.content.decode()
    assert "Enter a date between 1 January 1990 and 31 December 2100." in english
    danish = page(consultant, "da").post(f"/cases/{jan_feb_case.pk}/absences/", body)
    danish = danish.content.decode()
    assert "1. januar 1990" in danish and "31. december 2100" in danish


def test_the_follow_up_form_writes_the_range_in_words(consultant, jan_feb_case):
    html = page(consultant, "en").post(
        f"/cases/{jan_feb_case.pk}/follow-up/", {"expected_return_date": "1980-01-01"}
    ).content.decode()
    assert "Enter a date between 1 January 1990 and 31 December 2100." in html


def _double_booking(api, consultant, case, language):
    start = timezone.make_aware(timezone.datetime(2026, 5, 20, 10, 0))
    first = api.as_user(consultant).post("/api/meetings/", {
        "case": str(case.pk), "kind": "follow_up", "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(), "location": "Jobcentret",
        "agenda": "",
    }, format="json")
    assert first.status_code == 201, first.json()
    return start


def test_a_double_booking_names_the_time_iso_on_the_api(api, consultant, jan_feb_case):
    start = _double_booking(api, consultant, jan_feb_case, "en")
    clash = api.as_user(consultant).post("/api/meetings/", {
        "case": str(jan_feb_case.pk), "kind": "follow_up",
        "starts_at": (start + timedelta(minutes=30)).isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(), "location": "Jobcentret",
        "agenda": "",
    }, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert clash.status_code == 409
    assert "from 2026-05-20 10:00 to 11:00." in clash.json()["detail"]


@pytest.mark.parametrize("language,words", [
    ("en", "from 20 May 2026 10:00 to 11:00."), ("da", "fra 20. maj 2026 10:00 til 11:00."),
])
def test_a_double_booking_names_the_time_in_words_on_the_page(
    api, consultant, jan_feb_case, language, words
):
    _double_booking(api, consultant, jan_feb_case, language)
    response = page(consultant, language).post(f"/cases/{jan_feb_case.pk}/meetings/new/", {
        "meeting-kind": "follow_up", "meeting-day": "2026-05-20",
        "meeting-start_time": "10:30", "meeting-end_time": "12:00",
        "meeting-location": "Jobcentret", "meeting-agenda": "",
    })
    html = response.content.decode()
    assert response.status_code in (400, 409), response.status_code
    assert words in html
    assert "2026-05-20 10:00" not in html
    assert Meeting.objects.count() == 1
