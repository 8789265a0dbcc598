"""The service user's access log as people read it (issue 17: "the access log groups repeated
reads of one session"): one line per run of the same reader doing the same thing, with how
many times and from when to when, instead of forty "Read your case" lines from one sitting.

A run is one reader (account, name, role and organisation as written at the time) and one
action, each read at most READ_SESSION_GAP after the one before it. The log itself keeps
every read (it is append-only); only this view of it groups them.

Kept apart from the model and the page on purpose: a small selector over plain rows, so it
moves with the access log (ibbis/audit) without the page noticing."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ibbis.audit.actions import access_action_label

# A sign-in session's reads come within minutes of each other; the session itself lasts at
# most SESSION_COOKIE_AGE, but a reader who comes back after half an hour is a new visit.
READ_SESSION_GAP = timedelta(minutes=30)

_FIELDS = ("at", "who_id", "who_name", "role", "organisation", "action", "emergency")


@dataclass
class AccessLogGroup:
    """One line of the page: `count` reads from `first_at` to `last_at`."""

    who_name: str
    role: str
    organisation: str
    action: str
    first_at: datetime
    last_at: datetime
    count: int = 1
    # Read under emergency access (break the glass): never grouped with ordinary reads.
    emergency: bool = False

    @property
    def action_label(self) -> str:
        return access_action_label(self.action)

    @property
    def is_range(self) -> bool:
        return self.first_at != self.last_at

    @property
    def same_day(self) -> bool:
        """Both ends on one Copenhagen day: the page then writes the day once."""
        return timezone.localdate(self.first_at) == timezone.localdate(self.last_at)


def access_log_grouped(rows, gap: timedelta = READ_SESSION_GAP) -> list[AccessLogGroup]:
    """Group rows (dicts with _FIELDS), given newest first, into runs; newest run first.
    Runs of different readers or actions may interleave in time, each stays whole."""
    groups: list[AccessLogGroup] = []
    open_runs: dict[tuple, AccessLogGroup] = {}
    for row in rows:
        emergency = bool(row.get("emergency", False))
        key = (row["who_id"], row["who_name"], row["role"], row["organisation"], row["action"],
               emergency)
        run = open_runs.get(key)
        if run is not None and run.first_at - row["at"] <= gap:
            run.first_at = row["at"]
            run.count += 1
            continue
        run = AccessLogGroup(
            who_name=row["who_name"], role=row["role"], organisation=row["organisation"],
            action=row["action"], first_at=row["at"], last_at=row["at"], emergency=emergency,
        )
        open_runs[key] = run
        groups.append(run)
    return groups


def access_log_groups_for_case(entries) -> list[AccessLogGroup]:
    """The runs of `entries` (an AccessLogEntry queryset already scoped to the reader and
    the case) in one query, newest first."""
    return access_log_grouped(entries.order_by("-at", "-pk").values(*_FIELDS).iterator())
