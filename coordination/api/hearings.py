"""API of the hearing before a decision (partshøring, forvaltningsloven § 19; issue 18):
`GET, POST /api/cases/{id}/hearings/`, `POST /api/hearings/{id}/answer/`,
`POST /api/hearings/{id}/withdraw/`. Views parse, call a service, render.

A case the caller may not see is a 404; a hearing is case content (its basis may carry health
details, like a decision's reasoning), so a manager, who sees that the case exists, gets a
404 too. A visible hearing the caller may not act on is a 403; a hearing that is no longer
open is a 409 (`hearing_closed`), a second pending one on a case a 409 (`hearing_open`)."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_case_content_for_user, get_hearing_for_user, require_perm
from coordination.api.common import ERRORS
from coordination.models import ExtensionGround, Hearing
from coordination.services import hearings as hearing_services
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record


class HearingProposalSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case_id", read_only=True)
    proposed_ground_label = serializers.CharField(
        source="get_proposed_ground_display", read_only=True
    )
    sent_by = serializers.CharField(source="sent_by.display_name", read_only=True)
    late = serializers.BooleanField(read_only=True)
    decision = serializers.UUIDField(source="decision_id", read_only=True, allow_null=True)

    class Meta:
        model = Hearing
        fields = [
            "id", "case", "status", "proposed_ground", "proposed_ground_label", "basis",
            "sent_on", "answer_by", "sent_by", "answer", "answered_on", "answered_at", "late",
            "withdrawn_at", "decision", "created_at",
        ]
        read_only_fields = fields


class HearingSendSerializer(serializers.Serializer):
    proposed_ground = serializers.ChoiceField(choices=ExtensionGround.choices)
    basis = serializers.CharField(max_length=20000)
    answer_by = serializers.DateField()


class HearingAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20000)


class CaseHearingsView(APIView):
    @extend_schema(responses={200: HearingProposalSerializer(many=True), **ERRORS},
                   summary="The hearings on proposed decisions of a case, newest first")
    def get(self, request, case_id):
        case = get_case_content_for_user(request.user, case_id)
        hearings = case.hearings.select_related("sent_by").order_by("-created_at", "id")
        access_log_record(actor=request.user, case=case, action=AccessAction.HEARINGS_LISTED,
                          object_type="hearing")
        return Response(HearingProposalSerializer(hearings, many=True).data)

    @extend_schema(request=HearingSendSerializer,
                   responses={201: HearingProposalSerializer, **ERRORS},
                   summary="Send the service user a hearing on a proposed decision")
    def post(self, request, case_id):
        case = get_case_content_for_user(request.user, case_id)
        require_perm(request, "coordination.send_hearing", case)
        data = HearingSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = hearing_services.hearing_send(actor=request.user, case=case,
                                                **data.validated_data)
        return Response(HearingProposalSerializer(hearing).data, status=status.HTTP_201_CREATED)


class HearingAnswerView(APIView):
    @extend_schema(request=HearingAnswerSerializer,
                   responses={200: HearingProposalSerializer, **ERRORS},
                   summary="The service user answers a hearing")
    def post(self, request, hearing_id):
        hearing = get_hearing_for_user(request.user, hearing_id)
        require_perm(request, "coordination.answer_hearing", hearing.case)
        data = HearingAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = hearing_services.hearing_answer(
            actor=request.user, hearing=hearing, answer=data.validated_data["answer"]
        )
        return Response(HearingProposalSerializer(hearing).data)


class HearingWithdrawView(APIView):
    @extend_schema(request=None, responses={200: HearingProposalSerializer, **ERRORS},
                   summary="The employment consultant withdraws a hearing before deciding")
    def post(self, request, hearing_id):
        hearing = get_hearing_for_user(request.user, hearing_id)
        require_perm(request, "coordination.send_hearing", hearing.case)
        hearing = hearing_services.hearing_withdraw(actor=request.user, hearing=hearing)
        access_log_record(actor=request.user, case=hearing.case,
                          action=AccessAction.HEARING_VIEWED, object_type="hearing")
        return Response(HearingProposalSerializer(hearing).data)

