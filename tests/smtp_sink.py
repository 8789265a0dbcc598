"""A real SMTP server for tests (aiosmtpd) on a free port of 127.0.0.1, recording what it
accepts. It can refuse a recipient with a code ("451 try later"), stop (connections refused)
and start again on the same port, and hold one message unanswered until released."""
import email
import logging
import socket
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.sink.refuse.get(address)
        if code:
            self.sink.refusals[address] += 1
            return f"{code} {'try later' if code < 500 else 'no such user'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        sink = self.sink
        with sink.lock:
            sink.received += 1
            hold = sink.hold_at is not None and sink.received == sink.hold_at
        if sink.delay:
            await asyncio.sleep(sink.delay)
        if hold:
            sink.holding.set()
            while not sink.release.is_set():
                await asyncio.sleep(0.05)
            # Never acknowledged: the client is gone; a real server keeps no such message.
            return "451 connection lost"
        message = email.message_from_bytes(envelope.content)
        with sink.lock:
            for rcpt in envelope.rcpt_tos:
                sink.messages.append(
                    {"to": rcpt, "message_id": message["Message-ID"],
                     "subject": message["Subject"]}
                )
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.lock = threading.Lock()
        self.messages: list[dict] = []
        self.refuse: dict[str, int] = {}
        self.refusals: Counter = Counter()
        self.received = 0
        self.hold_at: int | None = None
        self.delay = 0.0  # seconds before each message is answered: a slow server
        self.holding = threading.Event()
        self.release = threading.Event()
        self._controller = None

    def start(self) -> "SmtpSink":
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                      ready_timeout=10)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self.release.set()
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def deliveries(self) -> Counter:
        """How often each (recipient, Message-ID) arrived."""
        with self.lock:
            return Counter((m["to"], m["message_id"]) for m in self.messages)

    def wait_for(self, count: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    break
            time.sleep(0.1)
        with self.lock:
            return len(self.messages)

    def settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }
