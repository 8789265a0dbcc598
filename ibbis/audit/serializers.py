"""The access log as the API answers it (API.md, GET /api/cases/{id}/access-log/)."""
from rest_framework import serializers


class AccessLogEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    who = serializers.CharField(source="who_name")
    role = serializers.CharField()
    organisation = serializers.CharField()
    action = serializers.CharField()
    object_type = serializers.CharField()
    emergency = serializers.BooleanField(
        help_text="Read under emergency access (break the glass): the reader was not on "
        "the case."
    )
