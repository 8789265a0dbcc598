"""The relational coordination survey (issue 21; API.md, `relational-coordination`): who may
be answered about, the answer once a quarter, and the reminder when a quarter opens.

A professional answers about a colleague of the OTHER organisation with whom they share, or
shared, a case: both were on the same case at the same time (CaseMembership, which keeps the
history across handovers). The care manager answers about employment consultants, the
consultant about care managers (DOMAIN.md, People and organisations)."""
from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import CaseMembership, Notification, NotificationKind
from coordination.services.notifications import notifications_outbox_add
from ibbis.accounts.models import PROFESSIONAL_ROLES, Role, User
from ibbis.errors import DomainError
from trust.errors import TrustConflict
from trust.models import (
    DIMENSION_CODES,
    RelationalCoordinationAnswer,
    RelationalSurveyReminder,
    quarter_start,
)

OTHER_ROLE = {
    Role.CARE_MANAGER: Role.EMPLOYMENT_CONSULTANT,
    Role.EMPLOYMENT_CONSULTANT: Role.CARE_MANAGER,
}
# An open membership runs on; compared as "ends after", so any far future will do.
_OPEN_END = Value(datetime(9999, 1, 1, tzinfo=UTC))
# Who is reminded when a quarter opens: professionals on a case now, or within this long.
REMINDER_RECENT_DAYS = 92


def is_survey_respondent(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in PROFESSIONAL_ROLES
    )


def relational_colleagues(user):
    """The active professionals of the other role (so of the other organisation) who were on
    a case at the same time as `user`, in name order; none for anyone but a professional.
    One query: an EXISTS over the two memberships of one case whose periods overlap."""
    if not is_survey_respondent(user):
        return User.objects.none()
    shared = CaseMembership.objects.filter(
        user=OuterRef("pk"),
        case__memberships__user=user,
        started_at__lt=Coalesce(F("case__memberships__ended_at"), _OPEN_END),
        case__memberships__started_at__lt=Coalesce(F("ended_at"), _OPEN_END),
    )
    return (
        User.objects.filter(role=OTHER_ROLE[user.role], is_active=True)
        .exclude(organisation_id=user.organisation_id)
        .filter(Exists(shared))
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
    )


def relational_answer_give(*, actor, colleague_id, scores: dict) -> RelationalCoordinationAnswer:
    """Record `actor`'s answer about a colleague for the current quarter (Europe/Copenhagen).
    A colleague they share no case with - or who does not exist - is the same 400
    `not_a_colleague`, so nothing is learnt about other people; a second answer about the
    same colleague in the quarter is 409 `already_answered`."""
    if not is_survey_respondent(actor):
        raise PermissionDenied
    colleague = relational_colleagues(actor).filter(pk=colleague_id).first()
    if colleague is None:
        raise DomainError(
            "not_a_colleague",
            _("Choose a colleague of the other organisation you share cases with."),
            field="colleague",
        )
    quarter = quarter_start(timezone.localdate())
    try:
        with transaction.atomic():
            return RelationalCoordinationAnswer.objects.create(
                respondent=actor,
                respondent_role=actor.role,
                respondent_organisation_id=actor.organisation_id,
                colleague=colleague,
                colleague_organisation_id=colleague.organisation_id,
                quarter=quarter,
                **{code: scores[code] for code in DIMENSION_CODES},
            )
    except IntegrityError as error:
        raise TrustConflict(
            "already_answered",
            _("You have already answered about this colleague this quarter."),
        ) from error


def relational_answers_of(user):
    """The user's own answers, newest quarter first: the only answers anyone reads one by
    one."""
    if not is_survey_respondent(user):
        return RelationalCoordinationAnswer.objects.none()
    return RelationalCoordinationAnswer.objects.filter(respondent=user).select_related(
        "colleague__organisation"
    )


def relational_survey_remind(*, today=None) -> int:
    """Tell each professional on a case now (or lately) that this quarter's survey is open:
    one notification per person and quarter, however often it runs (the unique
    RelationalSurveyReminder decides; a run that loses a race to another skips that person).
    Returns how many were sent now."""
    today = today or timezone.localdate()
    quarter = quarter_start(today)
    recent = timezone.now() - timedelta(days=REMINDER_RECENT_DAYS)
    on_a_case = CaseMembership.objects.filter(user=OuterRef("pk")).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=recent)
    )
    already = RelationalSurveyReminder.objects.filter(recipient=OuterRef("pk"), quarter=quarter)
    recipients = (
        User.objects.filter(role__in=PROFESSIONAL_ROLES, is_active=True)
        .filter(Exists(on_a_case))
        .exclude(Exists(already))
        .values_list("pk", flat=True)
    )
    sent = []
    for recipient_id in recipients:
        try:
            with transaction.atomic():
                reminder = RelationalSurveyReminder.objects.create(
                    recipient_id=recipient_id, quarter=quarter
                )
                notification = Notification.objects.create(
                    recipient_id=recipient_id, kind=NotificationKind.RELATIONAL_SURVEY
                )
                reminder.notification = notification
                reminder.save(update_fields=["notification"])
                sent.append(str(notification.pk))
        except IntegrityError:
            continue  # another run reminded this person first
    if sent:
        with transaction.atomic():
            notifications_outbox_add(notification_ids=sent)
    return len(sent)
