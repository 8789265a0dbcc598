"""Retention of closed cases: pseudonymisation (docs/operations.md, Retention and
pseudonymisation).

A case closed more than `RETENTION["closed_case_years"]` years ago loses what names, reaches
or describes the person: every free text written on it (notes, meeting agendas, locations and
minutes, extension reasoning, plan goals and their history, plan comments, feedback comments).
What statistics and the dashboard count stays: dates, statuses, kinds, scores, relations and
the number of rows of each kind.

The service user's account is pseudonymised with the case (a stable pseudonym, no name or
e-mail, unusable password, inactive; API token, two-factor devices and login records
removed) unless they have another case that is still open or still within retention: then
only this case's free text goes, and the account follows with their last case. Professionals
are staff and keep their names. The access log rows written by the service user and their
authentication trail name them and cannot be updated (append-only triggers), so they are
deleted when the account is pseudonymised, under the same database flag as
`ibbis.audit.services.access_log_purge`; the professionals' rows stay until
ACCESS_LOG_RETENTION_DAYS removes them.

Each case is one transaction holding the case's row lock; a pseudonymised case is marked
(`Case.pseudonymised_at`) and a second run changes nothing.
"""
import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from knox.models import AuthToken

from coordination.models import (
    AgendaItem,
    CalendarFeed,
    Case,
    ExtensionDecision,
    Goal,
    Hearing,
    Meeting,
    MeetingCompanion,
    MeetingReply,
    MinutesResponse,
    PlanChange,
    PlanComment,
)
from ibbis.accounts.models import AuthEvent, Role, User
from ibbis.append_only import purge_append_only
from ibbis.audit.models import AccessLogEntry
from trust.models import MeetingFeedback, Note

__all__ = [
    "REMOVED_TEXT",
    "PseudonymisationResult",
    "case_pseudonymise",
    "cases_due_for_pseudonymisation",
    "pseudonym_for",
    "pseudonymise_due_cases",
    "retention_cutoff",
    "service_user_account_is_due",
]

# What replaces a free text the model requires (a goal's description, a note's text, an
# extension's reasoning, a plan comment): language-neutral and never empty, so pages, the
# API and the FHIR bundle (which refuses empty strings) keep working. Optional free text
# becomes empty.
REMOVED_TEXT = "—"
# Keys of a plan history snapshot (coordination.services.plan.goal_snapshot) that hold text.
SNAPSHOT_TEXT_KEYS = ("description", "service_user_words")


@dataclass
class PseudonymisationResult:
    """What one run changed; all zeros when there was nothing (left) to do."""

    cases: int = 0
    accounts: int = 0
    texts: int = 0
    access_log_removed: int = 0
    auth_events_removed: int = 0

    def add(self, other: "PseudonymisationResult") -> None:
        for field, value in asdict(other).items():
            setattr(self, field, getattr(self, field) + value)


def pseudonym_for(user) -> str:
    """A stable pseudonym: the same account always gets the same one, on every case and in
    every plan history, and it cannot be turned back into a name."""
    return "pseudonym-" + hashlib.sha256(str(user.pk).encode()).hexdigest()[:12]


def retention_cutoff(*, today: date, years: int | None = None) -> date:
    """The latest closing day that is past retention on `today`: a case closed on this day or
    earlier has been kept `years` years (29 February counts from 28 February)."""
    years = settings.RETENTION["closed_case_years"] if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _past_retention(today: date) -> Q:
    return Q(closed_on__isnull=False, closed_on__lte=retention_cutoff(today=today))


def cases_due_for_pseudonymisation(*, today: date):
    """Closed cases past retention on `today` and not yet pseudonymised, oldest first."""
    return (
        Case.objects.filter(_past_retention(today), pseudonymised_at__isnull=True)
        .order_by("closed_on", "pk")
    )


def service_user_account_is_due(*, user, case: Case, today: date) -> bool:
    """Whether the account may go with `case`: a service user none of whose other cases is
    still open or within retention (pseudonymised ones are done)."""
    if user.role != Role.SERVICE_USER:
        return False
    others = Case.objects.filter(service_user=user, pseudonymised_at__isnull=True).exclude(
        pk=case.pk
    )
    return not others.exclude(_past_retention(today)).exists()


def _blank(queryset, fields: dict) -> int:
    """Set the text fields, counting only rows that still held something else."""
    still_there = Q()
    for field, value in fields.items():
        still_there |= ~Q(**{field: value})
    return queryset.filter(still_there).update(**fields)


def _case_texts(case: Case, pseudonym: str | None) -> int:
    """Remove the case's free text; dates, statuses, kinds and relations stay. `update()`
    leaves auto_now fields (updated_at) alone, so the dates stay too."""
    changed = _blank(
        Meeting.objects.filter(case=case), {"location": "", "agenda": "", "minutes": ""}
    )
    changed += _blank(
        ExtensionDecision.objects.filter(case=case),
        {"reasoning": REMOVED_TEXT, "hearing_response": ""},
    )
    # The hearing before a decision (issue 18): what it rested on, and the answer given.
    changed += _blank(Hearing.objects.filter(case=case), {"basis": REMOVED_TEXT})
    changed += _blank(Hearing.objects.filter(case=case).exclude(answer=""),
                      {"answer": REMOVED_TEXT})
    changed += _blank(
        Goal.objects.filter(plan__case=case),
        {"description": REMOVED_TEXT, "service_user_words": ""},
    )
    changed += _blank(PlanComment.objects.filter(plan__case=case), {"text": REMOVED_TEXT})
    changed += _blank(Note.objects.filter(case=case), {"text": REMOVED_TEXT})
    changed += _blank(MeetingFeedback.objects.filter(meeting__case=case), {"comment": ""})
    changed += _blank(MeetingReply.objects.filter(meeting__case=case), {"comment": ""})
    changed += _blank(AgendaItem.objects.filter(meeting__case=case), {"text": REMOVED_TEXT})
    changed += _blank(
        MinutesResponse.objects.filter(meeting__case=case, response="approve"), {"text": ""}
    )
    changed += _blank(
        MinutesResponse.objects.filter(meeting__case=case).exclude(response="approve"),
        {"text": REMOVED_TEXT},
    )
    for change in PlanChange.objects.filter(plan__case=case).only("pk", "before", "after"):
        before = _snapshot(change.before, case.service_user_id, pseudonym)
        after = _snapshot(change.after, case.service_user_id, pseudonym)
        if (before, after) != (change.before, change.after):
            PlanChange.objects.filter(pk=change.pk).update(before=before, after=after)
            changed += 1
    return changed


def _snapshot(snapshot, service_user_id, pseudonym):
    """A history snapshot without its texts; the service user's name as goal owner becomes
    their pseudonym. Professionals' names stay."""
    if not isinstance(snapshot, dict):
        return snapshot
    cleaned = dict(snapshot)
    if cleaned.get("description"):
        cleaned["description"] = REMOVED_TEXT
    if cleaned.get("service_user_words"):
        cleaned["service_user_words"] = ""
    if cleaned.get("owner") == str(service_user_id) and cleaned.get("owner_name"):
        cleaned["owner_name"] = pseudonym
    return cleaned


def _account(user: User, result: PseudonymisationResult) -> None:
    """Pseudonymise a service user's account, counting into `result`."""
    pseudonym = pseudonym_for(user)
    if user.username == pseudonym and not user.is_active:
        return
    old_username = user.username
    user.username = pseudonym
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    AuthToken.objects.filter(user=user).delete()  # before the save, so none is left to record
    user.save(update_fields=[
        "username", "first_name", "last_name", "email", "phone", "is_active", "is_staff",
        "is_superuser", "password",
    ])
    CalendarFeed.objects.filter(user=user).delete()
    if apps.is_installed("django_otp"):
        from django_otp import devices_for_user

        for device in devices_for_user(user, confirmed=None):
            device.delete()
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=old_username).delete()
    result.accounts = 1
    result.access_log_removed = purge_append_only(AccessLogEntry.objects.filter(who=user))
    # The trail of their sign-ins names the old username, IP address and browser.
    result.auth_events_removed = purge_append_only(
        AuthEvent.objects.filter(Q(user=user) | Q(username=old_username))
    )


def _companions(case: Case, result: PseudonymisationResult) -> None:
    """A companion (issue 18) came for one meeting of this case only: their account goes with
    the case, and the grant keeps its dates but not the name or the relation."""
    grants = MeetingCompanion.objects.filter(meeting__case=case).select_related("user")
    result.texts += _blank(grants, {"name": REMOVED_TEXT, "relation": REMOVED_TEXT})
    for grant in grants:
        _account(grant.user, companion := PseudonymisationResult())
        result.add(companion)


def case_pseudonymise(
    *, case_id, now: datetime, today: date | None = None
) -> PseudonymisationResult:
    """Pseudonymise one closed case (and its service user's account when it is their last
    case within retention). `today` decides what is still within retention (default: the
    local day of `now`); `now` is stored as `pseudonymised_at`. Idempotent: a case already
    pseudonymised is left alone and the result is all zeros. Raises ValueError for a case
    that is not closed."""
    today = today or timezone.localdate(now)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.pseudonymised_at is not None:
            return PseudonymisationResult()
        if case.closed_on is None or case.closed_on > today:
            raise ValueError(f"Case {case.pk} is not closed; only closed cases are pseudonymised.")
        user = User.objects.select_for_update().get(pk=case.service_user_id)
        result = PseudonymisationResult(cases=1)
        result.texts = _case_texts(case, pseudonym_for(user))
        if service_user_account_is_due(user=user, case=case, today=today):
            _account(user, result)
        _companions(case, result)
        Case.objects.filter(pk=case.pk).update(pseudonymised_at=now)
    return result


def pseudonymise_due_cases(
    *, today: date, batch_size: int | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Pseudonymise every case due on `today`, reading `batch_size` ids at a time; each case
    is its own transaction, so a failure leaves the cases before it done. Returns counts."""
    batch_size = max(1, batch_size or settings.RETENTION["batch_size"])
    now = now or timezone.now()
    total = PseudonymisationResult()
    previous: set = set()
    while True:
        ids = list(
            cases_due_for_pseudonymisation(today=today).values_list("pk", flat=True)[:batch_size]
        )
        # Each case done leaves the selection; the same batch twice would mean none did.
        if not ids or set(ids) == previous:
            break
        previous = set(ids)
        for case_id in ids:
            total.add(case_pseudonymise(case_id=case_id, now=now, today=today))
    return asdict(total)
