"""API of issue 14's "Also in the law" on a case (API.md, Cases): public-hospital waiting
time (left out of p27_3's 134 weeks) and the LÆ 285 certificates for the first follow-up."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.common import ERRORS, CaseActions, require
from coordination.serializers import (
    CertificateCreateSerializer,
    CertificateReceivedSerializer,
    CertificateSerializer,
    WaitingCreateSerializer,
    WaitingPeriodSerializer,
)
from coordination.services import law as law_services
from ibbis.audit.actions import AccessAction


class LawActions(CaseActions):
    # CaseViewSet's `hospital-waiting` and `medical-certificates` actions.

    @extend_schema(
        methods=["GET"], responses={200: WaitingPeriodSerializer(many=True), **ERRORS},
        summary="Waiting time for treatment in a public hospital (left out of p27_3's 134 weeks)",
    )
    @extend_schema(
        methods=["POST"], request=WaitingCreateSerializer,
        responses={201: WaitingPeriodSerializer, **ERRORS},
        summary="Record waiting time for treatment in a public hospital",
    )
    @action(detail=True, methods=["get", "post"], url_path="hospital-waiting",
            filterset_class=None, pagination_class=None)
    def hospital_waiting(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.WAITING_LISTED, "hospital_waiting")
            return Response(WaitingPeriodSerializer(case.waiting_periods.all(), many=True).data)
        require(request, "coordination.decide_extension", case)
        incoming = WaitingCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        period = law_services.waiting_period_record(
            actor=request.user, case=case, **incoming.validated_data
        )
        return Response(WaitingPeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: CertificateSerializer(many=True), **ERRORS},
        summary="The doctor's certificates (LÆ 285) requested for the first follow-up",
    )
    @extend_schema(
        methods=["POST"], request=CertificateCreateSerializer,
        responses={201: CertificateSerializer, **ERRORS},
        summary="Record a request for a LÆ 285 certificate (a medical_certificate deadline)",
    )
    @action(detail=True, methods=["get", "post"], url_path="medical-certificates",
            filterset_class=None, pagination_class=None)
    def medical_certificates(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.CERTIFICATES_LISTED, "medical_certificate")
            return Response(CertificateSerializer(case.certificates.all(), many=True).data)
        require(request, "coordination.decide_extension", case)
        incoming = CertificateCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        certificate = law_services.certificate_request(
            actor=request.user, case=case, **incoming.validated_data
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CertificateReceivedSerializer, responses={200: CertificateSerializer, **ERRORS},
        summary="Record the day a requested LÆ 285 certificate arrived",
    )
    @action(detail=True, methods=["post"], url_path="medical-certificates/received",
            filterset_class=None, pagination_class=None)
    def medical_certificate_received(self, request, pk=None):
        case = self._case()
        require(request, "coordination.decide_extension", case)
        incoming = CertificateReceivedSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        certificate = case.certificates.filter(pk=incoming.validated_data["certificate"]).first()
        if certificate is None:
            raise exceptions.ValidationError({"certificate": [_("No such certificate request.")]})
        certificate = law_services.certificate_received(
            actor=request.user, case=case, certificate=certificate,
            received_on=incoming.validated_data["received_on"],
        )
        return Response(CertificateSerializer(certificate).data)
