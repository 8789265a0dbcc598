"""API of emergency access (break the glass; API.md, `POST /api/cases/{id}/emergency-access/`;
DOMAIN.md, Note scopes; issue 19).

404 for a case the caller neither sees nor could take (another organisation's, or none at
all: the two cannot be told apart); 403 for a visible case the caller may not take it to (on
the case, within the handover period, a manager, the service user); 400 for a reason under
20 characters once padding is left out (`reason_too_short`); 409 while the caller's earlier
emergency access to the case is open (`emergency_access_open`); 201 `{"expires_at"}`."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_case_for_emergency_access
from coordination.api.common import ERRORS
from coordination.services import emergency as emergency_services


class EmergencyAccessRequestSerializer(serializers.Serializer):
    # Trimmed and measured by the service (white space does not count toward the 20).
    reason = serializers.CharField(max_length=emergency_services.MAX_REASON_LENGTH,
                                   trim_whitespace=False)


class EmergencyAccessSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    reason = serializers.CharField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class CaseEmergencyAccessView(APIView):
    @extend_schema(
        request=EmergencyAccessRequestSerializer,
        responses={201: EmergencyAccessSerializer, **ERRORS,
                   409: OpenApiResponse(description="emergency_access_open")},
        summary="Break the glass: read a case of your organisation for 24 hours",
    )
    def post(self, request, case_id):
        case = get_case_for_emergency_access(request.user, case_id)
        if not request.user.has_perm("coordination.take_emergency_access", case):
            raise PermissionDenied
        data = EmergencyAccessRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        access = emergency_services.emergency_access_take(
            actor=request.user, case=case, reason=data.validated_data["reason"]
        )
        return Response(EmergencyAccessSerializer(access).data, status=status.HTTP_201_CREATED)
