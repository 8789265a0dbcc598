"""Writing notes and giving or revoking consent (DOMAIN.md, Note scopes)."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Case
from ibbis.accounts.models import Role
from trust.errors import TrustConflict
from trust.models import Consent, ConsentKind, Note, NoteScope

CONSENT_GATED_SCOPES = (NoteScope.TEAM, NoteScope.SHARED)


def _lock_case(case) -> Case:
    # Note writing and consent changes on one case are serialised on the case row, so a
    # note is never written against a consent revoked in the same instant.
    return Case.objects.select_for_update().get(pk=case.pk)


def note_create(*, actor, case, text: str, scope: str, meeting=None) -> Note:
    """A care manager's team or shared note needs the service user's active consent
    share_health_with_jobcentre; without it: `consent_required`."""
    if meeting is not None and meeting.case_id != case.pk:
        raise ValueError("The meeting belongs to another case.")
    with transaction.atomic():
        _lock_case(case)
        if actor.role == Role.CARE_MANAGER and scope in CONSENT_GATED_SCOPES:
            consented = Consent.objects.active().filter(
                case=case, kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE
            )
            if not consented.exists():
                raise TrustConflict(
                    "consent_required",
                    _(
                        "The service user has not given consent to share health information "
                        "with the jobcentre, so this note can only be private or for your "
                        "own organisation."
                    ),
                )
        return Note.objects.create(
            case=case,
            author=actor,
            author_role=actor.role,
            author_organisation_id=actor.organisation_id,
            scope=scope,
            text=text,
            meeting=meeting,
        )


def consent_grant(*, actor, case, kind: str, expires_on=None) -> Consent:
    """Only the service user grants (checked by the caller with trust.give_consent)."""
    with transaction.atomic():
        _lock_case(case)
        if Consent.objects.active().filter(case=case, kind=kind).exists():
            raise TrustConflict(
                "consent_active", _("You have already given this consent; it is active.")
            )
        return Consent.objects.create(
            case=case, kind=kind, expires_on=expires_on, granted_by=actor
        )


def consent_revoke(*, actor, consent: Consent) -> Consent:
    """Revoking hides the care manager's team and shared notes from the jobcentre from now
    on; it deletes nothing, and the consent row stays as history."""
    with transaction.atomic():
        _lock_case(consent.case)
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.revoked_at is not None:
            raise TrustConflict("already_revoked", _("This consent has already been revoked."))
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
    return consent
