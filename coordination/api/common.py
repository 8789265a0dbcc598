"""What the case API's modules share: the `as_of` parameter, the error responses of the
schema, the permission check that answers 403, and the base of the case's own actions."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions

from coordination.access import get_case_for_user
from coordination.models import Case
from coordination.serializers import AsOfSerializer
from ibbis.audit.services import access_log_record

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Compute for this day (YYYY-MM-DD); default today."
)
ERRORS = {
    400: OpenApiResponse(description="Field errors, or {detail, code}"),
    403: OpenApiResponse(description="Visible, but not yours to change"),
    404: OpenApiResponse(description="No such case for this caller"),
}


def as_of_param(request):
    data = AsOfSerializer(data=request.query_params)
    data.is_valid(raise_exception=True)
    return data.validated_data.get("as_of")


def require(request, perm, case=None):
    if not request.user.has_perm(perm, case):
        raise exceptions.PermissionDenied()


class CaseActions:
    # The base of the actions on one case (`/api/cases/{id}/<action>/`) that CaseViewSet
    # is made of: the case the caller may see, or 404, and the access-log entry of a read.
    # No docstrings on these mixins: drf-spectacular would make one the description of
    # every case operation.

    def _case(self) -> Case:
        return get_case_for_user(self.request.user, self.kwargs["pk"])

    def _log(self, case, action, object_type):
        access_log_record(actor=self.request.user, case=case, action=action,
                          object_type=object_type)
