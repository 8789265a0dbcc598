"""Query filters of the case API (API.md, Cases). Malformed values are 400 field errors."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination.models import Case, CaseStatus, Deadline, DeadlineKind, DeadlineStatus


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    reassessment_before = django_filters.DateFilter(
        field_name="reassessment_date",
        lookup_expr="lte",
        help_text=_("Cases whose reassessment date is on or before this day (YYYY-MM-DD)."),
    )
    professional = django_filters.UUIDFilter(
        method="filter_professional",
        help_text=_("Cases on which this account is the care manager or the consultant now."),
    )

    class Meta:
        model = Case
        fields = ["status", "reassessment_before", "professional"]

    def filter_professional(self, queryset, name, value):
        return queryset.filter(Q(care_manager_id=value) | Q(employment_consultant_id=value))


class DeadlineFilter(django_filters.FilterSet):
    due_before = django_filters.DateFilter(
        field_name="due",
        lookup_expr="lte",
        help_text=_("Deadlines due on or before this day (YYYY-MM-DD)."),
    )
    kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices)
    status = django_filters.ChoiceFilter(
        choices=[(DeadlineStatus.OPEN, DeadlineStatus.OPEN.label),
                 (DeadlineStatus.OVERDUE, DeadlineStatus.OVERDUE.label)]
    )

    class Meta:
        model = Deadline
        fields = ["due_before", "kind", "status"]
