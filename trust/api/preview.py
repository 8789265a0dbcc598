"""`GET /api/meetings/{id}/preview/` (API.md, Roundtable meetings; issue 18): what the care
manager and the employment consultant will have in front of them at the meeting, for the
service user only. Other people who see the meeting get 403, people who do not 404."""
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_meeting_for_user
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from trust.services.preview import meeting_preview


class PreviewItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["goal", "note", "deadline", "decision"])
    title = serializers.CharField()
    scope = serializers.CharField(help_text="a note's scope; `shared` for the rest")
    readable = serializers.BooleanField(help_text="whether the service user reads it too")
    id = serializers.UUIDField(required=False, help_text="absent for a note they may not read")
    readers = serializers.CharField(required=False)
    due = serializers.DateField(required=False)
    status = serializers.CharField(required=False)
    date = serializers.DateField(required=False)


PreviewSerializer = inline_serializer(
    "MeetingPreview",
    {
        "care_manager": PreviewItemSerializer(many=True),
        "employment_consultant": PreviewItemSerializer(many=True),
    },
)


@extend_schema(
    tags=["meetings"],
    responses={200: PreviewSerializer,
               409: OpenApiResponse(description="`meeting_closed`: held or cancelled")},
)
class MeetingPreviewView(APIView):
    def get(self, request, meeting_id):
        meeting = get_meeting_for_user(request.user, meeting_id)
        if not request.user.has_perm("coordination.preview_meeting", meeting.case):
            raise PermissionDenied
        preview = meeting_preview(meeting=meeting, viewer=request.user)
        access_log_record(actor=request.user, case=meeting.case,
                          action=AccessAction.MEETING_PREVIEW_VIEWED, object_type="meeting")
        return Response(preview)
