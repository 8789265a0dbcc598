"""Small input and output serializers of the case API (API.md, Cases; notifications)."""
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coordination.benefit_rules import (
    FOLLOW_UP_REGIMES,
    HEARING_STATUSES,
    certificate_status,
    hearing_needed,
    hearing_status,
)
from coordination.law_extras import hearing_plain
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
    HospitalWaitingPeriod,
    MedicalCertificateRequest,
    NotificationKind,
    TransferRequest,
)
from coordination.services.cases import EARLIEST_DATE, LATEST_DATE
from ibbis.accounts.models import Organisation, Role, User

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
    pensioner = serializers.BooleanField(
        default=False, help_text=_("Sygedagpengeloven § 25: 26 weeks in 12 months")
    )


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
    # The hearing (forvaltningsloven § 19) before a decision that stops or lowers benefit.
    hearing_sent_on = serializers.DateField(required=False, allow_null=True, default=None)
    hearing_response_by = serializers.DateField(required=False, allow_null=True, default=None)
    hearing_response_on = serializers.DateField(required=False, allow_null=True, default=None)
    hearing_response = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000
    )


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

LAW_DETAIL_FIELDS = ("pensioner", "relapse_after_limit", "p27_3_limit")


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
    # Issue 14, "Also in the law" (coordination/law_extras.py).
    pensioner = serializers.BooleanField(source="law.pensioner")
    relapse_after_limit = serializers.DateField(source="law.relapse_after_limit", allow_null=True)
    p27_3_limit = serializers.DateField(source="law.p27_3_limit", allow_null=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields, "follow_up_regime", "expected_return_date",
            "follow_up_agreed_on", "as_of", "team", "team_since", "memberships",
            "created_at", *LAW_DETAIL_FIELDS,
        ]
        read_only_fields = fields


class AbsenceSerializer(serializers.ModelSerializer):
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)

    class Meta:
        model = AbsencePeriod
        fields = ["id", "start", "end", "kind", "created_by", "created_at"]
        read_only_fields = fields


class HearingSerializer(serializers.Serializer):
    """The hearing recorded on a decision; `response` only for who may read case content."""

    needed = serializers.BooleanField()
    sent_on = serializers.DateField(allow_null=True)
    response_by = serializers.DateField(allow_null=True)
    response_on = serializers.DateField(allow_null=True)
    response = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=[(s, s) for s in HEARING_STATUSES])
    plain = serializers.CharField(help_text=_("In the request's language, for the service user"))


class ExtensionDecisionSerializer(serializers.ModelSerializer):
    ground_label = serializers.CharField(read_only=True)
    decided_by = CasePersonSerializer()
    hearing = serializers.SerializerMethodField()
    # Null for a manager: reasoning may carry health details (coordination/api/decisions.py).
    reasoning = serializers.CharField(allow_null=True)

    class Meta:
        model = ExtensionDecision
        fields = [
            "id", "ground", "ground_label", "decided_on", "medical_evidence", "valid_until",
            "reasoning", "decided_by", "created_at", "hearing",
        ]
        read_only_fields = fields

    @extend_schema_field(HearingSerializer)
    def get_hearing(self, decision) -> dict:
        on = self.context.get("on") or timezone.localdate()
        return HearingSerializer({
            "needed": hearing_needed(decision.ground),
            "sent_on": decision.hearing_sent_on,
            "response_by": decision.hearing_response_by,
            "response_on": decision.hearing_response_on,
            "response": (
                decision.hearing_response if self.context.get("show_text", True) else None
            ),
            "status": hearing_status(on, decision.hearing_sent_on,
                                     decision.hearing_response_by, decision.hearing_response_on),
            "plain": hearing_plain(decision, on, day=date.isoformat),  # API: ISO dates
        }).data


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
    # A reply to a meeting invitation names its meeting (issue 18); reminders have none.
    meeting = serializers.UUIDField(source="meeting_id", allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


# --- issue 14, "Also in the law" --------------------------------------------------------


class WaitingCreateSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class WaitingPeriodSerializer(serializers.ModelSerializer):
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)

    class Meta:
        model = HospitalWaitingPeriod
        fields = ["id", "start", "end", "created_by", "created_at"]
        read_only_fields = fields


class CertificateCreateSerializer(serializers.Serializer):
    requested_on = serializers.DateField()
    due = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text=_("Default: 14 days, or the next follow-up's day if sooner (at least 8)"),
    )


class CertificateReceivedSerializer(serializers.Serializer):
    certificate = serializers.UUIDField()
    received_on = serializers.DateField()


class CertificateSerializer(serializers.ModelSerializer):
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = MedicalCertificateRequest
        fields = ["id", "requested_on", "due", "received_on", "status", "created_by",
                  "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=DeadlineStatus.choices))
    def get_status(self, certificate) -> str:
        return certificate_status(timezone.localdate(), certificate.due, certificate.received_on)
# --- transfers to another organisation (issue 13) ---------------------------------------


class TransferRequestCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=TEAM_ROLE_CHOICES)
    to_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all()
    )


class TransferAcceptSerializer(serializers.Serializer):
    to = serializers.PrimaryKeyRelatedField(queryset=ACCOUNTS)


class TransferRequestSerializer(serializers.ModelSerializer):
    """What a transfer request shows - to the receiving manager too, who does not see the
    case: who the person is and which role moves from where, nothing of the case's content
    (no diagnosis, notes, plan, absences or decisions)."""

    case = serializers.SerializerMethodField()
    service_user = serializers.CharField(source="case.service_user.display_name",
                                         read_only=True)
    from_organisation = serializers.CharField(source="from_organisation.name", read_only=True)
    to_organisation = serializers.UUIDField(source="to_organisation_id", read_only=True)
    to_organisation_name = serializers.CharField(source="to_organisation.name",
                                                 read_only=True)
    requested_by = serializers.CharField(source="requested_by.display_name", read_only=True)
    new_holder = serializers.CharField(source="new_holder.display_name", read_only=True,
                                       allow_null=True, default=None)

    class Meta:
        model = TransferRequest
        fields = [
            "id", "case", "service_user", "role", "from_organisation", "to_organisation",
            "to_organisation_name", "requested_by", "status", "created_at", "decided_at",
            "new_holder",
        ]

    def get_case(self, transfer) -> str | None:
        """The case's id only for a caller who sees the case: the receiving manager does
        not, until accepting (no id of an unseen case in any response)."""
        visible = self.context.get("visible_cases", ())
        return str(transfer.case_id) if transfer.case_id in visible else None
