"""Emergency access (break the glass; DOMAIN.md, Note scopes: "A professional of one of the
case's organisations who is not on it may take emergency access (break the glass) for 24
hours with a written reason; the service user and the manager are told at once.")

Taking it gives read access only (coordination.querysets: `Case.objects.for_user` lets the
case through; every write needs a current professional, coordination/rules.py). It is never
extended or stacked: while one is open a second is a 409 (`emergency_access_open`); after it
expires a new one, with a new reason, is a new record and a new notice."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Case, EmergencyAccess, Notification, NotificationKind
from coordination.querysets import EMERGENCY_ACCESS_PERIOD
from coordination.services.notifications import notifications_outbox_add
from ibbis.accounts.models import Role, User
from ibbis.errors import DomainConflict, DomainError

# API.md, emergency-access row: "at least 20 characters" - of words, not of padding.
MIN_REASON_LENGTH = 20
MAX_REASON_LENGTH = 2000


class EmergencyAccessRefused(DomainError):
    """400: the reason is too short (`reason_too_short`) or too long."""


class EmergencyAccessConflict(DomainConflict):
    """409: the professional already holds open emergency access to this case."""


def clean_reason(reason) -> str:
    """The reason as it is kept: runs of white space are one space, none at either end, so
    padding with spaces (or newlines) does not make a short reason long enough."""
    text = " ".join(str(reason or "").split())
    if len(text) < MIN_REASON_LENGTH:
        raise EmergencyAccessRefused(
            "reason_too_short",
            _("Write why you need emergency access: at least %(n)d characters.")
            % {"n": MIN_REASON_LENGTH},
            field="reason",
        )
    if len(text) > MAX_REASON_LENGTH:
        raise EmergencyAccessRefused(
            "reason_too_long",
            _("Keep the reason under %(n)d characters.") % {"n": MAX_REASON_LENGTH},
            field="reason",
        )
    return text


@transaction.atomic
def emergency_access_take(*, actor: User, case: Case, reason: str, now=None) -> EmergencyAccess:
    """Open emergency access to `case` for `actor` for EMERGENCY_ACCESS_PERIOD and tell the
    service user and the managers of the actor's organisation at once (a notification and,
    through the outbox, an e-mail naming no health data). The caller has checked
    `coordination.take_emergency_access`."""
    text = clean_reason(reason)
    now = now or timezone.now()
    # Serialise on the case row: two requests at once make one access and one 409.
    case = Case.objects.select_for_update().get(pk=case.pk)
    if EmergencyAccess.objects.filter(case=case, user=actor).open(now).exists():
        raise EmergencyAccessConflict(
            "emergency_access_open",
            _("You already have emergency access to this case. It cannot be extended; take "
              "it again with a new reason once it has expired."),
        )
    access = EmergencyAccess.objects.create(
        case=case, user=actor, organisation_id=actor.organisation_id, reason=text,
        started_at=now, expires_at=now + EMERGENCY_ACCESS_PERIOD,
    )
    managers = User.objects.filter(
        role=Role.MANAGER, organisation_id=actor.organisation_id, is_active=True
    ).values_list("pk", flat=True)
    recipients = [case.service_user_id, *managers]
    notifications = Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=NotificationKind.EMERGENCY_ACCESS, case=case)
        for pk in dict.fromkeys(recipients)
    )
    notifications_outbox_add(notification_ids=[str(n.pk) for n in notifications])
    return access


def emergency_accesses_open_for_manager(manager, now=None):
    """The open emergency accesses taken by professionals of the manager's organisation
    (the manager's dashboard; issue 19), newest first."""
    if manager.organisation_id is None:
        return EmergencyAccess.objects.none()
    return (
        EmergencyAccess.objects.open(now)
        .filter(organisation_id=manager.organisation_id)
        .select_related("user", "organisation")
        .order_by("-started_at", "pk")
    )
