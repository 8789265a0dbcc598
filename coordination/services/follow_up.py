"""Writes to a case's follow-up (sygedagpengeloven § 13 b; DOMAIN.md, Follow-up
conversations): the expected return date, the next conversation agreed after six months,
and a request for early follow-up. Each checks the actor (403), validates (400 with field
errors) and ends with `case_recompute`, like coordination/services/cases.py."""
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.benefit_rules import EARLY_FOLLOW_UP_REQUESTERS
from coordination.models import Case, EarlyFollowUpRequest
from coordination.services.cases import EARLIEST_DATE, LATEST_DATE
from coordination.services.clock import case_recompute
from ibbis.accounts.models import User

UNSET = object()


def _require(actor: User, case: Case) -> None:
    if not actor.has_perm("coordination.manage_follow_up", case):
        raise PermissionDenied(_("You may not do this on this case."))


def _in_range(errors: dict, field: str, value: date | None) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        errors[field] = [ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST_DATE, "latest": LATEST_DATE},
        )]


@transaction.atomic
def case_follow_up_update(
    *, actor: User, case: Case, expected_return_date=UNSET, follow_up_agreed_on=UNSET
) -> Case:
    """Set (or clear, with None) the expected return date and the agreed next conversation.

    The expected return date chooses the follow-up regime (DOMAIN.md, "Exemptions"); it
    cannot be before the first absence day. The agreed conversation (§ 13 b, stk. 1, 3.
    pkt.) is recorded today and cannot be in the past.
    """
    _require(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.closed_on is not None:
        raise ValidationError({"closed_on": [_("This case is closed.")]})
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    fields = []
    if expected_return_date is not UNSET:
        _in_range(errors, "expected_return_date", expected_return_date)
        if expected_return_date is not None and expected_return_date < case.first_absence_day:
            errors.setdefault("expected_return_date", []).append(
                _("The expected return date cannot be before the first absence day.")
            )
        case.expected_return_date = expected_return_date
        fields.append("expected_return_date")
    if follow_up_agreed_on is not UNSET:
        _in_range(errors, "follow_up_agreed_on", follow_up_agreed_on)
        if follow_up_agreed_on is not None and follow_up_agreed_on < today:
            errors.setdefault("follow_up_agreed_on", []).append(
                _("An agreed follow-up conversation cannot be in the past.")
            )
        case.follow_up_agreed_on = follow_up_agreed_on
        case.follow_up_agreed_recorded_on = None if follow_up_agreed_on is None else today
        fields += ["follow_up_agreed_on", "follow_up_agreed_recorded_on"]
    if errors:
        raise ValidationError(errors)
    if fields:
        case.save(update_fields=fields)
    return case_recompute(case=case)


@transaction.atomic
def early_follow_up_request(
    *, actor: User, case: Case, requested_on: date, requested_by: str
) -> EarlyFollowUpRequest:
    """Record a request for early follow-up (§§ 7 c, 7 e): the first conversation of the
    current absence is then due within 14 days of it (§ 13 b, stk. 2)."""
    _require(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    errors: dict[str, list[str]] = {}
    if requested_by not in EARLY_FOLLOW_UP_REQUESTERS:
        errors["requested_by"] = [_("Choose employer or employee.")]
    _in_range(errors, "requested_on", requested_on)
    if requested_on > timezone.localdate():
        errors.setdefault("requested_on", []).append(_("A request cannot be dated in the future."))
    if requested_on < case.first_absence_day:
        errors.setdefault("requested_on", []).append(
            _("A request cannot be dated before the first absence day.")
        )
    if case.closed_on is not None:
        errors["closed_on"] = [_("This case is closed.")]
    if errors:
        raise ValidationError(errors)
    request = EarlyFollowUpRequest.objects.create(
        case=case, requested_on=requested_on, requested_by=requested_by, created_by=actor
    )
    case_recompute(case=case)
    return request
