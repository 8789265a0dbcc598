"""Writing mail to the outbox (in the caller's transaction) and delivering it (in a worker).

Enqueueing: `outbox_add` / `outbox_add_many` insert rows (a duplicate key is ignored) and,
after the caller's transaction commits, queue one delivery task. Queueing is a kick, not a
promise: when the broker is down the kick is logged and dropped, and beat's re-drive (every
minute) delivers instead. Nothing here can make the caller's request fail.

Delivering (`outbox_deliver`): claim a batch of due rows (`sending`, a claim token and a
time; `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so workers never wait for or share
rows), send each on its own, mark each sent as soon as the server has accepted it. A server
that refuses one recipient fails that row only; a server that is down fails the row being
tried and hands the rest of the batch back untried. Failed rows wait with exponential
backoff (OUTBOX["retry_base_seconds"] doubling up to OUTBOX["retry_max_seconds"]); after
OUTBOX["max_attempts"], or a permanent refusal (5xx), a row is `dead` until an operator
re-queues it (`manage.py outbox --retry`). A worker killed mid-batch leaves its rows
`sending`; they are claimed again once their claim is OUTBOX["stale_claim_seconds"] old.

Exactly once: the unique key makes one row per mail, and a row is sent by the one worker
holding its claim. What no mail system can close is the moment between the server's "250
accepted" and our mark: a worker lost exactly there sends that one mail again, with the same
Message-ID (OutboxMessage.message_id).
"""
import logging
import smtplib
import time
import uuid
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from . import registry
from .models import OutboxMessage, OutboxState

log = logging.getLogger("ibbis.outbox")

DEFAULTS = {
    "batch_size": 50,
    "retry_base_seconds": 60,
    "retry_max_seconds": 6 * 60 * 60,
    "max_attempts": 30,
    "stale_claim_seconds": 10 * 60,
    "time_budget_seconds": 120,
    "sent_retention_days": 30,
}


# How long a request may wait for the broker to take a delivery kick.
KICK_TIMEOUT_SECONDS = 0.5


def config(name: str):
    return getattr(settings, "OUTBOX", {}).get(name, DEFAULTS[name])


# --- enqueueing -----------------------------------------------------------------------------


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError(
            "The outbox is written in the transaction of the change that causes the mail."
        )


def outbox_add(*, kind: str, key: str, recipient, ref: str = "", params=None,
               subject: str = "", body: str = "") -> None:
    """One mail to one recipient, in the caller's transaction; a second call with the same
    key adds nothing."""
    outbox_add_many([
        OutboxMessage(kind=kind, key=key, recipient=recipient, ref=ref, params=params or {},
                      subject=subject, body=body)
    ])


def outbox_add_many(rows: list[OutboxMessage], *, kick: bool = True) -> None:
    """Many rows at once (a duplicate key is skipped); `kick=False` for all but the last
    call of a transaction that adds its rows in chunks."""
    _require_transaction()
    if not rows:
        return
    now = timezone.now()
    for row in rows:
        row.created_at = row.next_attempt_at = now
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if kick:
        transaction.on_commit(outbox_kick, robust=True)


def outbox_kick() -> None:
    """Queue a delivery now. A broker that is down is logged, never raised: the row is in
    the outbox and beat's re-drive sends it. In eager mode this delivers in-process, and a
    mail server that is down leaves the row `failed` for the next attempt."""
    from .tasks import outbox_deliver

    try:
        if outbox_deliver.app.conf.task_always_eager:
            outbox_deliver.apply_async()
            return
        # A connection of its own that tries once and briefly: a request must not wait
        # seconds for a broker that is down (kombu's default retries for ~6 s).
        with outbox_deliver.app.connection_for_write(
            connect_timeout=KICK_TIMEOUT_SECONDS,
            transport_options={"max_retries": 0, "socket_connect_timeout": KICK_TIMEOUT_SECONDS,
                               "socket_timeout": KICK_TIMEOUT_SECONDS},
        ) as broker:
            outbox_deliver.apply_async(retry=False, connection=broker)
    except Exception as error:  # noqa: BLE001 - the request has committed; mail must not undo it
        log.warning("outbox: could not start a delivery now (%s: %s); the re-drive will send it",
                    type(error).__name__, error)


# --- delivering -----------------------------------------------------------------------------


def _claimable(now) -> Q:
    stale_before = now - timedelta(seconds=config("stale_claim_seconds"))
    return Q(state__in=[OutboxState.PENDING, OutboxState.FAILED], next_attempt_at__lte=now) | Q(
        state=OutboxState.SENDING, claimed_at__lt=stale_before
    )


def _claim(batch_size: int) -> tuple[list[OutboxMessage], uuid.UUID | None]:
    now = timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        due = OutboxMessage.objects.filter(_claimable(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:batch_size])
        if not ids:
            return [], None
        OutboxMessage.objects.filter(_claimable(now), pk__in=ids).update(
            state=OutboxState.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    rows = list(
        OutboxMessage.objects.filter(claim_token=token, state=OutboxState.SENDING)
        .select_related("recipient")
        .order_by("next_attempt_at", "pk")
    )
    return rows, token


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: base, 2 x base, 4 x base ... capped."""
    base, cap = config("retry_base_seconds"), config("retry_max_seconds")
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def describe(error: BaseException) -> str:
    """What the row keeps of an error: its class and SMTP codes, never the server's text
    (which can quote the address)."""
    codes = []
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _message in error.recipients.values()})
    elif isinstance(error, smtplib.SMTPResponseException):
        codes = [str(error.smtp_code)]
    return " ".join([type(error).__name__, *codes])[:200]


def _permanent(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _mark_failed(row: OutboxMessage, token, error: BaseException | str, *, permanent=False):
    now = timezone.now()
    dead = permanent or row.attempts >= config("max_attempts")
    reason = error if isinstance(error, str) else describe(error)
    OutboxMessage.objects.filter(pk=row.pk, claim_token=token).update(
        state=OutboxState.DEAD if dead else OutboxState.FAILED,
        next_attempt_at=now + backoff(row.attempts),
        claim_token=None,
        last_error=reason,
    )
    log.warning(
        "outbox: %s %s after attempt %d (%s)",
        row.key, "given up" if dead else "failed for now", row.attempts, reason,
    )
    return "dead" if dead else "failed"


def _release(rows: list[OutboxMessage], token, *, at, reason: str) -> int:
    """Hand rows back untried: the attempt they were claimed for does not count."""
    if not rows:
        return 0
    return OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
        state=Case(
            When(attempts__lte=1, then=Value(OutboxState.PENDING)),
            default=Value(OutboxState.FAILED),
        ),
        attempts=F("attempts") - 1,
        next_attempt_at=at,
        claim_token=None,
        last_error=reason,
    )


def _finish(row: OutboxMessage, token, state: str) -> bool:
    done = OutboxMessage.objects.filter(pk=row.pk, claim_token=token).update(
        state=state, sent_at=timezone.now() if state == OutboxState.SENT else None,
        claim_token=None, last_error="",
    )
    if not done:
        # Our claim went stale and another worker took the row: it may go out twice.
        log.warning("outbox: %s was reclaimed while this worker still held it", row.key)
    return bool(done)


_RENDER_FAILED = object()


def _render(rows: list[OutboxMessage]) -> dict:
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    rendered = {}
    for kind, group in by_kind.items():
        try:
            rendered.update(registry.kind_of(kind).render(group))
        except Exception:  # noqa: BLE001 - one broken kind must not hold up the others
            log.exception("outbox: rendering %d row(s) of kind %r failed", len(group), kind)
            rendered.update({row.pk: _RENDER_FAILED for row in group})
    return rendered


def _after_sent(rows: list[OutboxMessage]) -> None:
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    for kind, group in by_kind.items():
        hook = registry.kind_of(kind).sent
        if hook is None:
            continue
        try:
            hook(group)
        except Exception:  # noqa: BLE001 - the mail has left; bookkeeping must not resend it
            log.exception("outbox: the after-sent step of kind %r failed", kind)


def _send_batch(rows: list[OutboxMessage], token, counts: Counter, deadline: float) -> bool:
    """Send a claimed batch; True when the mail server turned out to be down."""
    server_down = False
    rendered = _render(rows)
    sent: list[OutboxMessage] = []
    # One open connection per backend (mail, text messages ...), opened when first needed.
    connections: dict = {}
    try:
        for index, row in enumerate(rows):
            if time.monotonic() > deadline:
                counts.update(released=_release(
                    rows[index:], token, at=timezone.now(), reason="time budget spent"
                ))
                break
            message = rendered.get(row.pk)
            if message is _RENDER_FAILED:
                counts[_mark_failed(row, token, "render error")] += 1
                continue
            if message is None:
                _finish(row, token, OutboxState.CANCELLED)
                counts["cancelled"] += 1
                continue
            message.extra_headers = {**message.extra_headers, "Message-ID": row.message_id()}
            try:
                factory = registry.kind_of(row.kind).connection or get_connection
                mail = connections.get(factory)
                if mail is None:
                    mail = connections[factory] = factory()
                    mail.open()
                if not mail.send_messages([message]):
                    raise smtplib.SMTPException("the mail backend sent nothing")
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                # This recipient or this message only: the next row may well go.
                counts[_mark_failed(row, token, error, permanent=_permanent(error))] += 1
                continue
            except OSError as error:
                # The server is down or broke off: try no further rows against it now.
                counts[_mark_failed(row, token, error)] += 1
                counts.update(released=_release(
                    rows[index + 1:], token,
                    at=timezone.now() + backoff(1), reason=f"not tried: {describe(error)}",
                ))
                server_down = True
                break
            except Exception as error:  # noqa: BLE001 - a bug in one mail, not in the server
                log.exception("outbox: sending %s failed", row.key)
                counts[_mark_failed(row, token, error)] += 1
                continue
            if _finish(row, token, OutboxState.SENT):
                sent.append(row)
            counts["sent"] += 1
    finally:
        for mail in connections.values():
            try:
                mail.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                pass
        _after_sent(sent)
    return server_down


def outbox_deliver(*, batch_size: int | None = None, budget_seconds: float | None = None
                   ) -> dict[str, int]:
    """Deliver due rows, batch after batch, until none is due or the time budget is spent
    (the rest waits for the next kick or re-drive). Returns counts by outcome."""
    batch_size = batch_size or config("batch_size")
    deadline = time.monotonic() + (budget_seconds or config("time_budget_seconds"))
    counts: Counter = Counter()
    while time.monotonic() < deadline:
        rows, token = _claim(batch_size)
        if not rows:
            break
        counts["claimed"] += len(rows)
        if _send_batch(rows, token, counts, deadline):
            break  # the server is down: the rest waits for the next attempt
    return {outcome: n for outcome, n in counts.items() if n}


def outbox_retry(*, states=(OutboxState.DEAD, OutboxState.FAILED)) -> int:
    """Operator: send given-up and waiting rows again at once, counting attempts anew."""
    return OutboxMessage.objects.filter(state__in=list(states)).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=timezone.now(),
        claim_token=None, last_error="",
    )


def outbox_purge(*, now=None) -> int:
    """Sent and cancelled rows older than OUTBOX["sent_retention_days"] are bookkeeping only."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=config("sent_retention_days"))
    deleted, _counts = OutboxMessage.objects.filter(
        state__in=[OutboxState.SENT, OutboxState.CANCELLED], created_at__lt=cutoff
    ).delete()
    return deleted
