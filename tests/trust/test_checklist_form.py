"""Issue 17: the meeting's checklist is a form of real checkboxes on the meeting page; saving
comes back to the meeting; a colleague's tick saved meanwhile is never undone by a form
opened before it; the service user reads the list written to them, in Danish and English."""
import pytest
from django.test import Client

from trust.checklist_defaults import TO_THE_SERVICE_USER
from trust.models import MeetingChecklistItem
from trust.services import checklist_copy_for_meeting, checklist_item_set_done

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def items(meeting):
    return list(checklist_copy_for_meeting(meeting=meeting).items.order_by("position"))


def form_data(shown, was_done=(), ticked=()):
    return {
        "shown": [str(i.pk) for i in shown],
        "was_done": [str(i.pk) for i in was_done],
        "ticked": [str(i.pk) for i in ticked],
    }


def test_the_meeting_page_shows_the_checklist_as_checkboxes_for_the_team(
    meeting, care_manager
):
    html = client_for(care_manager).get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="checklist-form"' in html
    assert html.count('type="checkbox" class="form-checkbox"') == len(items(meeting))
    assert f'action="/meetings/{meeting.pk}/checklist/"' in html


def test_saving_ticks_and_unticks_and_goes_back_to_the_meeting(meeting, care_manager):
    first, second, *rest = items(meeting)
    checklist_item_set_done(actor=care_manager, item=second, done=True)
    response = client_for(care_manager).post(
        f"/meetings/{meeting.pk}/checklist/",
        form_data([first, second, *rest], was_done=[second], ticked=[first]),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/#checklist"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.done and first.done_by == care_manager
    assert not second.done and second.done_by is None


def test_from_the_checklist_page_it_goes_back_to_the_checklist_page(meeting, consultant):
    first = items(meeting)[0]
    data = {**form_data([first], ticked=[first]), "return_to": "checklist"}
    response = client_for(consultant).post(f"/meetings/{meeting.pk}/checklist/", data)
    assert response["Location"] == f"/meetings/{meeting.pk}/checklist/"


def test_a_form_opened_before_a_colleagues_tick_does_not_undo_it(
    meeting, care_manager, consultant
):
    first, second, *_ = items(meeting)
    # The care manager opens the page (nothing ticked), the consultant ticks the second item,
    # then the care manager saves having ticked only the first.
    checklist_item_set_done(actor=consultant, item=second, done=True)
    client_for(care_manager).post(
        f"/meetings/{meeting.pk}/checklist/", form_data([first, second], ticked=[first])
    )
    second.refresh_from_db()
    assert second.done and second.done_by == consultant


def test_an_item_of_another_meeting_or_no_item_is_a_400_and_changes_nothing(
    handed_over_case, meeting, care_manager
):
    from tests.factories import make_meeting

    other = items(make_meeting(handed_over_case, days=2))[0]
    client = client_for(care_manager)
    mine = items(meeting)[0]
    bad = [
        form_data([mine, other], ticked=[other]),
        {"shown": ["not-a-uuid"], "ticked": ["not-a-uuid"]},
        {"shown": []},
    ]
    for data in bad:
        assert client.post(f"/meetings/{meeting.pk}/checklist/", data).status_code == 400
    assert not MeetingChecklistItem.objects.filter(done=True).exists()


@pytest.mark.parametrize("reader", ["service_user", "former_cm", "jobcentre_manager"])
def test_only_the_current_team_may_save(readers, meeting, reader):
    first = items(meeting)[0]
    response = client_for(readers[reader]).post(
        f"/meetings/{meeting.pk}/checklist/", form_data([first], ticked=[first])
    )
    assert response.status_code == 403
    first.refresh_from_db()
    assert not first.done


@pytest.mark.parametrize("reader", ["other_professional", "other_service_user", "admin_user"])
def test_who_does_not_see_the_meeting_gets_404(readers, meeting, reader):
    first = items(meeting)[0]
    response = client_for(readers[reader]).post(
        f"/meetings/{meeting.pk}/checklist/", form_data([first], ticked=[first])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("language", "question"),
    [("en", "Did you get to say what matters to you?"),
     ("da", "Fik du sagt, hvad der betyder noget for dig?")],
)
def test_the_service_user_reads_the_checklist_written_to_them(
    meeting, service_user, care_manager, language, question
):
    checklist_item_set_done(actor=care_manager, item=items(meeting)[0], done=True)
    html = client_for(service_user).get(
        f"/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert question in html
    assert 'data-testid="checklist-form"' not in html
    # Not the professionals' wording about "the service user".
    assert "The service user knows who will attend" not in html
    assert "Borgeren ved, hvem der deltager" not in html
    ticked = "Your team has ticked this off." if language == "en" else "krydset dette af"
    assert ticked in html


def test_every_default_item_has_words_for_the_service_user_in_both_languages(meeting):
    for item in items(meeting):
        da, en = TO_THE_SERVICE_USER[item.text_en]
        assert da.endswith("?") and en.endswith("?")
        assert "borgeren" not in da.lower() and "service user" not in en.lower()


def test_a_managers_own_item_is_shown_to_the_service_user_as_written(meeting, service_user):
    item = items(meeting)[0]
    MeetingChecklistItem.objects.filter(pk=item.pk).update(
        text_en="We offer a cup of coffee.", text_da="Vi byder på en kop kaffe."
    )
    html = client_for(service_user).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Vi byder på en kop kaffe." in html
