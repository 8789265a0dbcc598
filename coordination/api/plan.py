"""API of the shared plan (API.md, Shared plan).

Who: the case's professionals read and edit; the service user reads, acknowledges and
comments; managers see caseloads, not plan content, and admins no case content: both get
404 here, as does anyone the case is not visible to.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_case_content_for_user, get_goal_of_case
from coordination.models import (
    Goal,
    GoalCommitment,
    GoalKind,
    GoalStatus,
    PlanAcknowledgement,
    PlanChange,
    PlanComment,
)
from coordination.services.plan import (
    StalePlan,
    goal_add,
    goal_change,
    plan_acknowledge,
    plan_comment_add,
    plan_for_case,
)
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record


def plan_case_for_user(user, case_id):
    """The case, when the user may read its plan (coordination.read_case_content); else 404."""
    return get_case_content_for_user(user, case_id)


# The largest version a database integer holds; anything above cannot be a real version.
MAX_VERSION = 2**31 - 1


class GoalSerializer(serializers.ModelSerializer):
    owner = serializers.UUIDField(source="owner_id", allow_null=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = [
            "id", "kind", "description", "service_user_words", "target_date", "owner",
            "owner_name", "status", "commitment", "created_at", "updated_at",
        ]

    def get_owner_name(self, goal) -> str | None:
        return goal.owner.display_name if goal.owner_id else None


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="display_name")
    role = serializers.CharField()


class PlanChangeSerializer(serializers.ModelSerializer):
    goal = serializers.UUIDField(source="goal_id", allow_null=True)
    changed_by = PersonSerializer()

    class Meta:
        model = PlanChange
        fields = ["version", "action", "goal", "changed_by", "changed_at", "before", "after"]


class PlanCommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer()

    class Meta:
        model = PlanComment
        fields = ["id", "text", "version", "author", "created_at"]
        read_only_fields = fields


class GoalInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GoalKind.choices)
    description = serializers.CharField()
    service_user_words = serializers.CharField(allow_blank=True, required=False, default="")
    target_date = serializers.DateField(allow_null=True, required=False, default=None)
    owner = serializers.UUIDField(allow_null=True, required=False, default=None)
    commitment = serializers.ChoiceField(
        choices=GoalCommitment.choices, required=False, default=GoalCommitment.VOLUNTARY
    )
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)
    plan_version = serializers.IntegerField(min_value=0, max_value=MAX_VERSION)

    def validate(self, attrs):
        if not self.partial and "status" in attrs and attrs["status"] != GoalStatus.OPEN:
            raise DRFValidationError({"status": ["A new goal is open."]})
        return attrs


class AcknowledgeSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=MAX_VERSION)


class AcknowledgementSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    acknowledged_at = serializers.DateTimeField()


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class StalePlanErrorSerializer(serializers.Serializer):
    """The 409 body of a goal write made against an old plan version: the version that won
    and where to read what changed. The changes themselves are not in it: reading them is a
    read of the plan, logged by `GET .../plan/history/` (DOMAIN.md, every read is logged)."""

    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=["stale_plan"])
    current_version = serializers.IntegerField()
    history = serializers.CharField()


def stale_response(error: StalePlan, case) -> Response:
    """409: the plan moved on; the client reads the plan again before it saves."""
    return Response(
        {
            "detail": str(error),
            "code": "stale_plan",
            "current_version": error.current_version,
            "history": f"/api/cases/{case.pk}/plan/history/",
        },
        status=status.HTTP_409_CONFLICT,
    )


def plan_payload(case) -> dict:
    plan = plan_for_case(case)
    goals = plan.goals.select_related("owner").order_by("created_at", "id")
    acknowledgement = (
        PlanAcknowledgement.objects.filter(plan=plan, user_id=case.service_user_id)
        .order_by("-version")
        .first()
    )
    return {
        "id": str(plan.pk),
        "case": str(case.pk),
        "version": plan.version,
        "goals": GoalSerializer(goals, many=True).data,
        "acknowledged_version": acknowledgement.version if acknowledgement else None,
        "acknowledged_at": (
            serializers.DateTimeField().to_representation(acknowledgement.acknowledged_at)
            if acknowledgement
            else None
        ),
    }


class PlanSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField()
    version = serializers.IntegerField()
    goals = GoalSerializer(many=True)
    acknowledged_version = serializers.IntegerField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)


@extend_schema(tags=["plan"], responses=PlanSerializer)
class PlanView(APIView):
    def get(self, request, case_id):
        case = plan_case_for_user(request.user, case_id)
        access_log_record(actor=request.user, case=case, action=AccessAction.PLAN_VIEWED,
                          object_type="plan")
        return Response(plan_payload(case))


def _editable_case(request, case_id):
    case = plan_case_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.edit_plan", case):
        raise PermissionDenied
    return case


def _resolve_owner(case, fields):
    """The owner is one of the case's people, named by id; anyone else is a 400."""
    if "owner" not in fields or fields["owner"] is None:
        return
    people = {
        person.pk: person
        for person in (case.service_user, case.care_manager, case.employment_consultant)
    }
    if fields["owner"] not in people:
        raise DRFValidationError({"owner": ["The owner must be one of the case's people."]})
    fields["owner"] = people[fields["owner"]]


def _log_goal_shown(request, case) -> None:
    """The answer to a goal write is the whole goal (another's words, its owner's name)."""
    access_log_record(actor=request.user, case=case, action=AccessAction.PLAN_VIEWED,
                      object_type="plan")


def _run(call, case):
    try:
        return call(), None
    except StalePlan as error:
        return None, stale_response(error, case)
    except DjangoValidationError as error:
        raise DRFValidationError(error.message_dict) from error


@extend_schema(
    tags=["plan"],
    request=GoalInputSerializer,
    responses={201: GoalSerializer, 409: StalePlanErrorSerializer},
)
class GoalCreateView(APIView):
    def post(self, request, case_id):
        case = _editable_case(request, case_id)
        data = GoalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("status", None)
        _resolve_owner(case, fields)
        goal, refusal = _run(
            lambda: goal_add(
                case=case, actor=request.user, plan_version=fields.pop("plan_version"), **fields
            ),
            case,
        )
        if refusal:
            return refusal
        body = GoalSerializer(goal).data | {"plan_version": goal.plan.version}
        _log_goal_shown(request, case)
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["plan"],
    request=GoalInputSerializer,
    responses={200: GoalSerializer, 409: StalePlanErrorSerializer},
)
class GoalDetailView(APIView):
    http_method_names = ["patch", "options"]

    def patch(self, request, case_id, goal_id):
        case = _editable_case(request, case_id)
        goal = get_goal_of_case(case, goal_id)
        data = GoalInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "plan_version" not in fields:
            raise DRFValidationError({"plan_version": ["This field is required."]})
        plan_version = fields.pop("plan_version")
        _resolve_owner(case, fields)
        goal, refusal = _run(
            lambda: goal_change(goal=goal, actor=request.user, plan_version=plan_version,
                                **fields),
            case,
        )
        if refusal:
            return refusal
        goal.plan.refresh_from_db(fields=["version"])
        _log_goal_shown(request, case)
        return Response(GoalSerializer(goal).data | {"plan_version": goal.plan.version})


@extend_schema(tags=["plan"])
class PlanHistoryView(generics.ListAPIView):
    serializer_class = PlanChangeSerializer
    queryset = PlanChange.objects.none()

    def get_queryset(self):
        self.case = plan_case_for_user(self.request.user, self.kwargs["case_id"])
        return (
            PlanChange.objects.filter(plan__case=self.case)
            .select_related("changed_by")
            .order_by("-version")
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access_log_record(
            actor=request.user, case=self.case, action=AccessAction.PLAN_HISTORY_VIEWED,
            object_type="plan"
        )
        return response


@extend_schema(
    tags=["plan"],
    request=AcknowledgeSerializer,
    responses={201: AcknowledgementSerializer, 200: AcknowledgementSerializer},
)
class PlanAcknowledgeView(APIView):
    def post(self, request, case_id):
        case = plan_case_for_user(request.user, case_id)
        if not request.user.has_perm("coordination.acknowledge_plan", case):
            raise PermissionDenied
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result, refusal = _run(
            lambda: plan_acknowledge(
                case=case, user=request.user, version=data.validated_data["version"]
            ),
            case,
        )
        if refusal:
            return refusal
        acknowledgement, created = result
        body = {"version": acknowledgement.version,
                "acknowledged_at": acknowledgement.acknowledged_at}
        return Response(
            body,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(tags=["plan"])
class PlanCommentsView(generics.ListCreateAPIView):
    """The service user writes; the service user and the case's professionals read."""

    serializer_class = PlanCommentSerializer
    queryset = PlanComment.objects.none()

    def get_queryset(self):
        self.case = plan_case_for_user(self.request.user, self.kwargs["case_id"])
        return (
            PlanComment.objects.filter(plan__case=self.case)
            .select_related("author")
            .order_by("-created_at")
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access_log_record(
            actor=request.user, case=self.case, action=AccessAction.PLAN_COMMENTS_VIEWED,
            object_type="plan"
        )
        return response

    @extend_schema(request=CommentInputSerializer, responses={201: PlanCommentSerializer})
    def post(self, request, case_id):
        case = plan_case_for_user(request.user, case_id)
        if not request.user.has_perm("coordination.comment_plan", case):
            raise PermissionDenied
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment, _refusal = _run(
            lambda: plan_comment_add(case=case, author=request.user, **data.validated_data),
            case,
        )
        return Response(PlanCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
