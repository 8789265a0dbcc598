import pytest

from ibbis.accounts.models import Role
from ibbis.accounts.services import account_create
from ibbis.accounts.tasks import purge_expired_sessions, send_welcome_mail
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_deliver

GOOD = "a-long-unguessable-passphrase"

pytestmark = pytest.mark.django_db


def test_welcome_mail_is_sent_once_however_often_the_task_runs(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = account_create(username="once", password=GOOD, role=Role.SERVICE_USER,
                              email="once@example.test")
    assert [m.to for m in mailoutbox] == [["once@example.test"]]
    # A task queued before the outbox existed adds nothing; delivery sends nothing new.
    assert send_welcome_mail(str(user.pk)) is False
    assert outbox_deliver() == {}
    assert len(mailoutbox) == 1
    user.refresh_from_db()
    assert user.welcome_sent_at is not None


def test_a_failed_send_waits_in_the_outbox_and_goes_out_after_the_backoff(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    from django.core.mail.backends.locmem import EmailBackend

    time_machine.move_to("2026-03-02 09:00:00+01:00", tick=False)

    def broken(self, messages):
        raise ConnectionRefusedError

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        user = account_create(username="retry", password=GOOD, role=Role.SERVICE_USER,
                              email="retry@example.test")
    row = OutboxMessage.objects.get(key=f"welcome:{user.pk}")
    assert (row.state, row.attempts, row.last_error) == ("failed", 1, "ConnectionRefusedError")
    user.refresh_from_db()
    assert user.welcome_sent_at is None
    monkeypatch.undo()
    time_machine.move_to("2026-03-02 09:01:01+01:00", tick=False)
    assert outbox_deliver() == {"claimed": 1, "sent": 1}
    assert [m.to for m in mailoutbox] == [["retry@example.test"]]
    user.refresh_from_db()
    assert user.welcome_sent_at is not None


def test_purge_expired_sessions_removes_only_expired_ones(client, service_user):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(service_user)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    assert purge_expired_sessions() == 1
    assert Session.objects.count() == 1
