"""API of the service user's voice at a meeting (issue 18; API.md, Roundtable meetings):
`reply/`, `agenda-items/`, `minutes/responses/`. Views parse, call a service, render.

A meeting the caller may not see is a 404; its agenda items and the responses to its minutes
are case content, so a manager, who sees that the meeting exists, gets a 404 for them too
(DOMAIN.md, Note scopes). A visible meeting the caller may not write to is a 403."""
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_meeting_for_user, require_perm
from coordination.api.meeting_voice_serializers import (
    AgendaItemInputSerializer,
    AgendaItemSerializer,
    MinutesResponseInputSerializer,
    MinutesResponseSerializer,
    ReplyInputSerializer,
)
from coordination.api.meetings import MeetingSerializer, meetings_for_api
from coordination.services import meeting_voice
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record


def _content_meeting(user, meeting_id):
    """The meeting, when the user may read what is said at it; otherwise 404."""
    meeting = get_meeting_for_user(user, meeting_id)
    if not user.has_perm("coordination.read_case_content", meeting.case):
        raise Http404
    return meeting


class MeetingReplyView(APIView):
    """A participant answers the invitation; the answer is the meeting with its replies."""

    @extend_schema(request=ReplyInputSerializer, responses={200: MeetingSerializer})
    def post(self, request, meeting_id):
        meeting = get_meeting_for_user(request.user, meeting_id)
        require_perm(request, "coordination.reply_to_meeting", meeting)
        data = ReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting_voice.meeting_reply(meeting=meeting, actor=request.user, **data.validated_data)
        meeting = meetings_for_api(request.user).get(pk=meeting.pk)
        access_log_record(actor=request.user, case=meeting.case,
                          action=AccessAction.MEETING_VIEWED, object_type="meeting")
        return Response(MeetingSerializer(meeting, context={"request": request}).data)


class AgendaItemsView(APIView):
    @extend_schema(responses=AgendaItemSerializer(many=True))
    def get(self, request, meeting_id):
        meeting = _content_meeting(request.user, meeting_id)
        items = meeting.agenda_items.select_related("author").order_by("created_at", "id")
        access_log_record(actor=request.user, case=meeting.case,
                          action=AccessAction.AGENDA_ITEMS_LISTED, object_type="agenda_item")
        return Response(AgendaItemSerializer(items, many=True).data)

    @extend_schema(request=AgendaItemInputSerializer, responses={201: AgendaItemSerializer})
    def post(self, request, meeting_id):
        meeting = _content_meeting(request.user, meeting_id)
        require_perm(request, "coordination.add_agenda_item", meeting.case)
        data = AgendaItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = meeting_voice.agenda_item_add(
            meeting=meeting, actor=request.user, text=data.validated_data["text"]
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class MinutesResponsesView(APIView):
    """Every response the service user gave, oldest first; the newest also shows on the
    meeting (`minutes_response`)."""

    @extend_schema(responses=MinutesResponseSerializer(many=True))
    def get(self, request, meeting_id):
        meeting = _content_meeting(request.user, meeting_id)
        responses = meeting.minutes_responses.select_related("author", "meeting").order_by(
            "created_at", "id"
        )
        access_log_record(actor=request.user, case=meeting.case,
                          action=AccessAction.MINUTES_RESPONSES_LISTED,
                          object_type="minutes_response")
        return Response(MinutesResponseSerializer(responses, many=True).data)

    @extend_schema(request=MinutesResponseInputSerializer,
                   responses={201: MinutesResponseSerializer})
    def post(self, request, meeting_id):
        meeting = _content_meeting(request.user, meeting_id)
        require_perm(request, "coordination.respond_to_minutes", meeting.case)
        data = MinutesResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response = meeting_voice.minutes_respond(
            meeting=meeting, actor=request.user, **data.validated_data
        )
        return Response(MinutesResponseSerializer(response).data,
                        status=status.HTTP_201_CREATED)
