"""The daily deadline sweep (DOMAIN.md, Follow-up conversations: "Deadlines are swept daily").

A handful of set-based statements, whatever the number of cases:

1. open deadlines whose day has passed become `overdue`;
2. reminders 7 days and 1 day before a deadline for the responsible professional, and an
   overdue notice to every manager of that professional's organisation, written with
   INSERT ... SELECT ... ON CONFLICT DO NOTHING on the unique constraint
   `notification_once_per_deadline`: the database, not a check-then-insert, makes each
   notification happen once, even with two sweeps at once or a retried task;
3. case statuses that move with the calendar (job clarification or, from a reassessment
   on or after 2027-01-01, the reduced rate, the day after a `none` reassessment, the end
   of an extension, a closing day) are refreshed by UPDATE ... WHERE;
4. each side's organisation stored on a case is checked against its holder's and any
   stale one set right and logged (coordination/case_organisations.py: the managers' scope
   reads it);
5. the mail for the notifications just created goes into the outbox (ibbis/outbox) in the
   same transaction: stored with them or not at all, and delivered by the outbox's worker;
6. a SweepRun row records the day, the duration and the counts, in the same transaction, so
   /healthz and /metrics know when the sweep last succeeded.

Running it twice on a day creates nothing the second time.
"""
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from coordination import case_organisations
from coordination.benefit_rules import RULE_SETS
from coordination.models import (
    STATUTORY_DEADLINE_KINDS,
    Case,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    ExtensionDecision,
    Notification,
    NotificationKind,
    SweepRun,
)
from coordination.services.notifications import notifications_outbox_add
from ibbis.accounts.models import Role, User

# Reminders before a deadline (DOMAIN.md: "reminded 7 days and 1 day before").
REMINDERS = ((NotificationKind.REMINDER_7_DAYS, 7), (NotificationKind.REMINDER_1_DAY, 1))


def _new_uuid_sql() -> str:
    """A fresh UUID in SQL, as Django stores UUIDField on this database."""
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    # SQLite keeps UUIDs as 32 hex digits without dashes.
    return "lower(hex(randomblob(16)))"


def _insert_notifications(select_sql: str, params: list) -> list[str]:
    """Run INSERT ... SELECT ... ON CONFLICT DO NOTHING and return the ids really inserted.

    `select_sql` yields (id, recipient_id, kind, deadline_id, case_id, created_at) rows. The
    conflict target is the columns of the unique constraint notification_once_per_deadline.
    """
    q = connection.ops.quote_name
    table = q(Notification._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({q('id')}, {q('recipient_id')}, {q('kind')}, "
        f"{q('deadline_id')}, {q('case_id')}, {q('created_at')}) "
        f"{select_sql} "
        f"ON CONFLICT ({q('deadline_id')}, {q('recipient_id')}, {q('kind')}) DO NOTHING "
        f"RETURNING {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [str(row[0]) for row in cursor.fetchall()]


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "deadline": q(Deadline._meta.db_table),
        "user": q(User._meta.db_table),
    }


def reminders_create(*, today: date, now) -> dict[str, list[str]]:
    """Reminders for open deadlines due exactly 7 days and 1 day from `today`, to the
    professional responsible for each."""
    t = _tables()
    created = {}
    for kind, days_before in REMINDERS:
        select_sql = (
            f"SELECT {_new_uuid_sql()}, d.responsible_id, %s, d.id, d.case_id, %s "
            f"FROM {t['deadline']} d "
            f"JOIN {t['user']} r ON r.id = d.responsible_id AND r.is_active = %s "
            "WHERE d.status = %s AND d.due = %s "
            # One order for every concurrent sweep, so their row locks never cross.
            "ORDER BY d.id"
        )
        created[kind] = _insert_notifications(
            select_sql,
            [
                kind,
                connection.ops.adapt_datetimefield_value(now),
                True,
                DeadlineStatus.OPEN,
                connection.ops.adapt_datefield_value(today + timedelta(days=days_before)),
            ],
        )
    return created


# Overdue notices look back this far (issue 20). The sweep runs daily, so a deadline that
# became overdue was noticed on its first day; without a window every overdue deadline
# ever (67,000 at 100,000 demo cases) was joined to every manager and refused by
# ON CONFLICT again each day, a cost growing with the years kept, not with today's work.
# The window still covers a deadline recorded already overdue (clock.py marks a past
# extension review `overdue`) or a sweep missed for weeks.
OVERDUE_NOTICE_DAYS = 60


def overdue_notices_create(*, now, today: date | None = None) -> list[str]:
    """An overdue notice to every active manager of the responsible professional's
    organisation, once per overdue deadline and manager: only for deadlines the law requires
    (DOMAIN.md, Follow-up conversations: "a manager is told when a deadline the law requires
    becomes overdue"; STATUTORY_DEADLINE_KINDS, not the § 13 f return check). An exempt
    case has no follow-up deadline at all (benefit_rules.RuleSet.follow_up_plan)."""
    t = _tables()
    kinds = ", ".join(["%s"] * len(STATUTORY_DEADLINE_KINDS))
    select_sql = (
        f"SELECT {_new_uuid_sql()}, m.id, %s, d.id, d.case_id, %s "
        f"FROM {t['deadline']} d "
        f"JOIN {t['user']} r ON r.id = d.responsible_id "
        f"JOIN {t['user']} m ON m.organisation_id = r.organisation_id "
        "AND m.role = %s AND m.is_active = %s "
        f"WHERE d.status = %s AND d.kind IN ({kinds}) AND d.due >= %s "
        "ORDER BY d.id, m.id"
    )
    today = today or timezone.localdate()
    return _insert_notifications(
        select_sql,
        [
            NotificationKind.OVERDUE,
            connection.ops.adapt_datetimefield_value(now),
            Role.MANAGER,
            True,
            DeadlineStatus.OVERDUE,
            *STATUTORY_DEADLINE_KINDS,
            connection.ops.adapt_datefield_value(today - timedelta(days=OVERDUE_NOTICE_DAYS)),
        ],
    )


def _latest_decision(field: str, today: date) -> Subquery:
    """The case's current decision (the latest `decided_on`, on a tie the last recorded),
    as RuleSet.case_status picks it."""
    return Subquery(
        ExtensionDecision.objects.filter(case=OuterRef("pk"), decided_on__lte=today)
        .order_by("-decided_on", "-created_at")
        .values(field)[:1]
    )


def _none_outcome_ranges() -> list[tuple[str, date | None, date | None]]:
    """(outcome, first reassessment date, first date after) per run of rule sets with the
    same `none` outcome: one UPDATE per outcome, not per rule set."""
    ranges: list[list] = []
    for rule_set in RULE_SETS:
        if ranges and ranges[-1][0] == rule_set.none_outcome:
            continue
        if ranges:
            ranges[-1][2] = rule_set.effective_from
        ranges.append([rule_set.none_outcome, rule_set.effective_from if ranges else None, None])
    return [tuple(r) for r in ranges]


def case_statuses_refresh(*, today: date) -> dict[str, int]:
    """Move the stored status of cases whose status changes with the calendar.

    Mirrors RuleSet.case_status (DOMAIN.md, The seven extension grounds) for the only
    transitions a passing day can cause; every other change comes from a service that calls
    case_recompute. A day never moves a deadline's date, so next_deadline_due and
    next_follow_up_due stay as the services stored them.
    """
    open_cases = Case.objects.filter(closed_on__isnull=True)
    closed = (
        Case.objects.filter(closed_on__lte=today)
        .exclude(status=CaseStatus.CLOSED)
        .update(status=CaseStatus.CLOSED)
    )
    # `none`: from the day after the reassessment date, the outcome of the rule set in
    # force on the reassessment date (job clarification before 2027-01-01, the reduced
    # rate from then: benefit_rules.Rules2027.none_outcome), one UPDATE per rule set.
    moved = {CaseStatus.JOB_CLARIFICATION: 0, CaseStatus.REDUCED_BENEFIT: 0}
    for outcome, since, until in _none_outcome_ranges():
        in_its_time = open_cases.filter(status=CaseStatus.ACTIVE, reassessment_date__lt=today)
        if since is not None:
            in_its_time = in_its_time.filter(reassessment_date__gte=since)
        if until is not None:
            in_its_time = in_its_time.filter(reassessment_date__lt=until)
        moved[outcome] += (
            in_its_time.alias(latest_ground=_latest_decision("ground", today))
            .filter(latest_ground="none")
            .update(status=outcome)
        )
    # An extension ends after its valid_until.
    extension_ended = (
        open_cases.filter(status=CaseStatus.EXTENDED)
        .alias(latest_until=_latest_decision("valid_until", today))
        .filter(latest_until__lt=today)
        .update(status=CaseStatus.ACTIVE)
    )
    return {
        "cases_closed": closed,
        "cases_to_job_clarification": moved[CaseStatus.JOB_CLARIFICATION],
        "cases_to_reduced_benefit": moved[CaseStatus.REDUCED_BENEFIT],
        "extensions_ended": extension_ended,
    }


def deadlines_sweep(*, today: date | None = None, mail: bool = True,
                    deliver: bool = True) -> dict[str, int]:
    """Run the daily sweep for `today` (default: today in Europe/Copenhagen); return counts.
    `mail=False` writes the notifications without mailing them (the demo data, whose
    addresses are made up). `deliver=False` queues the mail in the outbox without starting
    its delivery after the commit (the caller kicks it: manage.py sweep_deadlines)."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        marked_overdue = Deadline.objects.filter(
            status=DeadlineStatus.OPEN, due__lt=today
        ).update(status=DeadlineStatus.OVERDUE)
        reminders = reminders_create(today=today, now=now)
        overdue_notices = overdue_notices_create(now=now, today=today)
        statuses = case_statuses_refresh(today=today)
        # Defence in depth for the managers' scope (issue 20): a side's organisation stored
        # on a case that is not its holder's is set right and logged as an error.
        mended = case_organisations.repair()
        created = [*reminders[NotificationKind.REMINDER_7_DAYS],
                   *reminders[NotificationKind.REMINDER_1_DAY], *overdue_notices]
        if mail:
            _queue_mail(created, kick=deliver)
        counts = {
            "deadlines_overdue": marked_overdue,
            "reminders_7d": len(reminders[NotificationKind.REMINDER_7_DAYS]),
            "reminders_1d": len(reminders[NotificationKind.REMINDER_1_DAY]),
            "overdue_notices": len(overdue_notices),
            **statuses,
            "case_organisations_mended": mended,
            "mails_queued": len(created) if mail else 0,
        }
        finished = timezone.now()
        SweepRun.objects.create(
            day=today, started_at=now, finished_at=finished,
            duration_seconds=(finished - now).total_seconds(), counts=counts,
        )
    return counts


def _queue_mail(notification_ids: list[str], *, kick: bool = True) -> None:
    notifications_outbox_add(notification_ids=notification_ids, kick=kick)
