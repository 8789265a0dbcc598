"""API of transfer requests (API.md, Cases): moving a role of a case to another
organisation, asked on the case (/api/cases/{id}/transfer-requests/) and answered by the
receiving organisation's manager (/api/transfer-requests/)."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.common import ERRORS, CaseActions, require
from coordination.models import Case, TransferRequest
from coordination.serializers import (
    TransferAcceptSerializer,
    TransferRequestCreateSerializer,
    TransferRequestSerializer,
)
from coordination.services import transfers as transfer_services
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many


class TransferActions(CaseActions):
    # CaseViewSet's `transfer-requests` action: the case's requests, and a new one.

    @extend_schema(
        methods=["GET"], responses={200: TransferRequestSerializer(many=True), **ERRORS},
        summary="The case's requests to move a role to another organisation",
    )
    @extend_schema(
        methods=["POST"], request=TransferRequestCreateSerializer,
        responses={201: TransferRequestSerializer, **ERRORS,
                   409: OpenApiResponse(description="`transfer_pending`")},
        summary="Ask another organisation to take over a role (the side holding it)",
    )
    @action(detail=True, methods=["get", "post"], url_path="transfer-requests",
            filterset_class=None, pagination_class=None)
    def transfer_requests(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            transfers = case.transfer_requests.select_related(
                "case__service_user", "from_organisation", "to_organisation",
                "requested_by", "new_holder")
            self._log(case, AccessAction.TRANSFER_REQUESTS_LISTED, "transfer_request")
            return Response(TransferRequestSerializer(
                transfers, many=True, context={"visible_cases": {case.pk}}).data)
        require(request, "coordination.hand_over_case", case)
        incoming = TransferRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        transfer = transfer_services.transfer_request(
            actor=request.user, case=case, **incoming.validated_data)
        return Response(
            TransferRequestSerializer(transfer, context={"visible_cases": {case.pk}}).data,
            status=status.HTTP_201_CREATED)


def request_may_answer(request, transfer) -> bool:
    return request.user.has_perm("coordination.answer_transfer", transfer)


class TransferRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """Requests to move a role of a case to another organisation: a manager sees those
    addressed to their organisation (without seeing the case) and answers them; the sending
    side sees those of its cases. `?status=pending` narrows the list."""

    queryset = TransferRequest.objects.none()
    serializer_class = TransferRequestSerializer
    filterset_fields = ["status"]
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return TransferRequest.objects.for_user(self.request.user).select_related(
            "case__service_user", "from_organisation", "to_organisation", "requested_by",
            "new_holder")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "visible_cases": self._visible}

    def _seen(self, transfers):
        """Remember which of these requests' cases the caller sees, and write the access
        log: the service user's name is read."""
        transfers = list(transfers)
        case_ids = {t.case_id for t in transfers}
        self._visible = set(Case.objects.for_user(self.request.user)
                            .filter(pk__in=case_ids).values_list("pk", flat=True))
        access_log_record_many(
            actor=self.request.user, cases=[t.case for t in transfers],
            action=AccessAction.TRANSFER_REQUESTS_LISTED, object_type="transfer_request")
        return transfers

    _visible: set = frozenset()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        page = self._seen(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        transfer = self._seen([self.get_object()])[0]
        return Response(self.get_serializer(transfer).data)

    def _answer(self, answer, parse=None):
        transfer = self.get_object()
        if not request_may_answer(self.request, transfer):
            raise exceptions.PermissionDenied()
        data = {}
        if parse is not None:
            incoming = parse(data=self.request.data)
            incoming.is_valid(raise_exception=True)
            data = {"to_user": incoming.validated_data["to"]}
        transfer = answer(actor=self.request.user, transfer=transfer, **data)
        transfer = self._seen([self.get_queryset().get(pk=transfer.pk)])[0]
        return Response(self.get_serializer(transfer).data)

    @extend_schema(
        request=TransferAcceptSerializer,
        responses={200: TransferRequestSerializer, **ERRORS,
                   409: OpenApiResponse(description="`transfer_not_pending`")},
        summary="Accept, naming the new professional of your organisation",
    )
    @action(detail=True, methods=["post"], filterset_fields=None, pagination_class=None)
    def accept(self, request, pk=None):
        return self._answer(transfer_services.transfer_accept, TransferAcceptSerializer)

    @extend_schema(
        request=None,
        responses={200: TransferRequestSerializer, **ERRORS,
                   409: OpenApiResponse(description="`transfer_not_pending`")},
        summary="Decline the transfer",
    )
    @action(detail=True, methods=["post"], filterset_fields=None, pagination_class=None)
    def decline(self, request, pk=None):
        return self._answer(transfer_services.transfer_decline)
