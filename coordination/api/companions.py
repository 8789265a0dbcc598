"""API of a companion at a meeting (issue 18, bisidder; API.md, Roundtable meetings).

`meetings/{id}/companions/`: the service user invites (POST) and everyone who reads the
case's content sees who comes along (GET); `.../companions/{companion_id}/` DELETE revokes,
the service user only. A professional who sees the meeting gets 403 for the writes (the
grant is the party's own), a manager 404, anyone else 404.

`companion/`: the companion's own view - the meeting, its agenda and the shared plan - and
nothing else (404 for anyone who is not a companion with access that lasts). Every such
read is written to the case's access log."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import (
    get_companion_grant,
    get_companion_of_meeting,
    get_companions_meeting_for_user,
)
from coordination.api.meeting_voice_serializers import AgendaItemSerializer
from coordination.api.plan import PersonSerializer
from coordination.services import companions


class CompanionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    relation = serializers.CharField()
    email = serializers.EmailField(source="user.email")
    access_until = serializers.DateTimeField(source="user.access_until")
    active = serializers.BooleanField(source="is_active")
    revoked_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class CompanionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    relation = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254)


class CompanionMeetingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField()
    agenda = serializers.CharField()
    status = serializers.CharField()


class CompanionParticipantSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()


class CompanionGoalSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    description = serializers.CharField()
    service_user_words = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    commitment = serializers.CharField()
    owner = PersonSerializer(allow_null=True)


class CompanionViewSerializer(serializers.Serializer):
    meeting = CompanionMeetingSerializer()
    participants = CompanionParticipantSerializer(many=True)
    agenda_items = AgendaItemSerializer(many=True)
    goals = CompanionGoalSerializer(many=True)
    access_until = serializers.DateTimeField()


def _grants(meeting):
    return meeting.companions.select_related("user").order_by("created_at", "id")


class MeetingCompanionsView(APIView):
    @extend_schema(responses=CompanionSerializer(many=True))
    def get(self, request, meeting_id):
        meeting = get_companions_meeting_for_user(request.user, meeting_id)
        return Response(CompanionSerializer(_grants(meeting), many=True).data)

    @extend_schema(request=CompanionInputSerializer, responses={201: CompanionSerializer})
    def post(self, request, meeting_id):
        meeting = get_companions_meeting_for_user(request.user, meeting_id)
        if not request.user.has_perm("coordination.invite_companion", meeting.case):
            raise PermissionDenied
        data = CompanionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant = companions.companion_invite(
            meeting=meeting, actor=request.user, origin=companions.origin_of(request),
            **data.validated_data)
        return Response(CompanionSerializer(grant).data, status=status.HTTP_201_CREATED)


class MeetingCompanionDetailView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, meeting_id, companion_id):
        meeting = get_companions_meeting_for_user(request.user, meeting_id)
        if not request.user.has_perm("coordination.invite_companion", meeting.case):
            raise PermissionDenied
        grant = get_companion_of_meeting(meeting, companion_id)
        companions.companion_revoke(grant=grant, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CompanionView(APIView):
    """The companion's whole view: their meeting, its agenda and the shared plan."""

    @extend_schema(responses=CompanionViewSerializer)
    def get(self, request):
        grant = get_companion_grant(request.user)
        view = companions.companion_view(grant.meeting)
        companions.companion_read_log(actor=request.user, grant=grant)
        return Response(CompanionViewSerializer(
            {**view, "access_until": request.user.access_until}).data)
