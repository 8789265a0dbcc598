"""Small input and output serializers for the trust API (API.md, Notes, consent and access
log; the meeting checklist and feedback rows of Roundtable meetings)."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import ConsentKind, NoteScope
from .readers import readers_in_plain_words


class NoteOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    author = serializers.UUIDField(source="author_id")
    author_name = serializers.CharField(source="author.display_name")
    author_role = serializers.CharField()
    author_organisation = serializers.SerializerMethodField()
    scope = serializers.CharField()
    readers = serializers.SerializerMethodField()
    text = serializers.CharField()
    meeting = serializers.UUIDField(source="meeting_id", allow_null=True)
    created_at = serializers.DateTimeField()

    def get_author_organisation(self, note) -> str:
        return note.author_organisation.name if note.author_organisation_id else ""

    def get_readers(self, note) -> str:
        return readers_in_plain_words(note)


class NoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    scope = serializers.ChoiceField(choices=NoteScope.choices)
    meeting = serializers.UUIDField(required=False, allow_null=True)

    def validate_meeting(self, value):
        if value is None:
            return None
        meeting = self.context["case"].meetings.filter(pk=value).first()
        if meeting is None:
            raise serializers.ValidationError(_("No meeting with this id on this case."))
        return meeting


class ConsentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    kind = serializers.CharField()
    granted_at = serializers.DateTimeField()
    expires_on = serializers.DateField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    active = serializers.SerializerMethodField()

    def get_active(self, consent) -> bool:
        return consent.is_active()


class ConsentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    expires_on = serializers.DateField(required=False, allow_null=True)

    def validate_expires_on(self, value):
        if value is not None and value <= timezone.localdate():
            raise serializers.ValidationError(_("The expiry date must be after today."))
        return value


class ChecklistItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()
    phase = serializers.CharField()
    done = serializers.BooleanField()
    done_by = serializers.SerializerMethodField()
    done_at = serializers.DateTimeField(allow_null=True)

    def get_done_by(self, item) -> str | None:
        return item.done_by.display_name if item.done_by_id else None


class ChecklistItemPatchSerializer(serializers.Serializer):
    done = serializers.BooleanField()


class TemplateItemSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=["before", "during", "after"])
    text_da = serializers.CharField(max_length=1000)
    text_en = serializers.CharField(max_length=1000)


class ChecklistTemplateSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    items = TemplateItemSerializer(many=True)

    def validate_items(self, value):
        if not value:
            raise serializers.ValidationError(_("A checklist needs at least one item."))
        return value


class FeedbackInputSerializer(serializers.Serializer):
    felt_safe = serializers.IntegerField(min_value=1, max_value=5)
    felt_heard = serializers.IntegerField(min_value=1, max_value=5)
    understood_next_steps = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class CaseloadRowSerializer(serializers.Serializer):
    professional = serializers.UUIDField()
    name = serializers.CharField()
    role = serializers.CharField()
    cases = serializers.IntegerField()
    reassessments_next_28_days = serializers.IntegerField()
    overdue_follow_ups = serializers.IntegerField()


class FeedbackSummarySerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    felt_safe_avg = serializers.FloatField(allow_null=True)
    felt_heard_avg = serializers.FloatField(allow_null=True)
    understood_next_steps_avg = serializers.FloatField(allow_null=True)


class OpenEmergencyAccessSerializer(serializers.Serializer):
    """An open emergency access (break the glass, issue 19) by one of the organisation's
    professionals: who, to which case, why, until when. Never cached: shown at once."""

    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    professional = serializers.UUIDField(source="user_id")
    professional_name = serializers.CharField(source="user.display_name")
    reason = serializers.CharField()
    started_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class DashboardSerializer(serializers.Serializer):
    caseloads = CaseloadRowSerializer(many=True)
    reassessments_next_28_days = serializers.IntegerField()
    overdue_follow_ups = serializers.IntegerField()
    overdue_reassessments = serializers.IntegerField(
        help_text="Open cases whose reassessment date has passed with no decision recorded."
    )
    feedback = FeedbackSummarySerializer()
    figures_as_of = serializers.DateTimeField(
        help_text="When these figures were counted; they are cached for up to a minute."
    )
    emergency_accesses = OpenEmergencyAccessSerializer(
        many=True, help_text="Open emergency accesses by the organisation's professionals "
        "(read live, not cached)."
    )


class PhaseCompletionSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    done = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ChecklistCompletionSerializer(serializers.Serializer):
    meetings = serializers.IntegerField()
    items = serializers.IntegerField()
    done = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    by_phase = serializers.DictField(child=PhaseCompletionSerializer())


class ChecklistTemplatesSerializer(serializers.Serializer):
    templates = ChecklistTemplateSerializer(many=True)
    completion = ChecklistCompletionSerializer()
