"""Who may see what: the one place case visibility is defined.

Every surface (pages, API, exports, FHIR, admin) starts from `Case.objects.for_user(user)`
or, for rows that hang off a case, `Model.objects.for_user(user)`, which narrows through it.
What is not in the queryset does not exist for that user: views answer 404.
"""

from django.db import models
from django.db.models import Q

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role


class CaseQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.SERVICE_USER:
            return self.filter(service_user=user)
        if user.role in PROFESSIONAL_ROLES:
            # Current professionals, and former ones (handover) who still read what their
            # organisation wrote (DOMAIN.md, Note scopes: sector).
            from coordination.models import Case, CaseMembership

            # One id set from three index lookups (UNION ALL), not an OR of the three:
            # PostgreSQL cannot combine an OR holding a subquery into a bitmap scan, so it
            # walked the list's order index over every case of the country filtering row
            # by row (264 ms at 100,000 cases for a caseload of 72; 1 ms this way; issue
            # 20, docs/benchmarks.md).
            mine = Case.objects.filter(care_manager=user).order_by().values("pk").union(
                Case.objects.filter(employment_consultant=user).order_by().values("pk"),
                CaseMembership.objects.filter(user=user).order_by().values("case_id"),
                all=True,
            )
            return self.filter(pk__in=mine)
        if user.role == Role.MANAGER:
            return self.filter(
                Q(care_manager__organisation_id=user.organisation_id)
                | Q(employment_consultant__organisation_id=user.organisation_id)
            )
        # Admins manage accounts and organisations and see no case content.
        return self.none()

    def current_for_professional(self, user):
        """The caseload: cases the professional is on now."""
        return self.filter(Q(care_manager=user) | Q(employment_consultant=user))


class CaseScopedQuerySet(models.QuerySet):
    """For rows that belong to a case: visible exactly when the case is."""

    case_field = "case"

    def for_user(self, user):
        from coordination.models import Case

        return self.filter(**{f"{self.case_field}__in": Case.objects.for_user(user)})
