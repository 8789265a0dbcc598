"""Serializers of replies, agenda items and minutes responses (issue 18), shared by the
meeting's own answer (`replies`, `minutes_response`) and their endpoints."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coordination.api.plan import PersonSerializer
from coordination.models import NEEDS_TEXT, MinutesResponseKind, ReplyAnswer

# Long enough for what a person says at a meeting; short enough to stay a reply.
COMMENT_MAX = 2000
TEXT_MAX = 4000


class ReplySerializer(serializers.Serializer):
    user = serializers.UUIDField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()
    answer = serializers.ChoiceField(choices=ReplyAnswer.choices)
    label = serializers.CharField(source="get_answer_display")
    comment = serializers.CharField(allow_null=True)
    replied_at = serializers.DateTimeField(source="created_at")


class ReplyInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=ReplyAnswer.choices)
    comment = serializers.CharField(
        max_length=COMMENT_MAX, allow_blank=True, required=False, default=""
    )


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()
    author = PersonSerializer()
    by_service_user = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class AgendaItemInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)


class MinutesResponseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    response = serializers.ChoiceField(choices=MinutesResponseKind.choices)
    label = serializers.CharField(source="get_response_display")
    text = serializers.CharField(allow_blank=True)
    author = PersonSerializer()
    minutes_version = serializers.IntegerField()
    # False once the minutes changed after this response: they are open again.
    current = serializers.BooleanField(source="is_current")
    created_at = serializers.DateTimeField()


class MinutesResponseInputSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=MinutesResponseKind.choices)
    text = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False,
                                 default="")
    minutes_version = serializers.IntegerField(
        min_value=0, required=False,
        help_text="the version of the minutes the person read; 409 minutes_changed if newer",
    )

    def validate(self, attrs):
        attrs["text"] = attrs.get("text", "").strip()
        if attrs["response"] in NEEDS_TEXT and not attrs["text"]:
            raise serializers.ValidationError(
                {"text": [_("Please say in a few words what you comment on or disagree with.")]}
            )
        return attrs
