"""Small input and output serializers of the case API (API.md, Cases; notifications)."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coordination.benefit_rules import FOLLOW_UP_REGIMES
from coordination.models import (
    AbsenceKind,
    AbsencePeriod,
    Case,
    CaseMembership,
    CaseStatus,
    DeadlineKind,
    DeadlineStatus,
    Diagnosis,
    EarlyFollowUpRequest,
    Employment,
    ExtensionDecision,
    ExtensionGround,
    NotificationKind,
)
from coordination.services.cases import EARLIEST_DATE, LATEST_DATE
from ibbis.accounts.models import Role, User

ACCOUNTS = User.objects.select_related("organisation")
TEAM_ROLE_CHOICES = CaseMembership.Role.choices


# --- input ------------------------------------------------------------------------------


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("Compute for this day (YYYY-MM-DD); default today.")
    )

    def validate_as_of(self, value):
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise serializers.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
            )
        return value


class CaseCreateSerializer(serializers.Serializer):
    service_user = serializers.PrimaryKeyRelatedField(queryset=ACCOUNTS)
    care_manager = serializers.PrimaryKeyRelatedField(queryset=ACCOUNTS)
    employment_consultant = serializers.PrimaryKeyRelatedField(queryset=ACCOUNTS)
    first_absence_day = serializers.DateField()
    referral_date = serializers.DateField()
    diagnosis = serializers.ChoiceField(choices=Diagnosis.choices)
    employment = serializers.ChoiceField(choices=Employment.choices, default=Employment.EMPLOYEE)


class AbsenceCreateSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("null while ongoing")
    )
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)


class ExtensionCreateSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=ExtensionGround.choices)
    decided_on = serializers.DateField()
    medical_evidence = serializers.BooleanField(default=False)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    reasoning = serializers.CharField()


class CaseFollowUpUpdateSerializer(serializers.Serializer):
    """PATCH /api/cases/{id}/: what the employment consultant sets on the case (issue 14)."""

    expected_return_date = serializers.DateField(required=False, allow_null=True)
    follow_up_agreed_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields) if hasattr(
            self.initial_data, "keys") else set()
        if unknown:
            raise serializers.ValidationError(
                {name: [_("This field cannot be changed here.")] for name in sorted(unknown)}
            )
        if not attrs:
            raise serializers.ValidationError(
                _("Give expected_return_date or follow_up_agreed_on.")
            )
        return attrs


class EarlyFollowUpCreateSerializer(serializers.Serializer):
    requested_on = serializers.DateField()
    requested_by = serializers.ChoiceField(choices=EarlyFollowUpRequest.RequestedBy.choices)


class EarlyFollowUpSerializer(serializers.ModelSerializer):
    created_by = serializers.UUIDField(source="created_by_id")

    class Meta:
        model = EarlyFollowUpRequest
        fields = ["id", "requested_on", "requested_by", "created_by", "created_at"]
        read_only_fields = fields


class HandoverSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=TEAM_ROLE_CHOICES)
    to = serializers.PrimaryKeyRelatedField(queryset=ACCOUNTS)


# --- output -----------------------------------------------------------------------------


class CasePersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="display_name")
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = serializers.CharField(source="organisation.name", allow_null=True,
                                         default=None)


class TeamMemberSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    person = CasePersonSerializer(source="user")
    decisional_power = serializers.CharField()
    since = serializers.DateTimeField(allow_null=True)


class MembershipSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=TEAM_ROLE_CHOICES)
    person = CasePersonSerializer(source="user")
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)


def _weeks_field(**kwargs):
    # A number with one decimal in JSON (21.0), not a string.
    return serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, **kwargs
    )


class CaseListSerializer(serializers.ModelSerializer):
    """A case in a list: the stored projections, kept current by the services and the
    daily sweep, and the weeks used today."""

    service_user = CasePersonSerializer()
    care_manager = CasePersonSerializer()
    employment_consultant = CasePersonSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    benefit_weeks_used = _weeks_field(source="weeks_used")

    class Meta:
        model = Case
        fields = [
            "id", "service_user", "care_manager", "employment_consultant",
            "first_absence_day", "referral_date", "diagnosis", "employment", "closed_on",
            "status", "benefit_weeks_used", "reassessment_date", "next_follow_up_due",
            "next_deadline_due",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseListSerializer):
    """A case with its computed fields for `as_of` (API.md, Cases), its team with each
    one's decisional power, and who was on it when."""

    as_of = serializers.DateField(source="clock.as_of")
    status = serializers.ChoiceField(choices=CaseStatus.choices, source="clock.status")
    benefit_weeks_used = _weeks_field(source="clock.benefit_weeks_used")
    reassessment_date = serializers.DateField(source="clock.reassessment_date", allow_null=True)
    next_follow_up_due = serializers.DateField(
        source="clock.next_follow_up_due", allow_null=True
    )
    follow_up_regime = serializers.ChoiceField(
        choices=[(r, r) for r in FOLLOW_UP_REGIMES], source="clock.follow_up_regime",
        help_text="Which follow-up conversations the law requires (sygedagpengeloven § 13 b, "
        "§ 13 f, lov nr. 1750/2025), from the rules in force and expected_return_date.",
    )
    team = TeamMemberSerializer(many=True)
    team_since = serializers.DateField(allow_null=True)
    memberships = MembershipSerializer(many=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields, "follow_up_regime", "expected_return_date",
            "follow_up_agreed_on", "as_of", "team", "team_since", "memberships",
            "created_at",
        ]
        read_only_fields = fields


class AbsenceSerializer(serializers.ModelSerializer):
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)

    class Meta:
        model = AbsencePeriod
        fields = ["id", "start", "end", "kind", "created_by", "created_at"]
        read_only_fields = fields


class ExtensionDecisionSerializer(serializers.ModelSerializer):
    ground_label = serializers.CharField(source="get_ground_display")
    decided_by = CasePersonSerializer()

    class Meta:
        model = ExtensionDecision
        fields = [
            "id", "ground", "ground_label", "decided_on", "medical_evidence", "valid_until",
            "reasoning", "decided_by", "created_at",
        ]
        read_only_fields = fields


class CaseDeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    due = serializers.DateField()
    status = serializers.ChoiceField(choices=DeadlineStatus.choices)
    label = serializers.CharField()


class DeadlineSerializer(serializers.Serializer):
    """One of the caller's deadlines across their cases."""

    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    service_user = CasePersonSerializer(source="case.service_user")
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    due = serializers.DateField()
    status = serializers.ChoiceField(choices=DeadlineStatus.choices)
    label = serializers.CharField(source="get_kind_display")
    responsible = CasePersonSerializer()


class NotificationDeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    due = serializers.DateField()
    label = serializers.CharField(source="get_kind_display")


class NotificationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    label = serializers.CharField(source="get_kind_display")
    case = serializers.UUIDField(source="case_id", allow_null=True)
    deadline = NotificationDeadlineSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
