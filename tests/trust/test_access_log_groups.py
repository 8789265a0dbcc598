"""Issue 17: "the access log groups repeated reads of one session". The service user's page
shows one line per run of the same reader doing the same thing (reads at most 30 minutes
apart) with a count and a time span; the log itself keeps every read. No raw code and no
microsecond timestamp reaches the page, in Danish or English."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from ibbis.audit.actions import AccessAction
from ibbis.audit.models import AccessLogEntry
from ibbis.audit.services import access_log_record
from trust.access_log_groups import access_log_grouped

pytestmark = pytest.mark.django_db

# 09:00 UTC is 10:00 in Copenhagen on 1 December 2026.
START = datetime(2026, 12, 1, 9, 0, 0, 123456, tzinfo=UTC)


def read(actor, case, minutes, action=AccessAction.CASE_VIEWED):
    with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
        access_log_record(actor=actor, case=case, action=action, object_type="case")


def page(user, language):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client.get("/my-case/access-log/")


def rows(html):
    return re.findall(r'<tr data-testid="access-log-row">(.*?)</tr>', html, re.S)


def visible(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


@pytest.fixture
def one_sitting(handed_over_case, consultant, care_manager):
    """The consultant reads the case 3 times in 20 minutes, the care manager once in between,
    the consultant reads the notes once, and two hours later the case again."""
    read(consultant, handed_over_case, 0)
    read(care_manager, handed_over_case, 5)
    read(consultant, handed_over_case, 10)
    read(consultant, handed_over_case, 12, AccessAction.NOTES_LISTED)
    read(consultant, handed_over_case, 20)
    read(consultant, handed_over_case, 140)


def test_repeated_reads_of_one_sitting_are_one_line_with_a_count(
    service_user, consultant, one_sitting
):
    lines = [visible(r) for r in rows(page(service_user, "en").content.decode())]
    assert len(lines) == 4
    newest, sitting, notes, care_manager_line = lines  # by each line's latest read
    assert newest.startswith("1 December 2026 12:20") and "times" not in newest
    assert "Read the notes on your case" in notes
    assert "Care manager" in care_manager_line
    assert sitting.startswith("1 December 2026 10:00 – 10:20")
    assert consultant.display_name in sitting and "Read your case (3 times)" in sitting
    assert AccessLogEntry.objects.count() == 6  # every read is still in the log


def test_the_grouped_log_speaks_danish(service_user, one_sitting):
    html = page(service_user, "da").content.decode()
    sitting = visible(rows(html)[1])
    assert sitting.startswith("1. december 2026 10:00 – 10:20")
    assert "(3 gange)" in sitting and "Jobkonsulent" in sitting


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_code_or_microsecond_reaches_the_page(service_user, one_sitting, language):
    text = visible(page(service_user, language).content.decode())
    for code in ("case.viewed", "notes.listed", "employment_consultant", "care_manager"):
        assert code not in text
    assert not re.search(r"\d{2}:\d{2}:\d{2}|\.\d{6}|\+00:00|UTC", text)


def test_a_read_after_more_than_30_minutes_starts_a_new_line(
    service_user, consultant, handed_over_case
):
    read(consultant, handed_over_case, 0)
    read(consultant, handed_over_case, 31)
    read(consultant, handed_over_case, 60)  # 29 minutes after the one before: the same visit
    lines = [visible(r) for r in rows(page(service_user, "en").content.decode())]
    assert len(lines) == 2
    assert "(2 times)" in lines[0] and "10:31 – 11:00" in lines[0]
    assert "times" not in lines[1]


def test_a_visit_across_midnight_names_both_days(service_user, consultant, handed_over_case):
    read(consultant, handed_over_case, 13 * 60 + 50)  # 23:50 in Copenhagen
    read(consultant, handed_over_case, 14 * 60 + 5)   # 00:05 the next day
    line = visible(rows(page(service_user, "en").content.decode())[0])
    assert line.startswith("1 December 2026 23:50 – 2 December 2026 00:05")


def test_another_service_users_log_is_not_mixed_in(service_user, other_service_user,
                                                  other_case, consultant, handed_over_case):
    read(consultant, handed_over_case, 0)
    other_reader = other_case.employment_consultant
    read(other_reader, other_case, 1)
    text = visible(page(service_user, "en").content.decode())
    assert other_reader.display_name not in text


# --- the selector, over plain rows ------------------------------------------------------


def row(minutes, who="a", action="case.viewed"):
    return {"at": START + timedelta(minutes=minutes), "who_id": who, "who_name": who,
            "role": "care_manager", "organisation": "O", "action": action}


def test_runs_of_different_readers_may_interleave_and_stay_whole():
    groups = access_log_grouped(
        [row(40, "a"), row(30, "b"), row(20, "a"), row(10, "b"), row(0, "a")]
    )
    assert [(g.who_name, g.count) for g in groups] == [("a", 3), ("b", 2)]
    assert groups[0].first_at == START and groups[0].last_at == START + timedelta(minutes=40)


def test_the_gap_is_measured_between_neighbouring_reads():
    groups = access_log_grouped([row(90), row(60), row(30), row(0)])
    assert [g.count for g in groups] == [4]
    groups = access_log_grouped([row(61), row(30), row(0)])
    assert [g.count for g in groups] == [1, 2]


def test_different_actions_are_different_lines():
    groups = access_log_grouped([row(2, action="notes.listed"), row(1), row(0)])
    assert [(g.action, g.count) for g in groups] == [("notes.listed", 1), ("case.viewed", 2)]
    assert groups[0].action_label == "Read the notes on your case"


def test_an_empty_log_has_no_lines():
    assert access_log_grouped([]) == []
