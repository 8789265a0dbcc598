"""The trust-building checklist (DOMAIN.md, Default trust-building checklist)."""
import threading

import pytest
from django.db import connection

from tests.factories import make_meeting
from trust.models import ChecklistTemplate, MeetingChecklist, MeetingChecklistItem
from trust.selectors import checklist_completion
from trust.services import (
    checklist_active_template,
    checklist_copy_for_meeting,
    checklist_template_publish,
)

pytestmark = pytest.mark.django_db


def test_the_default_checklist_is_domain_md_in_danish_and_english():
    items = list(checklist_active_template().items.all())
    assert [i.phase for i in items] == ["before"] * 3 + ["during"] * 4 + ["after"] * 3
    assert items[0].text_en == "The professionals have agreed the meeting's purpose together."
    assert "bisidder" in items[1].text_da
    assert items[-1].text_en == "The service user has been invited to give anonymous feedback."
    assert all(i.text_da and i.text_en and i.text_da != i.text_en for i in items)


def test_a_meeting_gets_its_own_copy_once(api, handed_over_case, meeting, consultant):
    first = api.as_user(consultant).get(f"/api/meetings/{meeting.pk}/checklist/")
    second = api.as_user(consultant).get(f"/api/meetings/{meeting.pk}/checklist/")
    assert first.status_code == 200
    assert len(first.json()) == 10 and first.json() == second.json()
    assert MeetingChecklist.objects.count() == 1
    assert set(first.json()[0]) == {"id", "text", "phase", "done", "done_by", "done_at"}
    assert checklist_copy_for_meeting(meeting=meeting).items.count() == 10


def test_the_text_follows_the_request_language(api, meeting, consultant):
    client = api.as_user(consultant)
    english = client.get(f"/api/meetings/{meeting.pk}/checklist/", HTTP_ACCEPT_LANGUAGE="en")
    danish = client.get(f"/api/meetings/{meeting.pk}/checklist/", HTTP_ACCEPT_LANGUAGE="da")
    assert english.json()[0]["text"].startswith("The professionals")
    assert danish.json()[0]["text"].startswith("De fagprofessionelle")


def test_ticking_records_who_and_when_and_unticking_clears(api, meeting, care_manager):
    client = api.as_user(care_manager)
    item = client.get(f"/api/meetings/{meeting.pk}/checklist/").json()[4]
    url = f"/api/meetings/{meeting.pk}/checklist/{item['id']}/"
    ticked = client.patch(url, {"done": True}, format="json").json()
    assert ticked["done"] is True and ticked["done_by"] == care_manager.display_name
    assert ticked["done_at"]
    unticked = client.patch(url, {"done": False}, format="json").json()
    assert unticked == {**ticked, "done": False, "done_by": None, "done_at": None}


@pytest.mark.parametrize("body", [{}, {"done": "maybe"}, {"done": None}])
def test_a_bad_tick_is_400(api, meeting, care_manager, body):
    client = api.as_user(care_manager)
    item = client.get(f"/api/meetings/{meeting.pk}/checklist/").json()[0]
    response = client.patch(
        f"/api/meetings/{meeting.pk}/checklist/{item['id']}/", body, format="json"
    )
    assert response.status_code == 400 and "done" in response.json()


def test_an_item_of_another_meeting_is_404(api, handed_over_case, meeting, care_manager):
    other = make_meeting(handed_over_case, days=3)
    item = checklist_copy_for_meeting(meeting=other).items.first()
    response = api.as_user(care_manager).patch(
        f"/api/meetings/{meeting.pk}/checklist/{item.pk}/", {"done": True}, format="json"
    )
    assert response.status_code == 404


def test_a_new_version_applies_to_new_meetings_and_old_meetings_keep_theirs(
    api, handed_over_case, meeting, health_manager, care_manager
):
    old_copy = checklist_copy_for_meeting(meeting=meeting)
    published = api.as_user(health_manager).post(
        "/api/checklist-templates/",
        {"items": [
            {"phase": "after", "text_da": "Ring borgeren", "text_en": "Call the service user"},
            {"phase": "before", "text_da": "Læs planen", "text_en": "Read the plan"},
        ]},
        format="json",
    )
    assert published.status_code == 201
    assert published.json()["version"] == 1 and published.json()["is_active"]
    # The care manager's organisation now has its own version; the case follows it.
    new_meeting = make_meeting(handed_over_case, days=5, organizer=care_manager)
    new_items = list(checklist_copy_for_meeting(meeting=new_meeting).items.all())
    assert [(i.phase, i.text_en) for i in new_items] == [
        ("before", "Read the plan"), ("after", "Call the service user")
    ]
    assert old_copy.items.count() == 10

    again = api.as_user(health_manager).post(
        "/api/checklist-templates/",
        {"items": [{"phase": "during", "text_da": "Lyt", "text_en": "Listen"}]},
        format="json",
    )
    assert again.json()["version"] == 2
    versions = ChecklistTemplate.objects.filter(organisation=health_manager.organisation)
    assert [(t.version, t.is_active) for t in versions] == [(2, True), (1, False)]


@pytest.mark.parametrize(
    "body",
    [
        {"items": []},
        {"items": [{"phase": "later", "text_da": "a", "text_en": "b"}]},
        {"items": [{"phase": "before", "text_da": "", "text_en": "b"}]},
        {},
    ],
)
def test_a_bad_template_is_400_and_publishes_nothing(api, health_manager, body):
    response = api.as_user(health_manager).post("/api/checklist-templates/", body, format="json")
    assert response.status_code == 400
    assert not ChecklistTemplate.objects.filter(organisation__isnull=False).exists()


def test_completion_rates_per_organisation(handed_over_case, meeting, care_manager, jobcentre,
                                           mental_health, other_case):
    items = list(checklist_copy_for_meeting(meeting=meeting).items.all())
    for item in items[:3] + items[3:5]:
        MeetingChecklistItem.objects.filter(pk=item.pk).update(done=True)
    checklist_copy_for_meeting(meeting=make_meeting(other_case))
    for organisation in (jobcentre, mental_health):
        completion = checklist_completion(organisation)
        assert completion["meetings"] == 2
        assert completion["items"] == 20 and completion["done"] == 5
        assert completion["rate"] == 0.25
        assert completion["by_phase"]["before"] == {"items": 6, "done": 3, "rate": 0.5}
        assert completion["by_phase"]["after"]["done"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs real concurrent transactions (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_racing_first_reads_make_one_copy(handed_over_case):
    meeting = make_meeting(handed_over_case)
    barrier = threading.Barrier(4)
    errors = []

    def read():
        try:
            barrier.wait()
            checklist_copy_for_meeting(meeting=meeting)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert MeetingChecklist.objects.filter(meeting=meeting).count() == 1
    assert MeetingChecklistItem.objects.filter(checklist__meeting=meeting).count() == 10


def test_the_default_is_reinstalled_once_if_the_table_was_emptied(handed_over_case):
    ChecklistTemplate.objects.all().delete()
    first = checklist_copy_for_meeting(meeting=make_meeting(handed_over_case))
    second = checklist_copy_for_meeting(meeting=make_meeting(handed_over_case, days=4))
    assert first.items.count() == second.items.count() == 10
    assert ChecklistTemplate.objects.count() == 1


def test_the_data_migration_installs_the_default(handed_over_case):
    from importlib import import_module

    from django.apps import apps as django_apps

    migration = import_module("trust.migrations.0003_default_checklist")
    ChecklistTemplate.objects.all().delete()
    migration.create_default(django_apps, None)
    migration.create_default(django_apps, None)  # idempotent
    template = ChecklistTemplate.objects.get()
    assert (template.organisation, template.version, template.items.count()) == (None, 1, 10)


def test_publishing_keeps_phase_order(health_manager):
    template = checklist_template_publish(
        actor=health_manager,
        items=[
            {"phase": "after", "text_da": "c", "text_en": "c"},
            {"phase": "before", "text_da": "a", "text_en": "a"},
            {"phase": "during", "text_da": "b", "text_en": "b"},
            {"phase": "before", "text_da": "a2", "text_en": "a2"},
        ],
    )
    assert [i.text_en for i in template.items.all()] == ["a", "a2", "b", "c"]
