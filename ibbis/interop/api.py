"""Interoperability API (API.md, Overview and exports): the case as a FHIR R4 Bundle, and the
service user's own data export (GDPR art. 15).

FHIR: the people who work with the case content - its service user and its professionals,
current or former (`Case.objects.for_user`). Managers oversee caseloads, not content, and
admins see no case content: both get 404, like anyone else the case is not visible to.
Export: the case's service user only; for everyone else it does not exist (404).
"""
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_case_content_for_user
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record

from .export import case_export
from .fhir import case_fhir_bundle

NOT_VISIBLE = OpenApiResponse(description="No such case for this caller")

# The outline of what is returned, for the schema; the resources themselves are FHIR's.
FHIR_BUNDLE = inline_serializer(
    "FhirBundle",
    {
        "resourceType": serializers.CharField(help_text="Bundle"),
        "id": serializers.UUIDField(),
        "type": serializers.CharField(help_text="collection"),
        "timestamp": serializers.DateTimeField(),
        "entry": inline_serializer(
            "FhirBundleEntry",
            {"fullUrl": serializers.CharField(), "resource": serializers.DictField()},
            many=True,
        ),
    },
)
_OBJECT = serializers.DictField
_LIST = serializers.ListField
CASE_EXPORT = inline_serializer(
    "CaseExport",
    {
        "generated_at": serializers.DateTimeField(),
        "profile": _OBJECT(),
        "case": _OBJECT(),
        "team_history": _LIST(child=_OBJECT()),
        "absences": _LIST(child=_OBJECT()),
        "decisions": _LIST(child=_OBJECT()),
        "deadlines": _LIST(child=_OBJECT()),
        "meetings": _LIST(child=_OBJECT()),
        "plan": _OBJECT(allow_null=True),
        "notes": _LIST(child=_OBJECT()),
        "consents": _LIST(child=_OBJECT()),
        "companions": _LIST(child=_OBJECT()),
        "emergency_accesses": _LIST(child=_OBJECT()),
        "access_log": _LIST(child=_OBJECT()),
    },
)


class FhirJSONRenderer(JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


class CaseFhirView(APIView):
    renderer_classes = [JSONRenderer, FhirJSONRenderer]

    @extend_schema(
        summary="The case as a FHIR R4 Bundle (collection)",
        responses={200: FHIR_BUNDLE, 404: NOT_VISIBLE},
    )
    def get(self, request, case_id):
        case = get_case_content_for_user(request.user, case_id)
        bundle = case_fhir_bundle(case=case, reader=request.user)
        access_log_record(actor=request.user, case=case, action=AccessAction.FHIR_EXPORTED,
                          object_type="case")
        return Response(bundle)


class CaseExportView(APIView):
    @extend_schema(
        summary="The service user's own data (GDPR art. 15)",
        responses={200: CASE_EXPORT, 404: NOT_VISIBLE},
    )
    def get(self, request, case_id):
        case = service_user_case_or_404(request.user, case_id)
        data = case_export(case=case, service_user=request.user)
        # The service user reading their own data is not logged (trust.services); the call
        # stays so that a future reader role would be.
        access_log_record(actor=request.user, case=case, action=AccessAction.EXPORT_DOWNLOADED,
                          object_type="case")
        return Response(data)


def service_user_case_or_404(user, case_id):
    return get_case_content_for_user(user, case_id, perm="coordination.export_case")
