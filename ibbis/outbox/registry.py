"""Which code renders each kind of outbox row into a mail, and what happens once it is sent.

Apps register their kinds in AppConfig.ready(); the outbox itself knows none of them. A
renderer takes the claimed rows of its kind (a batch: one query for all of them) and returns
{row.pk: EmailMessage or None}; None means there is nothing to send any more (the meeting
changed again, the notification is gone), and the row is cancelled. `sent`, if given, is
called with the rows just sent. `connection`, if given, makes the backend the kind is
delivered through (e.g. text messages, ibbis/sms.py); Django's mail connection otherwise.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMessage


@dataclass(frozen=True)
class Kind:
    render: Callable[[list], dict]
    sent: Callable[[list], None] | None = None
    connection: Callable[[], object] | None = None


_KINDS: dict[str, Kind] = {}


def register(kind: str, *, render, sent=None, connection=None) -> None:
    _KINDS[kind] = Kind(render=render, sent=sent, connection=connection)


def kind_of(name: str) -> Kind:
    return _KINDS[name]


def render_plain(rows) -> dict:
    return {
        row.pk: EmailMessage(subject=row.subject, body=row.body, to=[row.recipient.email])
        if row.recipient.email else None
        for row in rows
    }
