"""Writes for issue 14's "Also in the law": public-hospital waiting time (§ 27, stk. 1,
nr. 3) and the LÆ 285 certificate for the first follow-up conversation.

Like coordination/services/cases.py: permission first (403), then input (ValidationError,
or ExtensionRefused with a stable code -> 400), one transaction, then `case_recompute`.
The consultant (or their jobcentre manager) records both, as they decide extensions.
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.benefit_rules import certificate_due, check_certificate
from coordination.models import Case, HospitalWaitingPeriod, MedicalCertificateRequest
from coordination.services.cases import _check_dates, _lock, _require
from coordination.services.clock import case_recompute
from ibbis.accounts.models import User

PERM = "coordination.decide_extension"


@transaction.atomic
def waiting_period_record(
    *, actor: User, case: Case, start: date, end: date
) -> HospitalWaitingPeriod:
    """Record time waiting for treatment in a public hospital; periods never overlap."""
    _require(actor, PERM, case)
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    _check_dates(errors, start=start, end=end)
    if end < start:
        errors["end"] = [_("The waiting cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    clash = case.waiting_periods.filter(start__lte=end, end__gte=start).first()
    if clash is not None:
        raise ValidationError({"start": [ValidationError(
            _("This period overlaps the waiting from %(start)s to %(end)s."),
            params={"start": clash.start, "end": clash.end},
        )]})
    period = HospitalWaitingPeriod.objects.create(
        case=case, start=start, end=end, created_by=actor
    )
    case_recompute(case=case)
    return period


@transaction.atomic
def certificate_request(
    *, actor: User, case: Case, requested_on: date, due: date | None = None
) -> MedicalCertificateRequest:
    """Record that the GP was asked for a LÆ 285 certificate. Without `due`: 14 days, or the
    next follow-up conversation's day when that comes sooner, never under 8 days."""
    _require(actor, PERM, case)
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    _check_dates(errors, requested_on=requested_on, due=due)
    if requested_on > timezone.localdate():
        errors["requested_on"] = [_("A request cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)
    if due is None:
        follow_up = case.next_follow_up_due
        due = certificate_due(
            requested_on, follow_up if follow_up and follow_up >= requested_on else None
        )
    check_certificate(requested_on, due, None)
    certificate = MedicalCertificateRequest.objects.create(
        case=case, requested_on=requested_on, due=due, created_by=actor
    )
    case_recompute(case=case)
    return certificate


@transaction.atomic
def certificate_received(
    *, actor: User, case: Case, certificate: MedicalCertificateRequest, received_on: date
) -> MedicalCertificateRequest:
    """Record the day the certificate arrived."""
    _require(actor, PERM, case)
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    _check_dates(errors, received_on=received_on)
    if received_on > timezone.localdate():
        errors["received_on"] = [_("A certificate cannot arrive in the future.")]
    if errors:
        raise ValidationError(errors)
    check_certificate(certificate.requested_on, certificate.due, received_on)
    certificate.received_on = received_on
    certificate.save(update_fields=["received_on"])
    case_recompute(case=case)
    return certificate
