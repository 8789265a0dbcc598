"""The outbox (ibbis/outbox): rows written with the change, claimed, sent once, retried with
backoff, reclaimed when a worker is lost; against a real SMTP server where it matters."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from coordination.tasks.meetings import invitation_key
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.selectors import outbox_counts, outbox_oldest_unsent
from ibbis.outbox.services import (
    backoff,
    outbox_add,
    outbox_deliver,
    outbox_purge,
    outbox_retry,
)
from tests import factories
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def plain(user, key=None, subject="Hej"):
    outbox_add(kind="plain", key=key or f"test:{user.pk}", recipient=user,
               subject=subject, body="Log ind for at se mere.")


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    with override_settings(**sink.settings()):
        yield sink
    sink.stop()


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)

    def move(**delta):
        time_machine.move_to(T0 + timedelta(**delta), tick=False)

    return move


@pytest.mark.django_db(transaction=True)
def test_a_row_is_written_only_inside_the_transaction_of_its_change(service_user):
    with pytest.raises(RuntimeError, match="transaction"):
        plain(service_user)
    assert not OutboxMessage.objects.exists()


def test_the_same_key_twice_is_one_row_and_one_mail(service_user, mailoutbox):
    with transaction.atomic():
        plain(service_user)
        plain(service_user, subject="A second try at the same mail")
    assert OutboxMessage.objects.count() == 1
    assert outbox_deliver() == {"claimed": 1, "sent": 1}
    assert outbox_deliver() == {}
    assert [m.subject for m in mailoutbox] == ["Hej"]


def test_a_row_rolled_back_with_its_change_never_goes_out(service_user, mailoutbox):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        plain(service_user)
        1 / 0  # noqa: B018 - the change fails after the mail was added
    assert not OutboxMessage.objects.exists()
    assert outbox_deliver() == {}


def test_451_for_one_recipient_retries_that_recipient_only(sink, clock):
    users = [factories.ServiceUserFactory() for _ in range(30)]
    with transaction.atomic():
        for user in users:
            plain(user)
    sink.refuse[users[7].email] = 451
    counts = outbox_deliver()
    assert counts == {"claimed": 30, "sent": 29, "failed": 1}
    assert sink.refusals[users[7].email] == 1
    refused = OutboxMessage.objects.get(recipient=users[7])
    assert (refused.state, refused.attempts, refused.last_error) == (
        "failed", 1, "SMTPRecipientsRefused 451"
    )
    assert refused.next_attempt_at == T0 + timedelta(seconds=60)
    del sink.refuse[users[7].email]
    clock(seconds=61)
    assert outbox_deliver() == {"claimed": 1, "sent": 1}
    deliveries = sink.deliveries()
    print(f"\n451 for one of 30: expected 30 mails, delivered {sum(deliveries.values())}")
    assert sum(deliveries.values()) == 30 and set(deliveries.values()) == {1}
    assert {to for to, _mid in deliveries} == {u.email for u in users}


def test_a_permanent_refusal_gives_up_at_once(sink, service_user, clock):
    with transaction.atomic():
        plain(service_user)
    sink.refuse[service_user.email] = 550
    assert outbox_deliver() == {"claimed": 1, "dead": 1}
    row = OutboxMessage.objects.get()
    assert (row.state, row.last_error) == ("dead", "SMTPRecipientsRefused 550")
    clock(days=2)
    assert outbox_deliver() == {}  # dead stays dead until an operator re-queues it
    del sink.refuse[service_user.email]
    assert outbox_retry() == 1
    assert outbox_deliver() == {"claimed": 1, "sent": 1}
    assert len(sink.messages) == 1


def test_a_server_that_is_down_is_tried_once_per_run_and_the_batch_waits(clock, service_user):
    down = SmtpSink()  # never started: connections are refused
    others = [factories.ServiceUserFactory() for _ in range(4)]
    with transaction.atomic():
        for user in [service_user, *others]:
            plain(user)
    with override_settings(**down.settings()):
        assert outbox_deliver() == {"claimed": 5, "failed": 1, "released": 4}
        states = sorted(OutboxMessage.objects.values_list("state", "attempts"))
        assert states == [("failed", 1)] + [("pending", 0)] * 4
        assert outbox_deliver() == {}  # nothing is due before the backoff has passed
    sink = SmtpSink(port=down.port).start()
    try:
        with override_settings(**sink.settings()):
            clock(seconds=61)
            assert outbox_deliver() == {"claimed": 5, "sent": 5}
        assert len(sink.messages) == 5
    finally:
        sink.stop()


def test_backoff_doubles_from_a_minute_to_hours_and_gives_up_after_max_attempts(
    service_user, clock, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(9) < timedelta(hours=6) == backoff(10) == backoff(25) == timedelta(hours=6)

    def refuse(self, messages):
        raise ConnectionRefusedError

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with transaction.atomic():
        plain(service_user)
    elapsed = timedelta(0)
    waits = []
    for attempt in range(1, settings.OUTBOX["max_attempts"] + 1):
        clock(seconds=elapsed.total_seconds())
        outcome = outbox_deliver()
        assert outcome.get("failed" if attempt < settings.OUTBOX["max_attempts"] else "dead") == 1
        row = OutboxMessage.objects.get()
        waits.append(row.next_attempt_at - (T0 + elapsed))
        elapsed += waits[-1]
    assert waits[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(waits) == timedelta(hours=6)
    assert row.state == "dead" and row.attempts == settings.OUTBOX["max_attempts"]
    # Hours, not seconds: days pass before the outbox gives up.
    assert elapsed > timedelta(days=4)


def test_a_claim_held_by_a_lost_worker_is_taken_over_once_it_is_stale(
    service_user, mailoutbox, clock
):
    with transaction.atomic():
        plain(service_user)
    # A worker claimed the row and was killed before sending.
    OutboxMessage.objects.update(state="sending", claimed_at=T0, attempts=1,
                                 claim_token="00000000-0000-4000-8000-000000000001")
    clock(seconds=settings.OUTBOX["stale_claim_seconds"] - 1)
    assert outbox_deliver() == {}  # it may still be working on it
    clock(seconds=settings.OUTBOX["stale_claim_seconds"] + 1)
    assert outbox_deliver() == {"claimed": 1, "sent": 1}
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts, row.claim_token) == ("sent", 2, None)
    assert len(mailoutbox) == 1


def test_a_worker_whose_claim_was_taken_over_cannot_mark_the_row(service_user, clock):
    from ibbis.outbox.services import _claim, _finish

    with transaction.atomic():
        plain(service_user)
    (row,), first_token = _claim(10)
    clock(seconds=settings.OUTBOX["stale_claim_seconds"] + 1)
    (again,), second_token = _claim(10)
    assert first_token != second_token
    assert _finish(row, first_token, "cancelled") is False
    assert OutboxMessage.objects.get().state == "sending"
    assert _finish(again, second_token, "sent") is True


def test_every_attempt_of_a_row_carries_the_same_message_id(sink, service_user, clock):
    with transaction.atomic():
        plain(service_user)
    sink.refuse[service_user.email] = 451
    outbox_deliver()
    del sink.refuse[service_user.email]
    clock(minutes=2)
    outbox_deliver()
    (message,) = sink.messages
    assert message["message_id"] == OutboxMessage.objects.get().message_id()


def test_an_invitation_row_names_meeting_sequence_and_person():
    assert invitation_key("m1", 3, "u2") == "meeting:m1:seq:3:user:u2"


def test_beat_re_drives_every_minute_and_the_broker_hands_lost_tasks_out_in_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-redrive"]
    assert entry["task"] == "ibbis.outbox.tasks.outbox_deliver"
    assert entry["schedule"] == timedelta(minutes=1)
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.CELERY_TASK_TIME_LIMIT < visibility <= 15 * 60
    assert settings.OUTBOX["stale_claim_seconds"] >= settings.OUTBOX["time_budget_seconds"] + (
        settings.EMAIL_TIMEOUT
    )


def test_sent_rows_are_purged_after_the_retention_and_unsent_ones_never(
    service_user, other_service_user, mailoutbox, clock
):
    with transaction.atomic():
        plain(service_user)
        plain(other_service_user)
    OutboxMessage.objects.filter(recipient=other_service_user).update(state="dead")
    outbox_deliver()
    assert outbox_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert outbox_purge(now=timezone.now() + timedelta(days=31)) == 1
    assert list(OutboxMessage.objects.values_list("state", flat=True)) == ["dead"]


def test_the_command_shows_stuck_rows_and_re_queues_the_given_up(
    service_user, other_service_user, capsys, clock, mailoutbox
):
    with transaction.atomic():
        plain(service_user)
        plain(other_service_user)
    OutboxMessage.objects.filter(recipient=other_service_user).update(state="dead")
    assert outbox_oldest_unsent() == T0
    call_command("outbox")
    out = capsys.readouterr().out
    assert "pending: 1" in out and "dead: 1" in out and "oldest unsent: 2026-03-02T08:00" in out
    call_command("outbox", "--retry", "--deliver")
    out = capsys.readouterr().out
    assert "requeued: 1" in out and "delivered sent: 2" in out and "sent: 2" in out
    assert outbox_counts()["sent"] == 2 and outbox_oldest_unsent() is None
    assert len(mailoutbox) == 2


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_never_fails_the_request_and_the_mail_waits(
    api, admin_user, mailoutbox, caplog
):
    """A real broker URL with nothing listening: queueing the delivery fails after commit,
    is logged, and the account and its mail stay."""
    from tests.celery_broker import use_broker
    from tests.smtp_sink import free_port

    with use_broker(f"redis://127.0.0.1:{free_port()}/0"):
        response = api.as_user(admin_user).post("/api/accounts/", {
            "username": "new.person", "password": "a long and unusual passphrase 42",
            "role": "service_user", "email": "new@example.test",
        }, format="json")
    assert response.status_code == 201
    assert "could not start a delivery" in caplog.text
    assert OutboxMessage.objects.get().state == "pending"
    assert mailoutbox == []
    assert outbox_deliver() == {"claimed": 1, "sent": 1}
    assert [m.to for m in mailoutbox] == [["new@example.test"]]


@pytest.mark.django_db(transaction=True)
def test_beat_s_database_scheduler_takes_the_re_drive_with_its_expiry():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from ibbis.celery import app

    DatabaseScheduler(app=app, lazy=True).update_from_dict(
        {"outbox-redrive": settings.CELERY_BEAT_SCHEDULE["outbox-redrive"]}
    )
    task = PeriodicTask.objects.get(name="outbox-redrive")
    assert task.task == "ibbis.outbox.tasks.outbox_deliver"
    assert (task.interval.every, task.interval.period) == (60, "seconds")
    assert task.expire_seconds == 60 and task.expires is None


def test_a_kind_that_fails_to_render_fails_its_rows_only(service_user, other_service_user,
                                                          mailoutbox, monkeypatch, clock):
    from ibbis.outbox import registry

    def broken(rows):
        raise LookupError("a bug in a renderer")

    registry.register("broken", render=broken)
    try:
        with transaction.atomic():
            outbox_add(kind="broken", key="broken:1", recipient=service_user)
            plain(other_service_user)
        assert outbox_deliver() == {"claimed": 2, "failed": 1, "sent": 1}
        assert OutboxMessage.objects.get(kind="broken").last_error == "render error"
        assert [m.to for m in mailoutbox] == [[other_service_user.email]]
    finally:
        registry._KINDS.pop("broken")


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_never_get_the_same_row():
    import threading

    from django.db import connection, connections

    from ibbis.outbox.services import _claim

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SKIP LOCKED; SQLite serialises writers")
    # Rows as outbox_add writes them, without its kick (which would deliver them here).
    OutboxMessage.objects.bulk_create(
        OutboxMessage(kind="plain", key=f"test:{n}", recipient=factories.ServiceUserFactory())
        for n in range(40)
    )
    barrier = threading.Barrier(4)
    claimed = []

    def claim():
        try:
            barrier.wait(timeout=10)
            while True:
                rows, _token = _claim(3)
                if not rows:
                    break
                claimed.extend(row.pk for row in rows)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(claimed) == 40 and len(set(claimed)) == 40
