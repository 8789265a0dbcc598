import pytest

from ibbis.accounts.tasks import purge_expired_sessions, send_welcome_mail
from tests.factories import ServiceUserFactory

pytestmark = pytest.mark.django_db


def test_welcome_mail_is_sent_once_however_often_the_task_runs(mailoutbox):
    user = ServiceUserFactory(email="once@example.test")
    assert send_welcome_mail(str(user.pk)) is True
    assert send_welcome_mail(str(user.pk)) is False
    assert len(mailoutbox) == 1


def test_a_failed_send_releases_the_claim_so_a_retry_can_send(monkeypatch, mailoutbox):
    user = ServiceUserFactory(email="retry@example.test")

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("ibbis.accounts.tasks.send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send_welcome_mail.run(str(user.pk))
    user.refresh_from_db()
    assert user.welcome_sent_at is None
    monkeypatch.undo()
    assert send_welcome_mail(str(user.pk)) is True


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
