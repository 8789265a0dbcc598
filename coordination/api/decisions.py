"""API of a case's reassessment and extension decisions (API.md, Cases):
GET and POST /api/cases/{id}/extensions/."""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.common import ERRORS, CaseActions, require
from coordination.serializers import ExtensionCreateSerializer, ExtensionDecisionSerializer
from coordination.services import cases as case_services
from ibbis.audit.actions import AccessAction


def _without_reasoning_for(user, case, decisions: list) -> list:
    """A decision's reasoning may carry health details: the case's people read it, its
    managers get null (API.md, extensions; DOMAIN.md: managers never see decision reasoning)."""
    if user.has_perm("coordination.read_case_content", case):
        return decisions
    return [{**decision, "reasoning": None} for decision in decisions]



class DecisionActions(CaseActions):
    # CaseViewSet's `extensions` action.

    @extend_schema(
        methods=["GET"], responses={200: ExtensionDecisionSerializer(many=True), **ERRORS},
        summary="The case's reassessment and extension decisions",
    )
    @extend_schema(
        methods=["POST"], request=ExtensionCreateSerializer,
        responses={201: ExtensionDecisionSerializer, **ERRORS},
        summary="Decide on an extension (one of the seven grounds, or none)",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def extensions(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.DECISIONS_LISTED, "extension_decision")
            decisions = case.decisions.select_related("decided_by__organisation")
            return Response(_without_reasoning_for(request.user, case, ExtensionDecisionSerializer(
                decisions, many=True, context=self._decision_context(case)).data))
        require(request, "coordination.decide_extension", case)
        incoming = ExtensionCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decision = case_services.extension_decide(
            actor=request.user, case=case, **incoming.validated_data
        )
        return Response(
            ExtensionDecisionSerializer(decision, context=self._decision_context(case)).data,
            status=status.HTTP_201_CREATED,
        )

    def _decision_context(self, case) -> dict:
        # The person's answer to a hearing is case content: not for managers (API.md).
        return {"show_text": self.request.user.has_perm("coordination.read_case_content", case)}
