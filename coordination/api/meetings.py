"""API of meetings (API.md, Roundtable meetings). Views parse, call a service, render."""
import json
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from coordination.api.meeting_voice_serializers import MinutesResponseSerializer, ReplySerializer
from coordination.calendar import calendar_response
from coordination.models import Attendance, Case, Meeting, MeetingKind, MeetingStatus
from coordination.services.meeting_voice import latest_minutes_response, latest_replies
from coordination.services.meetings import meeting_schedule, meeting_update
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record, access_log_record_many


class ParticipantSerializer(serializers.Serializer):
    user = serializers.UUIDField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()
    attendance = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case_id")
    organizer = serializers.UUIDField(source="organizer_id", allow_null=True)
    participants = ParticipantSerializer(many=True)
    ics_url = serializers.SerializerMethodField()
    # Null for readers who may not read a case's content (see to_representation).
    agenda = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    minutes = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    # Issue 18: the newest reply of each participant, and the service user's newest response
    # to the minutes beside them (`current` false once the minutes changed after it).
    replies = serializers.SerializerMethodField()
    minutes_response = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "case", "kind", "starts_at", "ends_at", "location", "agenda", "status",
            "minutes", "minutes_version", "minutes_response", "replies", "sequence",
            "organizer", "participants", "ics_url", "created_at", "updated_at",
        ]

    def get_ics_url(self, meeting) -> str:
        return f"/api/meetings/{meeting.pk}/ics"

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, meeting):
        return ReplySerializer(latest_replies(meeting), many=True).data

    @extend_schema_field(MinutesResponseSerializer(allow_null=True))
    def get_minutes_response(self, meeting):
        response = latest_minutes_response(meeting)
        return MinutesResponseSerializer(response).data if response else None

    def to_representation(self, meeting):
        data = super().to_representation(meeting)
        request = self.context.get("request")
        if request is not None and not may_read_minutes(request.user, meeting.case):
            # Agendas and minutes may carry health details; managers see that a meeting
            # was held, not what it was about or what was said (DOMAIN.md, Note scopes:
            # managers see no note text, decision reasoning, agendas or minutes). A reply's
            # comment and a response to the minutes are the service user's words about it.
            data["agenda"] = None
            data["minutes"] = None
            data["minutes_response"] = None
            for reply in data["replies"]:
                reply["comment"] = None
        return data


def may_read_minutes(user, case) -> bool:
    return user.has_perm("coordination.read_case_content", case)


# Far-away years overflow on the way to UTC and say nothing about a real meeting.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _check_year(value: datetime) -> datetime:
    if not EARLIEST <= value.date() <= LATEST:
        raise serializers.ValidationError(
            f"Must lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}."
        )
    return value


class MeetingCreateSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    starts_at = serializers.DateTimeField(validators=[_check_year])
    ends_at = serializers.DateTimeField(validators=[_check_year])
    location = serializers.CharField(max_length=200, allow_blank=True, default="")
    agenda = serializers.CharField(allow_blank=True, default="")
    # "held" documents a past meeting; "cancelled" is refused by the service with a 400.
    status = serializers.ChoiceField(
        choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )


class MeetingUpdateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(required=False, validators=[_check_year])
    ends_at = serializers.DateTimeField(required=False, validators=[_check_year])
    location = serializers.CharField(max_length=200, allow_blank=True, required=False)
    agenda = serializers.CharField(allow_blank=True, required=False)
    status = serializers.ChoiceField(choices=MeetingStatus.choices, required=False)
    minutes = serializers.CharField(allow_blank=True, required=False)
    attendance = serializers.DictField(
        child=serializers.ChoiceField(choices=[Attendance.ATTENDED, Attendance.ABSENT]),
        required=False,
        help_text="participant user id -> attended | absent",
    )


class MeetingFilterSerializer(serializers.Serializer):
    case = serializers.UUIDField(required=False)
    # "from" is a Python keyword, hence the explicit field names.
    from_ = serializers.DateField(required=False)
    to = serializers.DateField(required=False)

    def validate(self, attrs):
        # Clamp to the years meetings can have, so extreme dates cannot overflow.
        for key in ("from_", "to"):
            if key in attrs:
                attrs[key] = min(max(attrs[key], EARLIEST), LATEST)
        return attrs

    def to_internal_value(self, data):
        data = {key: data.get(key) for key in ("case", "to") if data.get(key)} | (
            {"from_": data.get("from")} if data.get("from") else {}
        )
        try:
            return super().to_internal_value(data)
        except DRFValidationError as error:
            detail = error.detail
            if isinstance(detail, dict) and "from_" in detail:
                detail["from"] = detail.pop("from_")
            raise DRFValidationError(detail) from error


class CalendarRenderer(renderers.BaseRenderer):
    """Lets calendar clients ask for `Accept: text/calendar`; the .ics itself is built by
    coordination.calendar, so this only renders error bodies (as JSON text)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return json.dumps(data).encode()


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def service_errors(call):
    """Run a service call, turning its refusals into API errors (400 / 409)."""
    try:
        return call()
    except DjangoValidationError as error:
        raise DRFValidationError(error.message_dict) from error


def meetings_for_api(user):
    """The meetings `user` sees, with what MeetingSerializer shows of each."""
    return (
        Meeting.objects.for_user(user)
        .select_related("case", "organizer")
        .prefetch_related("participants__user", "replies__user", "minutes_responses__author")
        .order_by("starts_at", "id")
    )


@extend_schema(tags=["meetings"])
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings of the cases the caller may see. The case's professionals book and change
    them; the service user and the organisation's managers read them (logged)."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return meetings_for_api(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("case", OpenApiTypes.UUID),
            OpenApiParameter("from", OpenApiTypes.DATE, description="starting on or after"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="starting on or before"),
        ]
    )
    def list(self, request, *args, **kwargs):
        filters = MeetingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        meetings = self.get_queryset()
        if "case" in filters.validated_data:
            meetings = meetings.filter(case_id=filters.validated_data["case"])
        if "from_" in filters.validated_data:
            meetings = meetings.filter(starts_at__gte=_day_start(filters.validated_data["from_"]))
        if "to" in filters.validated_data:
            end = _day_start(filters.validated_data["to"] + timedelta(days=1))
            meetings = meetings.filter(starts_at__lt=end)
        page = self.paginate_queryset(meetings)
        access_log_record_many(
            actor=request.user,
            cases=[meeting.case for meeting in page],
            action=AccessAction.MEETINGS_LISTED,
            object_type="meeting",
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        access_log_record(
            actor=request.user, case=meeting.case, action=AccessAction.MEETING_VIEWED,
            object_type="meeting"
        )
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def create(self, request, *args, **kwargs):
        data = MeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = Case.objects.for_user(request.user).filter(pk=fields.pop("case")).first()
        if case is None:
            raise DRFValidationError({"case": ["No such case."]})
        if not request.user.has_perm("coordination.schedule_meeting", case):
            raise PermissionDenied
        meeting = service_errors(
            lambda: meeting_schedule(case=case, organizer=request.user, **fields)
        )
        meeting = self.get_queryset().get(pk=meeting.pk)
        _log_shown(request, meeting)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingUpdateSerializer, responses={200: MeetingSerializer})
    def partial_update(self, request, *args, **kwargs):
        meeting = self.get_object()
        if not request.user.has_perm("coordination.schedule_meeting", meeting.case):
            raise PermissionDenied
        data = MeetingUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_errors(lambda: meeting_update(
            meeting=meeting, actor=request.user, **data.validated_data
        ))
        meeting = self.get_queryset().get(pk=meeting.pk)
        _log_shown(request, meeting)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path="ics",
        renderer_classes=[renderers.JSONRenderer, CalendarRenderer],
    )
    def ics(self, request, *args, **kwargs):
        meeting = self.get_object()
        access_log_record(
            actor=request.user,
            case=meeting.case,
            action=AccessAction.MEETING_CALENDAR_DOWNLOADED,
            object_type="meeting",
        )
        return calendar_response(meeting)


def _log_shown(request, meeting: Meeting) -> None:
    """The answer to a booking or a change is the whole meeting (names, agenda, minutes):
    a read like any other, logged as one."""
    access_log_record(
        actor=request.user, case=meeting.case, action=AccessAction.MEETING_VIEWED,
        object_type="meeting"
    )
