"""The hearing before a decision (partshøring, forvaltningsloven § 19; issue 18).

The case's employment consultant sends a proposed decision with the information it rests on
and a date to answer by; the service user answers in the product; the consultant may
withdraw it before deciding. When the consultant then records the decision
(`coordination.services.cases.extension_decide`), the hearing fills in the decision's
hearing fields, so the decision's own rules (`benefit_rules.check_hearing`) judge it as
before, and the hearing is closed as `decided`.

Writes lock the case's row (sending) or the hearing's (answering, withdrawing), so a
withdrawal and an answer at the same moment never both land; the partial unique constraint
`one_pending_hearing_per_case` keeps a second pending hearing out even so."""
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.benefit_rules import GROUND_CODES, HEARING_MIN_RESPONSE_DAYS
from coordination.models import Case, ExtensionDecision, Hearing, HearingStatus
from ibbis.errors import DomainConflict, DomainError


class HearingConflict(DomainConflict):
    """409: a hearing is pending already, or this one is no longer open."""


def _require(actor, perm: str, case: Case) -> None:
    if not actor.has_perm(perm, case):
        raise PermissionDenied(_("You may not do this on this case."))


def earliest_answer_by(today: date | None = None) -> date:
    """The first date the person may be asked to answer by (benefit_rules,
    HEARING_MIN_RESPONSE_DAYS: the product's floor; § 19 sets no period)."""
    return (today or timezone.localdate()) + timedelta(days=HEARING_MIN_RESPONSE_DAYS)


@transaction.atomic
def hearing_send(
    *, actor, case: Case, proposed_ground: str, basis: str, answer_by: date
) -> Hearing:
    """The consultant shows the service user a proposed decision before taking it."""
    _require(actor, "coordination.send_hearing", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if proposed_ground not in GROUND_CODES:
        raise DomainError("invalid_ground", _("Unknown extension ground."), "proposed_ground")
    basis = (basis or "").strip()
    if not basis:
        raise DomainError(
            "text_required",
            _("Write the information the decision would rest on."), "basis",
        )
    today = timezone.localdate()
    earliest = earliest_answer_by(today)
    if answer_by < earliest:
        raise DomainError(
            "answer_by_too_soon",
            _("Give the person at least %(days)s days to answer: %(date)s or later.")
            % {"days": HEARING_MIN_RESPONSE_DAYS, "date": earliest.isoformat()},
            "answer_by",
        )
    if case.hearings.pending().exists():
        raise HearingConflict(
            "hearing_open",
            _("This case already has a hearing waiting for a decision. Withdraw it or "
              "record the decision first."),
        )
    try:
        with transaction.atomic():
            return Hearing.objects.create(
                case=case, proposed_ground=proposed_ground, basis=basis, sent_on=today,
                answer_by=answer_by, sent_by=actor,
            )
    except IntegrityError as error:  # a concurrent send that got in first
        raise HearingConflict(
            "hearing_open", _("This case already has a hearing waiting for a decision.")
        ) from error


def _locked(hearing: Hearing) -> Hearing:
    return Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)


@transaction.atomic
def hearing_answer(*, actor, hearing: Hearing, answer: str) -> Hearing:
    """The service user answers. After the date to answer by the answer is still taken
    (§ 19 forbids deciding before the chance was given, not listening later), marked late."""
    _require(actor, "coordination.answer_hearing", hearing.case)
    hearing = _locked(hearing)
    if hearing.status != HearingStatus.OPEN:
        raise HearingConflict(
            "hearing_closed",
            _("This hearing is no longer open for an answer: it was answered, withdrawn "
              "or decided."),
        )
    answer = (answer or "").strip()
    if not answer:
        raise DomainError("text_required", _("Please write your answer."), "answer")
    now = timezone.now()
    hearing.answer = answer
    hearing.answered_at = now
    hearing.answered_on = timezone.localdate(now)
    hearing.answered_by = actor
    hearing.status = HearingStatus.ANSWERED
    hearing.save(update_fields=["answer", "answered_at", "answered_on", "answered_by",
                                "status"])
    return hearing


@transaction.atomic
def hearing_withdraw(*, actor, hearing: Hearing) -> Hearing:
    """The consultant takes the proposal back before a decision is recorded."""
    _require(actor, "coordination.send_hearing", hearing.case)
    hearing = _locked(hearing)
    if not hearing.pending:
        raise HearingConflict(
            "hearing_closed", _("This hearing has already been withdrawn or decided.")
        )
    hearing.status = HearingStatus.WITHDRAWN
    hearing.withdrawn_at = timezone.now()
    hearing.save(update_fields=["status", "withdrawn_at"])
    return hearing


def pending_hearing(case: Case) -> Hearing | None:
    """The case's hearing waiting for a decision, locked (call inside the decision's
    transaction)."""
    return case.hearings.pending().select_for_update().first()


def hearing_decision_fields(hearing: Hearing | None, given: dict) -> dict:
    """The decision's hearing fields, each taken from the hearing unless the consultant gave
    it: the hearing's sent day, its date to answer by, and the answer with its day."""
    if hearing is None:
        return given
    from_hearing = {
        "hearing_sent_on": hearing.sent_on,
        "hearing_response_by": hearing.answer_by,
        "hearing_response_on": hearing.answered_on,
        "hearing_response": hearing.answer,
    }
    return {key: given.get(key) or value for key, value in from_hearing.items()}


def hearing_close_by(hearing: Hearing | None, decision: ExtensionDecision) -> None:
    """The decision is recorded: the hearing it was about is closed and points to it."""
    if hearing is None:
        return
    hearing.status = HearingStatus.DECIDED
    hearing.decision = decision
    hearing.save(update_fields=["status", "decision"])
