"""A meeting's trust-building checklist and the service user's feedback (API.md, Roundtable
meetings)."""
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_meeting_for_user
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from trust import services
from trust.access import get_checklist_item
from trust.serializers import (
    ChecklistItemPatchSerializer,
    ChecklistItemSerializer,
    FeedbackInputSerializer,
)


class MeetingChecklistView(APIView):
    """Everyone who sees the meeting reads its checklist - it is about the service user too -
    and the copy is made here if the meeting was created without one."""

    @extend_schema(responses=ChecklistItemSerializer(many=True))
    def get(self, request, meeting_id):
        meeting = get_meeting_for_user(request.user, meeting_id)
        checklist = services.checklist_copy_for_meeting(meeting=meeting)
        items = checklist.items.select_related("done_by")
        access_log_record(
            actor=request.user,
            case=meeting.case,
            action=AccessAction.MEETING_CHECKLIST_VIEWED,
            object_type="meeting_checklist",
        )
        return Response(ChecklistItemSerializer(items, many=True).data)


class MeetingChecklistItemView(APIView):
    @extend_schema(request=ChecklistItemPatchSerializer, responses=ChecklistItemSerializer)
    def patch(self, request, meeting_id, item_id):
        meeting = get_meeting_for_user(request.user, meeting_id)
        item = get_checklist_item(meeting, item_id)
        if not request.user.has_perm("trust.tick_checklist", meeting.case):
            raise PermissionDenied
        data = ChecklistItemPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.checklist_item_set_done(
            actor=request.user, item=item, done=data.validated_data["done"]
        )
        return Response(ChecklistItemSerializer(item).data)


class MeetingFeedbackView(APIView):
    @extend_schema(request=FeedbackInputSerializer, responses={201: None})
    def post(self, request, meeting_id):
        meeting = get_meeting_for_user(request.user, meeting_id)
        if not request.user.has_perm("trust.give_feedback", meeting.case):
            raise PermissionDenied
        data = FeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.feedback_give(meeting=meeting, **data.validated_data)
        # Nothing of the answer is echoed back: it is nobody's to read one by one.
        return Response({"detail": "Thank you.", "code": "feedback_received"}, status=201)
