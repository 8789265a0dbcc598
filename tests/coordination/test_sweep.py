"""The daily sweep: overdue deadlines, reminders sent once, managers told, statuses moved."""
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from coordination.benefit_rules import rules_for
from coordination.models import Deadline, Notification
from coordination.services.cases import absence_record, extension_decide
from coordination.services.clock import case_recompute
from coordination.services.sweep import deadlines_sweep
from coordination.tasks import notifications_mail
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_deliver
from tests import factories

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=CPH)


@pytest.fixture
def worked_example(time_machine, open_case, consultant):
    """DOMAIN.md's worked example, opened on its first absence day: the first follow-up is
    due 2026-03-01, the reassessment 2026-07-31."""
    time_machine.move_to(at(date(2026, 1, 5)), tick=False)
    case = open_case()
    absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None, kind="full")
    return case


def sweep_on(time_machine, day, capture):
    time_machine.move_to(at(day), tick=False)
    with capture(execute=True):
        return deadlines_sweep()


def notifications(**filters):
    return sorted(
        Notification.objects.filter(**filters).values_list("recipient__username", "kind")
    )


def test_a_reminder_goes_out_7_days_and_1_day_before_and_only_once(
    worked_example, time_machine, django_capture_on_commit_callbacks, mailoutbox, consultant
):
    counts = sweep_on(time_machine, date(2026, 2, 21), django_capture_on_commit_callbacks)
    assert counts["reminders_7d"] == 0  # 8 days before: nothing yet

    counts = sweep_on(time_machine, date(2026, 2, 22), django_capture_on_commit_callbacks)
    assert counts["reminders_7d"] == 1
    assert notifications() == [("erik.ec", "reminder_7d")]
    assert [m.to for m in mailoutbox] == [[consultant.email]]

    counts = sweep_on(time_machine, date(2026, 2, 28), django_capture_on_commit_callbacks)
    assert counts["reminders_1d"] == 1
    assert notifications() == [("erik.ec", "reminder_1d"), ("erik.ec", "reminder_7d")]
    assert len(mailoutbox) == 2


def test_two_runs_on_one_day_send_nothing_twice(
    worked_example, time_machine, django_capture_on_commit_callbacks, mailoutbox,
    jobcentre_manager,
):
    first = sweep_on(time_machine, date(2026, 3, 2), django_capture_on_commit_callbacks)
    assert first["deadlines_overdue"] == 1 and first["overdue_notices"] == 1
    rows, mails = Notification.objects.count(), len(mailoutbox)

    second = sweep_on(time_machine, date(2026, 3, 2), django_capture_on_commit_callbacks)
    assert set(second.values()) == {0}
    assert Notification.objects.count() == rows
    assert len(mailoutbox) == mails


def test_an_overdue_deadline_reaches_the_managers_of_the_responsible_organisation(
    worked_example, time_machine, django_capture_on_commit_callbacks, mailoutbox,
    jobcentre_manager, health_manager,
):
    # A name no other fixture can share, so finding it in the mail means a real leak.
    worked_example.service_user.last_name = "Kvistgaard-Ølholm"
    worked_example.service_user.save(update_fields=["last_name"])
    sweep_on(time_machine, date(2026, 3, 2), django_capture_on_commit_callbacks)
    follow_up = Deadline.objects.get(case=worked_example, kind="follow_up", due=date(2026, 3, 1))
    assert follow_up.status == "overdue"
    # The consultant is responsible, so the jobcentre's manager hears of it, not psychiatry's.
    assert notifications(kind="overdue") == [("jens.manager", "overdue")]
    overdue_mail = [m for m in mailoutbox if m.to == [jobcentre_manager.email]]
    assert len(overdue_mail) == 1
    assert "2026-03-01" in overdue_mail[0].body
    # Mail leaves our systems: it never names the service user.
    assert "Kvistgaard-Ølholm" not in overdue_mail[0].body


def test_a_deadline_met_in_time_is_never_overdue(
    worked_example, time_machine, django_capture_on_commit_callbacks, consultant
):
    time_machine.move_to(at(date(2026, 7, 20)), tick=False)
    extension_decide(
        actor=consultant, case=worked_example, ground="none", decided_on=date(2026, 7, 20),
        medical_evidence=False, reasoning="Able to work part time",
    )
    sweep_on(time_machine, date(2026, 8, 3), django_capture_on_commit_callbacks)
    reassessment = Deadline.objects.get(case=worked_example, kind="reassessment")
    assert reassessment.status == "met"
    assert not Notification.objects.filter(deadline=reassessment, kind="overdue").exists()


def stored_status_matches_the_rules(case, day):
    case.refresh_from_db()
    decisions = [d.as_rule() for d in case.decisions.all()]
    expected = rules_for(case.first_absence_day).case_status(
        day, case.reassessment_date, decisions, case.closed_on
    )
    return case.status == expected, case.status


def test_job_clarification_starts_the_day_after_a_none_reassessment(
    worked_example, time_machine, django_capture_on_commit_callbacks, consultant
):
    time_machine.move_to(at(date(2026, 7, 20)), tick=False)
    extension_decide(
        actor=consultant, case=worked_example, ground="none", decided_on=date(2026, 7, 20),
        medical_evidence=False, reasoning="None of the seven grounds applies",
    )
    counts = sweep_on(time_machine, date(2026, 7, 31), django_capture_on_commit_callbacks)
    assert counts["cases_to_job_clarification"] == 0
    assert stored_status_matches_the_rules(worked_example, date(2026, 7, 31)) == (True, "active")

    counts = sweep_on(time_machine, date(2026, 8, 1), django_capture_on_commit_callbacks)
    assert counts["cases_to_job_clarification"] == 1
    assert stored_status_matches_the_rules(worked_example, date(2026, 8, 1)) == (
        True, "job_clarification"
    )


def test_an_extension_ends_after_its_valid_until(
    worked_example, time_machine, django_capture_on_commit_callbacks, consultant
):
    time_machine.move_to(at(date(2026, 7, 20)), tick=False)
    extension_decide(
        actor=consultant, case=worked_example, ground="p27_2", decided_on=date(2026, 7, 20),
        medical_evidence=False, valid_until=date(2026, 9, 30), reasoning="Company placement",
    )
    sweep_on(time_machine, date(2026, 9, 30), django_capture_on_commit_callbacks)
    assert stored_status_matches_the_rules(worked_example, date(2026, 9, 30)) == (
        True, "extended"
    )
    counts = sweep_on(time_machine, date(2026, 10, 1), django_capture_on_commit_callbacks)
    assert counts["extensions_ended"] == 1
    assert stored_status_matches_the_rules(worked_example, date(2026, 10, 1)) == (True, "active")
    # The sweep and a full recompute agree.
    assert case_recompute(case=worked_example).status == "active"


def test_the_sweep_issues_a_constant_number_of_queries(
    open_case, consultant, time_machine, django_capture_on_commit_callbacks,
    django_assert_max_num_queries, other_service_user, other_professional,
):
    time_machine.move_to(at(date(2026, 1, 5)), tick=False)
    for _ in range(5):
        # One open case per person (issue 13): five cases, five people.
        person = factories.ServiceUserFactory()
        absence_record(actor=consultant, case=open_case(service_user=person),
                       start=date(2026, 1, 5), end=None, kind="full")
    time_machine.move_to(at(date(2026, 3, 2)), tick=False)
    # Statements only: overdue update, two reminder inserts, overdue insert, four status
    # updates (closing, one per `none` outcome - job clarification before 2027-01-01, the
    # reduced rate from then - and extensions ended), the savepoint, and the outbox rows
    # (one select, one insert) - whatever the number of cases.
    with django_assert_max_num_queries(13):
        counts = deadlines_sweep()
    assert counts["deadlines_overdue"] == 5


def test_a_mail_task_run_twice_sends_each_mail_once(
    worked_example, time_machine, django_capture_on_commit_callbacks, mailoutbox
):
    sweep_on(time_machine, date(2026, 2, 22), django_capture_on_commit_callbacks)
    ids = [str(pk) for pk in Notification.objects.values_list("pk", flat=True)]
    assert len(mailoutbox) == 1
    assert notifications_mail.delay(ids).get() == 0
    assert len(mailoutbox) == 1


def refuse_mail(monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)


def test_a_mail_server_down_during_the_sweep_leaves_the_mail_waiting_not_lost(
    worked_example, time_machine, monkeypatch, django_capture_on_commit_callbacks, mailoutbox,
    consultant,
):
    refuse_mail(monkeypatch)
    counts = sweep_on(time_machine, date(2026, 2, 22), django_capture_on_commit_callbacks)
    assert counts["reminders_7d"] == 1 and counts["mails_queued"] == 1
    notification = Notification.objects.get()
    assert notification.emailed_at is None
    row = OutboxMessage.objects.get(key=f"notification:{notification.pk}")
    assert (row.state, row.attempts) == ("failed", 1)
    monkeypatch.undo()
    # The next sweep adds nothing; the re-drive sends it once its backoff has passed.
    sweep_on(time_machine, date(2026, 2, 22), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    time_machine.move_to(at(date(2026, 2, 22)) + timedelta(minutes=2), tick=False)
    assert outbox_deliver()["sent"] == 1
    assert [m.to for m in mailoutbox] == [[consultant.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert outbox_deliver() == {}
    assert len(mailoutbox) == 1


def test_a_broker_down_during_the_sweep_loses_no_mail(
    worked_example, time_machine, monkeypatch, django_capture_on_commit_callbacks, mailoutbox,
    caplog,
):
    from kombu.exceptions import OperationalError

    from ibbis.outbox import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", broker_down)
    counts = sweep_on(time_machine, date(2026, 2, 22), django_capture_on_commit_callbacks)
    assert counts["mails_queued"] == 1  # the sweep itself succeeded
    assert "could not start a delivery" in caplog.text
    assert mailoutbox == []
    assert OutboxMessage.objects.get().state == "pending"
    # Beat's next tick (the re-drive) sends it.
    monkeypatch.undo()
    tasks.outbox_deliver.delay()
    assert len(mailoutbox) == 1


def test_the_command_prints_the_counts(worked_example, time_machine, capsys):
    time_machine.move_to(at(date(2026, 3, 2)), tick=False)
    call_command("sweep_deadlines")
    out = capsys.readouterr().out
    assert "deadlines_overdue: 1" in out and "overdue_notices: 0" in out  # no manager exists
    call_command("sweep_deadlines", "--date", "2026-03-02")
    assert "deadlines_overdue: 0" in capsys.readouterr().out


def test_beat_runs_the_sweep_daily_at_six_copenhagen_time():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-deadlines"]
    assert entry["task"] == "coordination.tasks.sweep_deadlines"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Europe/Copenhagen"


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_started_at_once_create_each_reminder_once(
    open_case, consultant, jobcentre_manager, time_machine
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    time_machine.move_to(at(date(2026, 1, 5)), tick=False)
    for _ in range(20):
        # One open case per person: twenty service users.
        case = open_case(service_user=factories.ServiceUserFactory())
        absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None,
                       kind="full")
    # Every follow-up due 2026-03-01 gets a 7-day reminder on 2026-02-22.
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait(timeout=10)
            results.append(deadlines_sweep(today=date(2026, 2, 22)))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r["reminders_7d"] for r in results) == 20
    assert Notification.objects.filter(kind="reminder_7d").count() == 20


def test_the_celery_task_runs_the_sweep_for_today(
    worked_example, time_machine, django_capture_on_commit_callbacks, mailoutbox,
    jobcentre_manager,
):
    from coordination.tasks import sweep_deadlines

    time_machine.move_to(at(date(2026, 3, 2)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_deadlines.delay().get()
    assert counts["deadlines_overdue"] == 1 and counts["overdue_notices"] == 1
    assert [m.to for m in mailoutbox] == [[jobcentre_manager.email]]
    # A retried task finds everything done.
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_deadlines.delay().get()["mails_queued"] == 0
    assert len(mailoutbox) == 1
