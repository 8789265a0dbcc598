"""API of a case's absence periods (API.md, Cases): GET and POST /api/cases/{id}/absences/."""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.common import ERRORS, CaseActions, require
from coordination.serializers import AbsenceCreateSerializer, AbsenceSerializer
from coordination.services import cases as case_services
from ibbis.audit.actions import AccessAction


class AbsenceActions(CaseActions):
    # CaseViewSet's `absences` action.

    @extend_schema(
        methods=["GET"], responses={200: AbsenceSerializer(many=True), **ERRORS},
        summary="The case's absence periods",
    )
    @extend_schema(
        methods=["POST"], request=AbsenceCreateSerializer,
        responses={201: AbsenceSerializer, **ERRORS}, summary="Record an absence period",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def absences(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.ABSENCES_LISTED, "absence")
            return Response(AbsenceSerializer(case.absences.all(), many=True).data)
        require(request, "coordination.record_absence", case)
        incoming = AbsenceCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        absence = case_services.absence_record(
            actor=request.user, case=case, **incoming.validated_data
        )
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)
