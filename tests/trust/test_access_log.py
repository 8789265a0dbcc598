"""The access log: each read writes exactly one entry; nothing changes or deletes one except
retention (DOMAIN.md, Note scopes; API.md, access-log)."""
from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from ibbis.audit.models import AccessLogEntry, AppendOnlyError
from ibbis.audit.services import access_log_purge, access_log_record
from ibbis.audit.tasks import purge_access_log
from trust.models import Note

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (SQLite relies on the ORM guards)",
)


@pytest.fixture
def team_note(handed_over_case, consultant):
    return Note.objects.create(
        case=handed_over_case, author=consultant, author_role="employment_consultant",
        author_organisation=consultant.organisation, scope="team", text="hello",
    )


def _api_list(api, user, case, note):
    return api.as_user(user).get(f"/api/cases/{case.pk}/notes/")


def _api_detail(api, user, case, note):
    return api.as_user(user).get(f"/api/notes/{note.pk}/")


def _page(api, user, case, note):
    client = Client()
    client.force_login(user)
    return client.get(f"/cases/{case.pk}/notes/")


def _checklist(api, user, case, note):
    from tests.factories import make_meeting

    meeting = make_meeting(case)
    return api.as_user(user).get(f"/api/meetings/{meeting.pk}/checklist/")


READS = {
    "api_list": (_api_list, "notes.listed", "note"),
    "api_detail": (_api_detail, "note.viewed", "note"),
    "notes_page": (_page, "notes.listed", "note"),
    "meeting_checklist": (_checklist, "meeting_checklist.viewed", "meeting_checklist"),
}


@pytest.mark.parametrize("reader", ["care_manager", "consultant"])
@pytest.mark.parametrize("path", list(READS))
def test_each_read_path_writes_exactly_one_entry(
    api, handed_over_case, team_note, request, path, reader
):
    user = request.getfixturevalue(reader)
    read, action, object_type = READS[path]
    response = read(api, user, handed_over_case, team_note)
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.case, entry.who, entry.action, entry.object_type) == (
        handed_over_case, user, action, object_type
    )
    assert entry.role == user.role and entry.organisation == user.organisation.name
    assert entry.who_name == user.display_name


def test_a_managers_notes_read_is_logged_too(api, handed_over_case, jobcentre_manager, team_note):
    api.as_user(jobcentre_manager).get(f"/api/cases/{handed_over_case.pk}/notes/")
    assert AccessLogEntry.objects.get().role == "manager"


def test_the_service_user_reading_their_own_case_is_not_logged(api, handed_over_case, team_note):
    api.as_user(handed_over_case.service_user).get(f"/api/cases/{handed_over_case.pk}/notes/")
    assert not AccessLogEntry.objects.exists()


def test_a_refused_read_is_not_logged(
    api, handed_over_case, team_note, other_professional, former_ec
):
    assert (
        api.as_user(other_professional).get(f"/api/cases/{handed_over_case.pk}/notes/").status_code
        == 404
    )
    assert api.as_user(former_ec).get(f"/api/notes/{team_note.pk}/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_log_api_lists_newest_first_with_the_contract_fields(api, handed_over_case, consultant,
                                                                 care_manager):
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        access_log_record(actor=care_manager, case=handed_over_case, action="case.viewed",
                          object_type="case")
    access_log_record(
        actor=consultant, case=handed_over_case, action="plan.viewed", object_type="plan"
    )
    body = (
        api.as_user(handed_over_case.service_user)
        .get(f"/api/cases/{handed_over_case.pk}/access-log/")
        .json()
    )
    assert body["count"] == 2
    first, second = body["results"]
    assert set(first) == {"at", "who", "role", "organisation", "action", "object_type",
                          "emergency"}
    assert first["emergency"] is False  # a read by the case's own consultant
    assert first["action"] == "plan.viewed" and second["action"] == "case.viewed"
    assert first["who"] == consultant.display_name and first["organisation"] == "Jobcenter Test"
    assert first["at"] > second["at"]


def test_the_log_api_pages(api, handed_over_case, consultant):
    for _ in range(5):
        access_log_record(
            actor=consultant, case=handed_over_case, action="case.viewed", object_type="case"
        )
    body = api.as_user(handed_over_case.service_user).get(
        f"/api/cases/{handed_over_case.pk}/access-log/?page_size=2"
    ).json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]


def test_the_log_shows_only_its_own_case(
    api, handed_over_case, other_case, consultant, other_professional
):
    access_log_record(actor=other_professional, case=other_case, action="case.viewed",
                      object_type="case")
    assert api.as_user(handed_over_case.service_user).get(
        f"/api/cases/{handed_over_case.pk}/access-log/"
    ).json()["count"] == 0


@pytest.mark.parametrize("rows", [2, 20])
def test_the_log_api_takes_the_same_queries_for_2_and_20(api, handed_over_case, consultant, rows,
                                                         django_assert_num_queries):
    for _ in range(rows):
        access_log_record(
            actor=consultant, case=handed_over_case, action="case.viewed", object_type="case"
        )
    client = api.as_user(handed_over_case.service_user)
    with django_assert_num_queries(4):  # token and user, case, count, page
        client.get(f"/api/cases/{handed_over_case.pk}/access-log/")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_api_path_changes_or_deletes_the_log(api, handed_over_case, consultant, method):
    access_log_record(
        actor=consultant, case=handed_over_case, action="case.viewed", object_type="case"
    )
    response = getattr(api.as_user(handed_over_case.service_user), method)(
        f"/api/cases/{handed_over_case.pk}/access-log/"
    )
    assert response.status_code == 405
    assert AccessLogEntry.objects.count() == 1


def test_the_orm_refuses_to_change_or_delete_entries(handed_over_case, consultant):
    entry = access_log_record(actor=consultant, case=handed_over_case, action="case.viewed",
                              object_type="case")
    entry.action = "nothing.happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_update([entry], ["action"])
    entry = AccessLogEntry.objects.get()
    assert entry.action == "case.viewed"


@needs_postgresql
def test_postgresql_refuses_update_and_delete_even_around_the_orm(handed_over_case, consultant):
    entry = access_log_record(actor=consultant, case=handed_over_case, action="case.viewed",
                              object_type="case")
    for sql in (
        "UPDATE trust_accesslogentry SET action = 'x' WHERE id = %s",
        "DELETE FROM trust_accesslogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    # Django's own fast delete path (what a cascade uses) is refused as well.
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            AccessLogEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)
    assert AccessLogEntry.objects.get().action == "case.viewed"


@needs_postgresql
@pytest.mark.django_db(transaction=True)  # real transactions, so SET LOCAL really ends; the
# flush after this test (TRUNCATE) also shows the trigger does not block test cleanup.
def test_postgresql_allows_delete_only_under_the_retention_flag(handed_over_case, consultant):
    entry = access_log_record(actor=consultant, case=handed_over_case, action="case.viewed",
                              object_type="case")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ibbis.retention = 'on'")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                cursor.execute("UPDATE trust_accesslogentry SET action = 'x' WHERE id = %s",
                               [entry.pk])
    # SET LOCAL ended with its transaction: the next delete is refused again.
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM trust_accesslogentry WHERE id = %s", [entry.pk])


def test_retention_removes_only_entries_older_than_the_setting(
    handed_over_case, consultant, settings
):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=731)):
        old = access_log_record(actor=consultant, case=handed_over_case, action="case.viewed",
                                object_type="case")
    with time_machine.travel(now - timedelta(days=729)):
        kept = access_log_record(actor=consultant, case=handed_over_case, action="case.viewed",
                                 object_type="case")
    assert purge_access_log.delay().get() == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert access_log_purge() == 0  # idempotent


def test_retention_is_two_years_by_default_and_scheduled_nightly():
    from django.conf import settings

    assert settings.ACCESS_LOG_RETENTION_DAYS == 730
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-access-log"]
    assert schedule["task"] == "trust.tasks.purge_access_log"
