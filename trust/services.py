"""Trust writes: the access log (more services join as the trust features land)."""
from ibbis.accounts.models import Role

from .models import AccessLogEntry

# Reads by these roles are logged; the service user reading their own case is not.
LOGGED_ROLES = {Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.ADMIN}


def access_log_record(*, actor, case, action: str, object_type: str) -> AccessLogEntry | None:
    """Write one entry for one read of a case or something of it.

    `action` is a namespaced code such as "case.viewed", "plan.viewed", "notes.listed",
    "export.downloaded"; `object_type` names what was read ("case", "plan", "note", ...).
    Names are copied so the entry stays readable after an account changes.
    """
    if actor.role not in LOGGED_ROLES:
        return None
    return AccessLogEntry.objects.create(
        case=case,
        who=actor,
        who_name=actor.display_name,
        role=actor.role,
        organisation=actor.organisation.name if actor.organisation_id else "",
        action=action,
        object_type=object_type,
    )


def access_log_record_many(*, actor, cases, action: str, object_type: str) -> int:
    """One entry per case for one read that spans several cases (a list page), written in a
    single INSERT so the read's query count does not grow with the number of cases."""
    if actor.role not in LOGGED_ROLES:
        return 0
    organisation = actor.organisation.name if actor.organisation_id else ""
    entries = [
        AccessLogEntry(
            case=case,
            who=actor,
            who_name=actor.display_name,
            role=actor.role,
            organisation=organisation,
            action=action,
            object_type=object_type,
        )
        for case in {case.pk: case for case in cases}.values()
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)
