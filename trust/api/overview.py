"""The manager's overview and checklist templates (API.md, Overview)."""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.services.emergency import emergency_accesses_open_for_manager
from trust import services
from trust.dashboard.figures import dashboard_for_manager
from trust.models import ChecklistTemplate
from trust.selectors import checklist_completion
from trust.serializers import (
    ChecklistTemplateSerializer,
    ChecklistTemplatesSerializer,
    DashboardSerializer,
    OpenEmergencyAccessSerializer,
)


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


class DashboardView(APIView):
    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        _require(request.user, "trust.view_dashboard")
        # Emergency accesses are read live beside the cached figures (issue 19: "at once").
        accesses = emergency_accesses_open_for_manager(request.user)
        return Response({
            **dashboard_for_manager(request.user),
            "emergency_accesses": OpenEmergencyAccessSerializer(accesses, many=True).data,
        })


class ChecklistTemplatesView(APIView):
    """Managers: GET the versions that apply to their organisation (its own, newest first,
    and the global default) with completion rates; POST a new version for it."""

    @extend_schema(responses=ChecklistTemplatesSerializer)
    def get(self, request):
        _require(request.user, "trust.edit_checklist_template")
        templates = (
            ChecklistTemplate.objects.filter(organisation=request.user.organisation)
            | ChecklistTemplate.objects.filter(organisation__isnull=True)
        ).prefetch_related("items")
        return Response(
            {
                "templates": ChecklistTemplateSerializer(templates, many=True).data,
                "completion": checklist_completion(request.user.organisation),
            }
        )

    @extend_schema(
        request=ChecklistTemplateSerializer, responses={201: ChecklistTemplateSerializer}
    )
    def post(self, request):
        _require(request.user, "trust.edit_checklist_template")
        data = ChecklistTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.checklist_template_publish(
            actor=request.user, items=data.validated_data["items"]
        )
        return Response(ChecklistTemplateSerializer(template).data, status=status.HTTP_201_CREATED)
