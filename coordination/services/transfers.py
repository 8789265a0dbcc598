"""Moving a role of a case to another organisation: a request by the side that holds the
role, accepted (naming the new professional) or declined by a manager of the receiving
organisation (issue 13; API.md, handover row: a handover stays inside the holder's
organisation).

Until it is accepted the receiving organisation sees nothing of the case: the request is not
a membership, so `Case.objects.for_user` does not reach the case through it, and the request
itself carries only what the manager needs to answer it (coordination.serializers).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Case, TransferRequest, TransferStatus
from coordination.models.cases import SIDES
from coordination.services.cases import (
    HANDOVER_PERMS,
    CaseRefused,
    _move_role,
    _require,
    _role_error,
)
from ibbis.accounts.models import ROLE_ORGANISATION_KIND, Organisation, User

__all__ = ["transfer_accept", "transfer_decline", "transfer_request"]


@transaction.atomic
def transfer_request(
    *, actor: User, case: Case, role: str, to_organisation: Organisation
) -> TransferRequest:
    """Ask `to_organisation` to take over `role` on `case`."""
    _require(actor, "coordination.hand_over_case", case)
    if role not in SIDES:
        raise ValidationError({"role": [_("Choose care_manager or employment_consultant.")]})
    _require(actor, HANDOVER_PERMS[role], case)
    # of=("self",): PostgreSQL locks no row of the nullable side of the outer join.
    case = (Case.objects.select_for_update(of=("self",))
            .select_related(f"{role}__organisation").get(pk=case.pk))
    holder = getattr(case, role)
    expected_kind = ROLE_ORGANISATION_KIND[role]
    if to_organisation.kind != expected_kind:
        raise ValidationError({"to_organisation": [
            _("This role moves only to a %(kind)s organisation.")
            % {"kind": expected_kind.label.lower()}
        ]})
    if to_organisation.pk == holder.organisation_id:
        raise CaseRefused(
            "same_organisation",
            _("The case is already with this organisation: hand it over instead."),
            field="to_organisation",
        )
    if TransferRequest.objects.filter(
        case=case, role=role, status=TransferStatus.PENDING
    ).exists():
        raise CaseRefused(
            "transfer_pending",
            _("A transfer of this role is already waiting for an answer."),
            status=409,
        )
    transfer = TransferRequest.objects.create(
        case=case,
        role=role,
        from_organisation_id=holder.organisation_id,
        to_organisation=to_organisation,
        requested_by=actor,
    )
    from coordination.tasks import transfer_request_mail

    transaction.on_commit(lambda: transfer_request_mail.delay(str(transfer.pk)))
    return transfer


def _pending_for_answer(actor: User, transfer: TransferRequest) -> TransferRequest:
    if not actor.has_perm("coordination.answer_transfer", transfer):
        raise PermissionDenied(_("Only a manager of the receiving organisation answers this."))
    transfer = TransferRequest.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise CaseRefused(
            "transfer_not_pending",
            _("This transfer request has already been answered."),
            status=409,
        )
    return transfer


@transaction.atomic
def transfer_accept(*, actor: User, transfer: TransferRequest, to_user: User) -> TransferRequest:
    """Accept: `to_user` (of the receiving organisation) takes over the role; the former
    holder stays in the history, as after a handover."""
    transfer = _pending_for_answer(actor, transfer)
    message = _role_error(to_user, transfer.role)
    if message:
        raise ValidationError({"to": [message]})
    if to_user.organisation_id != transfer.to_organisation_id:
        raise CaseRefused(
            "other_organisation",
            _("Choose a professional of your own organisation."),
            field="to",
        )
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    _move_role(case, transfer.role, to_user)
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.new_holder = to_user
    transfer.save(update_fields=["status", "decided_by", "decided_at", "new_holder"])
    return transfer


@transaction.atomic
def transfer_decline(*, actor: User, transfer: TransferRequest) -> TransferRequest:
    """Decline: nothing about the case changes; the sending side may ask elsewhere."""
    transfer = _pending_for_answer(actor, transfer)
    transfer.status = TransferStatus.DECLINED
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    return transfer
