"""The access log's one writer and its retention (DOMAIN.md, Note scopes: every read of a
case, its notes, plan or exports by a professional or manager is logged)."""
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role
from ibbis.append_only import purge_append_only

from .actions import AccessAction
from .models import AccessLogEntry

# Reads by these roles are logged; the service user reading their own case is not.
# A companion (issue 18) is logged too: the service user sees what the person they brought
# has read, as they see what the professionals have.
LOGGED_ROLES = {
    Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.ADMIN, Role.COMPANION,
}


def _emergency_case_ids(actor, case_ids) -> set[str]:
    """Which of these cases `actor` reads under open emergency access (break the glass) and
    is not on now: one query, for professionals only. The emergency rows are reached through
    the case's relation, not an import, so this layer stays below coordination
    (docs/decisions.md, "The access log below the apps")."""
    if actor.role not in PROFESSIONAL_ROLES or not case_ids:
        return set()
    cases = AccessLogEntry._meta.get_field("case").related_model._default_manager
    return {
        str(pk)
        for pk in cases.filter(
            pk__in=case_ids,
            emergency_accesses__user=actor,
            emergency_accesses__expires_at__gt=timezone.now(),
        )
        .exclude(care_manager=actor)
        .exclude(employment_consultant=actor)
        .values_list("pk", flat=True)
    }


def access_log_record(*, actor, case, action: str, object_type: str) -> AccessLogEntry | None:
    """Write one entry for one read of a case or something of it.

    `action` is a member of ibbis.audit.actions.AccessAction (a code without a label there
    is refused: ValueError); `object_type` names what was read ("case", "plan", "note", ...).
    Names are copied so the entry stays readable after an account changes.
    """
    action = AccessAction(action)
    if actor.role not in LOGGED_ROLES:
        return None
    # The case's own professionals read without the question (no query).
    on_case = actor.pk in (case.care_manager_id, case.employment_consultant_id)
    emergency = not on_case and bool(_emergency_case_ids(actor, [case.pk]))
    return AccessLogEntry.objects.create(
        case=case,
        who=actor,
        who_name=actor.display_name,
        role=actor.role,
        organisation=actor.organisation.name if actor.organisation_id else "",
        action=action,
        object_type=object_type,
        emergency=emergency,
    )


def access_log_record_many(*, actor, cases, action: str, object_type: str) -> int:
    """One entry per case for one read that spans several cases (a list page), written in a
    single INSERT so the read's query count does not grow with the number of cases.
    `cases` holds cases or their ids (a list read as plain values has no instances)."""
    action = AccessAction(action)
    cases = list(cases)
    case_ids = {str(getattr(case, "pk", case)) for case in cases}
    if actor.role not in LOGGED_ROLES or not case_ids:
        return 0
    organisation = actor.organisation.name if actor.organisation_id else ""
    # A case given whole whose team the actor is on is read without the question, so a
    # caseload (the actor's own current cases) asks nothing more.
    on_case = {
        str(case.pk) for case in cases
        if actor.pk in (getattr(case, "care_manager_id", None),
                        getattr(case, "employment_consultant_id", None))
    }
    emergency = _emergency_case_ids(actor, sorted(case_ids - on_case))
    if connection.vendor == "postgresql":
        return _insert_many_pg(actor, sorted(case_ids), organisation, action, object_type,
                               emergency)
    entries = [
        AccessLogEntry(
            case_id=case_id,
            who=actor,
            who_name=actor.display_name,
            role=actor.role,
            organisation=organisation,
            action=action,
            object_type=object_type,
            emergency=case_id in emergency,
        )
        for case_id in sorted(case_ids)
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def _insert_many_pg(actor, case_ids, organisation, action, object_type, emergency) -> int:
    """The rows of access_log_record_many in one INSERT ... SELECT over the case ids: the
    same columns bulk_create writes (one time for all, as auto_now_add gives within one
    read), without building 50 model instances per list page (issue 20: about a third of
    a manager's list request at 1,000,000 cases, docs/benchmarks.md)."""
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, case_id, at, who_id, who_name, role, organisation, "
            "action, object_type, emergency) "
            "SELECT gen_random_uuid(), ids.case_id, %s, %s, %s, %s, %s, %s, %s, "
            "ids.case_id = ANY(%s::uuid[]) FROM unnest(%s::uuid[]) AS ids(case_id)",
            [timezone.now(), actor.pk, actor.display_name, actor.role, organisation,
             str(action), object_type, [uuid.UUID(pk) for pk in emergency],
             [uuid.UUID(pk) for pk in case_ids]],
        )
        return cursor.rowcount


def access_log_last_at(*, actor, action: str, since=None):
    """When `actor`'s latest entry for `action` (any case) was written, at or after `since`;
    None if there is none. One query on the (who, action, at) index: the calendar feed's
    "Last read" and its once-a-day entry are derived from this, so its GET writes only the
    log (issue 16)."""
    entries = AccessLogEntry.objects.filter(who=actor, action=AccessAction(action))
    if since is not None:
        entries = entries.filter(at__gte=since)
    return entries.order_by("-at").values_list("at", flat=True).first()


def access_log_purge(*, now=None) -> int:
    """Remove entries older than ACCESS_LOG_RETENTION_DAYS - the only deletion path.

    On PostgreSQL the append-only trigger lets DELETE through only inside a transaction
    that has set `ibbis.retention` (`ibbis.append_only.purge_append_only`).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    return purge_append_only(AccessLogEntry.objects.filter(at__lt=cutoff))
