"""Text messages through a pluggable backend, shaped like Django's mail backends so the
outbox (ibbis/outbox) delivers them as it delivers mail: `open()`, `send_messages()`,
`close()`. `settings.SMS_BACKEND` names the class: the console by default (a developer sees
the text in the terminal), `ibbis.sms.LocmemSmsBackend` in tests, a gateway's class in
production. A gateway backend raises OSError when it is unreachable, so the outbox retries.
"""
import sys
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "ibbis.sms.ConsoleSmsBackend"


@dataclass
class SmsMessage:
    to: str
    body: str
    # The outbox sets a Message-ID here for mail; a text message has no headers to carry it.
    extra_headers: dict = field(default_factory=dict)


class BaseSmsBackend:
    def open(self):
        return False

    def close(self):
        return None

    def send_messages(self, messages) -> int:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes each message to stdout, as Django's console mail backend does."""

    _lock = threading.Lock()

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_messages(self, messages) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(f"SMS to {message.to}\n{message.body}\n{'-' * 40}\n")
            self.stream.flush()
        return len(messages)


# What LocmemSmsBackend has "sent" (tests read and clear it).
outbox: list[SmsMessage] = []


class LocmemSmsBackend(BaseSmsBackend):
    def send_messages(self, messages) -> int:
        outbox.extend(messages)
        return len(messages)


def get_sms_connection() -> BaseSmsBackend:
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()
