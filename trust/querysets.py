"""Who may read which note: the ONE definition (DOMAIN.md, Note scopes).

Every surface that shows a note - the API, pages, exports, FHIR, admin, search - starts
from `Note.objects.for_user(user)`. It is a single SQL query (Q objects and EXISTS
subqueries), so it composes with any further filter, count or prefetch.
"""
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from coordination.querysets import CaseScopedQuerySet, reading_memberships
from ibbis.accounts.models import PROFESSIONAL_ROLES, Role


class ConsentQuerySet(CaseScopedQuerySet):
    def active(self, today=None):
        """Not revoked and not yet expired. Expiry is checked against today at read time:
        a consent is active up to the day before `expires_on`."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=today)
        )


class NoteQuerySet(CaseScopedQuerySet):
    def for_user(self, user):
        """DOMAIN.md, Note scopes:

        - the author always reads their own notes;
        - private: the author only;
        - sector: professionals of the author's organisation who are or were on the case;
        - team: the case's current care manager and employment consultant;
        - shared: the team and the service user;
        - a care manager's team or shared note reaches the jobcentre side only while the
          service user's consent share_health_with_jobcentre is active (revoking hides);
        - managers read no note text (see `for_counts`); admins read nothing.
        """
        from .models.notes import Consent, ConsentKind, NoteScope

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        own = Q(author=user)
        if user.role == Role.SERVICE_USER:
            return self.filter(own | Q(scope=NoteScope.SHARED, case__service_user=user))
        if user.role not in PROFESSIONAL_ROLES:
            return self.none()

        is_current = Q(case__care_manager=user) | Q(case__employment_consultant=user)
        # "or were on the case": during the handover period only (30 days, DOMAIN.md), then
        # the former professional sees only their own notes. Emergency access reads the case,
        # not its notes: the glass-breaker is not and was not on it (the table above).
        was_on_case = Exists(reading_memberships(user).filter(case=OuterRef("case")))
        sector = (
            Q(scope=NoteScope.SECTOR, author_organisation_id=user.organisation_id)
            & (is_current | was_on_case)
        )
        team = Q(scope__in=[NoteScope.TEAM, NoteScope.SHARED]) & is_current
        if user.role == Role.EMPLOYMENT_CONSULTANT:
            consent_active = Exists(
                Consent.objects.active().filter(
                    case=OuterRef("case"), kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE
                )
            )
            team &= ~Q(author_role=Role.CARE_MANAGER) | consent_active
        return self.filter(own | sector | team)

    def for_counts(self, user):
        """Notes a manager may COUNT (never read): those on cases they oversee."""
        if getattr(user, "role", None) != Role.MANAGER:
            return self.for_user(user)
        return CaseScopedQuerySet.for_user(self, user)


class FeedbackQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Feedback from meetings on cases where a professional of the organisation is on the
        team - the same cases its manager oversees."""
        return self.filter(
            Q(meeting__case__care_manager__organisation=organisation)
            | Q(meeting__case__employment_consultant__organisation=organisation)
        )
