"""The relational coordination survey (API.md, `GET, POST /api/relational-coordination/`,
`GET /api/relational-coordination/summary/`; issue 21).

Professionals POST their answer about a colleague and GET their own answers (nobody reads
another's); managers GET the thresholded summary of their organisation's pairs. Everyone else
gets 403 on every route."""
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from trust import services
from trust.dashboard.relational import relational_summary
from trust.models import (
    DIMENSION_CODES,
    RelationalCoordinationAnswer,
    quarter_label,
    quarter_start,
)
from trust.selectors import FEEDBACK_ANONYMITY_THRESHOLD
from trust.services.relational import is_survey_respondent


def _score():
    return serializers.IntegerField(min_value=1, max_value=5)


def _serializer(name, fields, doc=None):
    """A serializer class of `fields` in their order: the seven dimensions
    (trust/models/relational.py DIMENSION_CODES) stand once, not in every serializer."""
    return type(name, (serializers.Serializer,), {"__module__": __name__, "__doc__": doc,
                                                   **fields})


def _dimensions(make_field):
    return {code: make_field() for code in DIMENSION_CODES}


RCAnswerInputSerializer = _serializer("RCAnswerInputSerializer", {
    "colleague": serializers.UUIDField(), **_dimensions(_score),
})


class RCPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="display_name")
    role = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")


RCAnswerOutputSerializer = _serializer("RCAnswerOutputSerializer", {
    "id": serializers.UUIDField(),
    "colleague": RCPersonSerializer(),
    "quarter": serializers.CharField(source="quarter_label"),
    **_dimensions(serializers.IntegerField),
    "created_at": serializers.DateTimeField(),
}, doc="The respondent's own answer (only ever shown to them).")


class RCColleagueSerializer(RCPersonSerializer):
    answered_this_quarter = serializers.BooleanField()


def _require_respondent(user):
    if not is_survey_respondent(user):
        raise PermissionDenied


class RelationalCoordinationView(ListAPIView):
    serializer_class = RCAnswerOutputSerializer
    queryset = RelationalCoordinationAnswer.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        _require_respondent(self.request.user)
        return services.relational_answers_of(self.request.user)

    @extend_schema(request=RCAnswerInputSerializer, responses={201: RCAnswerOutputSerializer})
    def post(self, request):
        _require_respondent(request.user)
        data = RCAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scores = dict(data.validated_data)
        colleague_id = scores.pop("colleague")
        answer = services.relational_answer_give(
            actor=request.user, colleague_id=colleague_id, scores=scores
        )
        return Response(RCAnswerOutputSerializer(answer).data, status=status.HTTP_201_CREATED)


class RelationalColleaguesView(APIView):
    """The colleagues the caller may answer about, and whether they have this quarter."""

    @extend_schema(responses=RCColleagueSerializer(many=True))
    def get(self, request):
        _require_respondent(request.user)
        answered = set(
            services.relational_answers_of(request.user)
            .filter(quarter=quarter_start(timezone.localdate()))
            .values_list("colleague_id", flat=True)
        )
        colleagues = list(services.relational_colleagues(request.user))
        for colleague in colleagues:
            colleague.answered_this_quarter = colleague.pk in answered
        return Response(RCColleagueSerializer(colleagues, many=True).data)


RCAveragesSerializer = _serializer("RCAveragesSerializer", {
    **_dimensions(serializers.FloatField), "index": serializers.FloatField(),
})


class RCOrganisationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class RCSideSerializer(serializers.Serializer):
    organisation = RCOrganisationRefSerializer()
    responses = serializers.IntegerField()
    averages = RCAveragesSerializer(allow_null=True)


class RCQuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    quarter_start = serializers.DateField()
    responses = serializers.IntegerField()
    averages = RCAveragesSerializer(allow_null=True)
    by_organisation = RCSideSerializer(many=True)


class RCPairSerializer(serializers.Serializer):
    mental_health = RCOrganisationRefSerializer()
    jobcentre = RCOrganisationRefSerializer()
    quarters = RCQuarterSerializer(many=True)


class RCSummarySerializer(serializers.Serializer):
    threshold = serializers.IntegerField()
    current_quarter = serializers.CharField()
    pairs = RCPairSerializer(many=True)


class RelationalSummaryView(APIView):
    @extend_schema(responses=RCSummarySerializer)
    def get(self, request):
        if not request.user.has_perm("trust.view_relational_summary"):
            raise PermissionDenied
        return Response(
            RCSummarySerializer(
                {
                    "threshold": FEEDBACK_ANONYMITY_THRESHOLD,
                    "current_quarter": quarter_label(quarter_start(timezone.localdate())),
                    "pairs": relational_summary(request.user.organisation),
                }
            ).data
        )

