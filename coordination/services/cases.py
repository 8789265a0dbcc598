"""Writes to a case and its clock: opening, absences, extension decisions, handover.

Every function checks the actor's permission (PermissionDenied -> 403), validates its input
(django ValidationError with field errors -> 400), changes rows inside one transaction and
ends with `case_recompute`, so the stored projections and Deadline rows never lag behind.
"""
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.benefit_rules import (
    ABSENCE_KINDS,
    GROUND_CODES,
    HEARING_DEFAULT_RESPONSE_DAYS,
    ExtensionRefused,
    check_extension_with_waiting,
    check_hearing,
)
from coordination.models import (
    AbsencePeriod,
    Case,
    CaseMembership,
    Diagnosis,
    Employment,
    ExtensionDecision,
    Plan,
)
from coordination.models.cases import SIDES
from coordination.services import hearings as hearing_services
from coordination.services.clock import case_recompute
from ibbis.accounts.models import ROLE_ORGANISATION_KIND, Role, User
from ibbis.errors import DomainError

__all__ = [
    "CaseRefused",
    "ExtensionRefused",
    "absence_record",
    "case_hand_over",
    "case_open",
    "extension_decide",
]

# Dates outside these bounds are typing errors, and month arithmetic near date.min/date.max
# would overflow; refusing them keeps every later computation safe.
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class CaseRefused(DomainError):
    """A well-formed request the case's rules refuse, with a stable `code` (API: 400
    `{"detail", "code"}`; `status=409` for a clash with the current state)."""


def open_cases_of(service_user):
    """The service user's cases that are not closed: no closing date, or one still ahead."""
    return Case.objects.filter(service_user=service_user).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=timezone.localdate())
    )


def _check_dates(errors: dict, **dates: date | None) -> None:
    for field, value in dates.items():
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            errors.setdefault(field, []).append(ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                params={"earliest": EARLIEST_DATE, "latest": LATEST_DATE},
            ))


def _require(actor, perm: str, case: Case | None = None) -> None:
    if not actor.has_perm(perm, case):
        raise PermissionDenied(_("You may not do this on this case."))


def _role_error(account: User | None, role: str) -> str | None:
    """Why `account` cannot fill `role` on a case, or None when it can (DOMAIN.md, People and
    organisations: care managers come from mental health care, consultants from a jobcentre)."""
    if account is None or account.role != role or not account.is_active:
        return _("Choose an active account with the role %(role)s.") % {
            "role": Role(role).label.lower()
        }
    expected_kind = ROLE_ORGANISATION_KIND.get(role)
    organisation = account.organisation
    if expected_kind and (organisation is None or organisation.kind != expected_kind):
        return _("This account does not belong to a %(kind)s organisation.") % {
            "kind": expected_kind.label.lower()
        }
    return None


def _lock(case: Case) -> Case:
    """Serialise writes to one case (overlap checks, handover) on its row lock."""
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_open(
    *,
    actor: User,
    service_user: User,
    care_manager: User,
    employment_consultant: User,
    first_absence_day: date,
    referral_date: date,
    diagnosis: str,
    employment: str = Employment.EMPLOYEE,
    pensioner: bool = False,
    first_absence_kind: str | None = None,
) -> Case:
    """Open a case joining a service user with a care manager and an employment consultant.

    `first_absence_kind` ("full"/"partial"): also record the first, ongoing absence from the
    first absence day (the web form does; the API records absences on their own endpoint).

    Employment consultants and jobcentre managers open cases (API.md, Cases); the consultant
    named must work in the opener's own jobcentre.
    """
    _require(actor, "coordination.open_case")
    errors: dict[str, list[str]] = {}
    for field, account, role in (
        ("service_user", service_user, Role.SERVICE_USER),
        ("care_manager", care_manager, Role.CARE_MANAGER),
        ("employment_consultant", employment_consultant, Role.EMPLOYMENT_CONSULTANT),
    ):
        message = _role_error(account, role)
        if message:
            errors[field] = [message]
    if (
        "employment_consultant" not in errors
        and employment_consultant.organisation_id != actor.organisation_id
    ):
        errors["employment_consultant"] = [
            _("The employment consultant must work in your own jobcentre.")
        ]
    if diagnosis not in Diagnosis.values:
        errors["diagnosis"] = [_("Unknown diagnosis.")]
    if employment not in Employment.values:
        errors["employment"] = [_("Unknown kind of employment.")]
    _check_dates(errors, first_absence_day=first_absence_day, referral_date=referral_date)
    if first_absence_day and referral_date and referral_date < first_absence_day:
        errors["referral_date"] = [_("The referral cannot come before the first absence day.")]
    if first_absence_kind is not None and first_absence_kind not in ABSENCE_KINDS:
        errors["kind"] = [_("Unknown kind of absence.")]
    if errors:
        raise ValidationError(errors)
    # One open course per person (issue 13): a second open case would split who works with
    # them and let a second team read alongside the first. The service user's row lock
    # serialises two openings at once; the partial unique index backs it up.
    User.objects.select_for_update().filter(pk=service_user.pk).first()
    if open_cases_of(service_user).exists():
        raise CaseRefused(
            "open_case_exists",
            _("This service user already has an open case; it must be closed before a new "
              "one is opened."),
            field="service_user",
        )

    case = Case.objects.create(
        service_user=service_user,
        care_manager=care_manager,
        employment_consultant=employment_consultant,
        first_absence_day=first_absence_day,
        referral_date=referral_date,
        diagnosis=diagnosis,
        employment=employment,
        pensioner=bool(pensioner),
        created_by=actor,
    )
    now = timezone.now()
    CaseMembership.objects.bulk_create(
        [
            CaseMembership(case=case, user=care_manager, role=Role.CARE_MANAGER, started_at=now),
            CaseMembership(
                case=case,
                user=employment_consultant,
                role=Role.EMPLOYMENT_CONSULTANT,
                started_at=now,
            ),
        ]
    )
    Plan.objects.create(case=case)
    if first_absence_kind is not None:
        AbsencePeriod.objects.create(
            case=case, start=first_absence_day, end=None, kind=first_absence_kind,
            created_by=actor,
        )
    return case_recompute(case=case)


@transaction.atomic
def absence_record(
    *, actor: User, case: Case, start: date, end: date | None, kind: str
) -> AbsencePeriod:
    """Record an absence period (`end=None`: ongoing). Periods of a case never overlap, so a
    day is never entered twice (DOMAIN.md, Sickness benefit, rule 1)."""
    _require(actor, "coordination.record_absence", case)
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    if kind not in ABSENCE_KINDS:
        errors["kind"] = [_("Unknown kind of absence.")]
    _check_dates(errors, start=start, end=end)
    if end is not None and end < start:
        errors["end"] = [_("The absence cannot end before it starts.")]
    if start < case.first_absence_day:
        errors["start"] = [_("The absence cannot start before the case's first absence day.")]
    if errors:
        raise ValidationError(errors)
    # Two periods overlap when each starts before the other ends; ongoing never ends.
    clash = (
        case.absences.filter(start__lte=end or date.max)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .order_by("start")
        .first()
    )
    if clash is not None:
        # Dates as params: ISO on the API, `1. december 2026` on the page (coordination.dates).
        raise ValidationError({"start": [ValidationError(
            _("This period overlaps the absence from %(start)s to %(end)s."),
            params={"start": clash.start, "end": clash.end or _("ongoing")},
        )]})
    absence = AbsencePeriod.objects.create(
        case=case, start=start, end=end, kind=kind, created_by=actor
    )
    case_recompute(case=case)
    return absence


@transaction.atomic
def extension_decide(
    *,
    actor: User,
    case: Case,
    ground: str,
    decided_on: date,
    medical_evidence: bool,
    valid_until: date | None = None,
    reasoning: str,
    hearing_sent_on: date | None = None,
    hearing_response_by: date | None = None,
    hearing_response_on: date | None = None,
    hearing_response: str = "",
) -> ExtensionDecision:
    """Record the reassessment decision: one of the seven § 27 grounds, or `none`.

    DOMAIN.md, The seven extension grounds: the case's rule set refuses a ground needing
    medical evidence without it (`medical_evidence_required`) and a `valid_until` beyond the
    ground's longest extension (`extension_too_long`), counted from the reassessment date.
    """
    _require(actor, "coordination.decide_extension", case)
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    if ground not in GROUND_CODES:
        errors["ground"] = [_("Unknown extension ground.")]
    if not (reasoning or "").strip():
        errors["reasoning"] = [_("Write the reasoning behind the decision.")]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("A decision cannot be dated in the future.")]
    _check_dates(errors, decided_on=decided_on, valid_until=valid_until,
                 hearing_sent_on=hearing_sent_on, hearing_response_by=hearing_response_by,
                 hearing_response_on=hearing_response_on)
    if errors:
        raise ValidationError(errors)
    # A hearing sent in the product (issue 18) fills in what the consultant left out, so
    # check_hearing below judges it as it judges one recorded by hand.
    hearing = hearing_services.pending_hearing(case)
    filled = hearing_services.hearing_decision_fields(hearing, {
        "hearing_sent_on": hearing_sent_on, "hearing_response_by": hearing_response_by,
        "hearing_response_on": hearing_response_on, "hearing_response": hearing_response,
    })
    hearing_sent_on = filled["hearing_sent_on"]
    hearing_response_by = filled["hearing_response_by"]
    hearing_response_on = filled["hearing_response_on"]
    hearing_response = filled["hearing_response"]
    if hearing_sent_on is not None and hearing_response_by is None:
        # The law sets no answer period ("Der kan sættes en frist"); 14 days unless given.
        hearing_response_by = hearing_sent_on + timedelta(days=HEARING_DEFAULT_RESPONSE_DAYS)
    # The rules in force on the decision's date (issue 14); p27_2/p27_3 need valid_until;
    # p27_3's 134 weeks leave out public-hospital waiting time (benefit_rules).
    check_extension_with_waiting(
        case.rules_on(decided_on), ground, bool(medical_evidence), valid_until,
        case.reassessment_date, decided_on, [w.as_rule() for w in case.waiting_periods.all()],
    )
    check_hearing(ground, decided_on, hearing_sent_on, hearing_response_by, hearing_response_on)
    decision = ExtensionDecision.objects.create(
        case=case,
        ground=ground,
        decided_on=decided_on,
        medical_evidence=bool(medical_evidence),
        valid_until=valid_until,
        reasoning=reasoning.strip(),
        hearing_sent_on=hearing_sent_on,
        hearing_response_by=hearing_response_by,
        hearing_response_on=hearing_response_on,
        hearing_response=(hearing_response or "").strip(),
        decided_by=actor,
    )
    hearing_services.hearing_close_by(hearing, decision)
    case_recompute(case=case)
    return decision


HANDOVER_PERMS = {
    Role.CARE_MANAGER: "coordination.hand_over_care_manager",
    Role.EMPLOYMENT_CONSULTANT: "coordination.hand_over_employment_consultant",
}


def handover_roles_for(actor: User, case: Case) -> list[str]:
    """The roles of `case` that `actor` may hand over (their own side's, at most one)."""
    return [role for role, perm in HANDOVER_PERMS.items() if actor.has_perm(perm, case)]


def _move_role(case: Case, role: str, to_user: User) -> Case:
    now = timezone.now()
    CaseMembership.objects.filter(case=case, role=role, ended_at__isnull=True).update(ended_at=now)
    CaseMembership.objects.create(case=case, user=to_user, role=role, started_at=now)
    setattr(case, role, to_user)
    case.save(update_fields=[role])
    return case_recompute(case=case)


@transaction.atomic
def case_hand_over(*, actor: User, case: Case, role: str, to_user: User) -> Case:
    """Replace the care manager or the employment consultant, keeping who was on the case
    and when (DOMAIN.md, People and organisations: "the history stays").

    API.md, handover row: a role is handed over only by its own side (the care manager's by
    the care manager or a manager of their organisation, the consultant's likewise in the
    jobcentre), and only to someone of the current holder's organisation
    (`other_organisation`); a move to another organisation is a transfer request that the
    receiving organisation's manager accepts (coordination.services.transfers).
    """
    _require(actor, "coordination.hand_over_case", case)
    if role not in SIDES:
        raise ValidationError({"role": [_("Choose care_manager or employment_consultant.")]})
    _require(actor, HANDOVER_PERMS[role], case)
    case = _lock(case)
    message = _role_error(to_user, role)
    if message:
        raise ValidationError({"to": [message]})
    holder = getattr(case, role)
    if to_user.organisation_id != holder.organisation_id:
        raise CaseRefused(
            "other_organisation",
            _("The new professional must work in the same organisation as the current one. "
              "To move the case to another organisation, send a transfer request."),
            field="to",
        )
    if holder.pk == to_user.pk:
        raise ValidationError({"to": [_("This person is already on the case in that role.")]})
    return _move_role(case, role, to_user)
