"""Reminders to the service user (issue 18): a day before a meeting (in Copenhagen time) and
within the week before the reassessment date, once each however often the sweep runs, by
the channels they chose, through the outbox, and with nothing personal in them."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.utils import translation

from coordination.models import Deadline, DeadlineKind, Meeting, ReminderPreference
from coordination.services.meetings import meeting_schedule
from coordination.services.reminders import reminders_sweep
from coordination.tasks.reminders import send_reminders
from ibbis import sms
from ibbis.outbox.models import OutboxMessage, OutboxState
from ibbis.outbox.services import outbox_deliver
from tests.fixtures.cases import at

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
REMINDER_KINDS = ("reminder_email", "reminder_sms")


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


# Reminders go out in the site's language (settings.LANGUAGE_CODE), so compare translated.
MEETING_SUBJECT = "You have a meeting tomorrow"
DATE_SUBJECT = "An important date is coming up"


def in_site_language(text):
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


def reminder_rows():
    return OutboxMessage.objects.filter(kind__in=REMINDER_KINDS).order_by("key")


def choose(user, *, by_email, by_sms, phone=""):
    ReminderPreference.objects.update_or_create(
        user=user, defaults={"by_email": by_email, "by_sms": by_sms})
    user.phone = phone
    user.save(update_fields=["phone"])


@pytest.fixture
def meeting_tomorrow(case_opened_in_june, consultant):
    return meeting_schedule(case=case_opened_in_june, organizer=consultant, kind="roundtable",
                            starts_at=at(1, 10), ends_at=at(1, 11),
                            location="Jobcenter Aarhus, lokale 7", agenda="Søvn og stress")


@pytest.fixture
def reassessment_soon(case_opened_in_june, consultant):
    return Deadline.objects.create(
        case=case_opened_in_june,
        kind=DeadlineKind.REASSESSMENT,
        due=date.today() + timedelta(days=5),
        responsible=consultant,
    )


# --- once per reminder ----------------------------------------------------------------------


def test_the_sweep_queues_one_reminder_per_meeting_and_deadline_even_when_run_twice(
    meeting_tomorrow, reassessment_soon, service_user
):
    first = reminders_sweep()
    second = send_reminders.delay().get()
    assert first == {"reminders_email": 2, "reminders_sms": 0}
    assert second == {"reminders_email": 0, "reminders_sms": 0}
    rows = list(reminder_rows())
    assert len(rows) == 2
    assert {row.params["what"] for row in rows} == {"meeting", "reassessment"}
    assert {row.recipient_id for row in rows} == {service_user.pk}


def test_a_meeting_further_away_or_a_reassessment_beyond_a_week_is_not_reminded(
    case_opened_in_june, consultant
):
    meeting_schedule(case=case_opened_in_june, organizer=consultant, kind="roundtable",
                     starts_at=at(2, 10), ends_at=at(2, 11))
    Deadline.objects.create(case=case_opened_in_june, kind=DeadlineKind.REASSESSMENT,
                            due=date.today() + timedelta(days=8), responsible=consultant)
    assert reminders_sweep() == {"reminders_email": 0, "reminders_sms": 0}


# --- the chosen channels --------------------------------------------------------------------


@pytest.mark.parametrize(("by_email", "by_sms", "kinds"), [
    (True, False, ["reminder_email"]),
    (False, True, ["reminder_sms"]),
    (True, True, ["reminder_email", "reminder_sms"]),
    (False, False, []),
])
def test_the_chosen_channels_are_respected(
    meeting_tomorrow, service_user, by_email, by_sms, kinds
):
    choose(service_user, by_email=by_email, by_sms=by_sms, phone="+4520304050")
    reminders_sweep()
    assert sorted(row.kind for row in reminder_rows()) == kinds
    outbox_deliver()
    reminder_mail = [m for m in mail.outbox if m.subject == in_site_language(MEETING_SUBJECT)]
    assert len(reminder_mail) == (1 if by_email else 0)
    assert [m.to for m in sms.outbox] == (["+4520304050"] if by_sms else [])


def test_a_channel_given_up_before_sending_cancels_the_reminder(meeting_tomorrow, service_user):
    choose(service_user, by_email=False, by_sms=True, phone="+4520304050")
    reminders_sweep()
    choose(service_user, by_email=False, by_sms=False)
    outbox_deliver()
    assert sms.outbox == []
    assert reminder_rows().get().state == OutboxState.CANCELLED


def test_a_meeting_cancelled_or_moved_after_queueing_is_not_reminded(
    meeting_tomorrow, service_user
):
    reminders_sweep()
    Meeting.objects.filter(pk=meeting_tomorrow.pk).update(status="cancelled")
    outbox_deliver()
    assert reminder_rows().get().state == OutboxState.CANCELLED


# --- no personal data -----------------------------------------------------------------------


def test_no_reminder_names_the_person_the_diagnosis_the_place_or_the_time(
    meeting_tomorrow, reassessment_soon, service_user, case_opened_in_june
):
    choose(service_user, by_email=True, by_sms=True, phone="+4520304050")
    reminders_sweep()
    outbox_deliver()
    texts = [f"{m.subject}\n{m.body}" for m in mail.outbox if m.to == [service_user.email]
             and m.subject in {in_site_language(MEETING_SUBJECT), in_site_language(DATE_SUBJECT)}]
    texts += [m.body for m in sms.outbox]
    assert len(texts) == 4
    forbidden = [
        service_user.first_name,
        service_user.last_name,
        service_user.username,
        case_opened_in_june.get_diagnosis_display(),
        case_opened_in_june.diagnosis,
        "depression",
        "Jobcenter",
        "lokale",
        "Søvn",
        "10:00",
        "sygedagpenge",
        "sickness",
        case_opened_in_june.care_manager.last_name,
        case_opened_in_june.employment_consultant.last_name,
    ]
    for text in texts:
        assert "log ind" in text or "sign in" in text  # in the site language
        for word in forbidden:
            assert word.lower() not in text.lower(), (word, text)


# --- "a day before" in Copenhagen ----------------------------------------------------------


def test_a_day_before_is_the_day_before_in_copenhagen_not_in_utc(case_opened_in_june, consultant):
    # Just after midnight in Copenhagen is still the evening before in UTC.
    day = date.today() + timedelta(days=10)
    starts = datetime.combine(day, time(0, 30), tzinfo=CPH)
    meeting_schedule(case=case_opened_in_june, organizer=consultant, kind="roundtable",
                     starts_at=starts, ends_at=starts + timedelta(hours=1))
    evening_before = datetime.combine(day - timedelta(days=1), time(20, 0), tzinfo=CPH)
    assert evening_before.astimezone(ZoneInfo("UTC")).date() == starts.astimezone(
        ZoneInfo("UTC")).date()  # in UTC both are the same day: a UTC sweep would miss it
    with time_machine.travel(evening_before - timedelta(days=1), tick=False):
        assert reminders_sweep()["reminders_email"] == 0
    with time_machine.travel(evening_before, tick=False):
        assert reminders_sweep()["reminders_email"] == 1
    with time_machine.travel(starts - timedelta(minutes=10), tick=False):
        assert reminders_sweep()["reminders_email"] == 0


# --- nothing lost while the SMS gateway is down ---------------------------------------------


class DownSmsBackend(sms.BaseSmsBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("gateway down")


def test_a_text_message_waits_in_the_outbox_while_the_gateway_is_down(
    meeting_tomorrow, service_user
):
    choose(service_user, by_email=False, by_sms=True, phone="+4520304050")
    reminders_sweep()
    with override_settings(SMS_BACKEND=f"{__name__}.DownSmsBackend"):
        outbox_deliver()
    row = reminder_rows().get()
    assert row.state == OutboxState.FAILED
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    outbox_deliver()
    assert reminder_rows().get().state == OutboxState.SENT
    assert len(sms.outbox) == 1


# --- the page where the service user chooses ------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_service_user_chooses_text_messages_with_a_phone_number(service_user):
    client = _client(service_user)
    assert client.get("/my-case/reminders/").status_code == 200
    response = client.post("/my-case/reminders/", {"by_sms": "on", "phone": "20 30 40 50"})
    assert response.status_code == 302
    service_user.refresh_from_db()
    preference = ReminderPreference.objects.get(user=service_user)
    assert (preference.by_email, preference.by_sms, service_user.phone) == (
        False, True, "20304050")


def test_text_messages_without_a_number_are_refused_with_400(service_user):
    response = _client(service_user).post("/my-case/reminders/", {"by_sms": "on"})
    assert response.status_code == 400
    assert not ReminderPreference.objects.filter(user=service_user).exists()


def test_a_bad_number_is_refused_with_400(service_user):
    response = _client(service_user).post("/my-case/reminders/",
                                          {"by_sms": "on", "phone": "call me"})
    assert response.status_code == 400


def test_choosing_none_means_no_reminders(meeting_tomorrow, service_user):
    assert _client(service_user).post("/my-case/reminders/", {}).status_code == 302
    reminders_sweep()
    assert not reminder_rows().exists()


@pytest.mark.parametrize("role", ["care_manager", "consultant", "jobcentre_manager",
                                  "admin_user"])
def test_only_a_service_user_has_the_page(request, role):
    assert _client(request.getfixturevalue(role)).get("/my-case/reminders/").status_code == 403


def test_anonymous_is_sent_to_sign_in(db):
    assert Client().get("/my-case/reminders/").status_code == 302
