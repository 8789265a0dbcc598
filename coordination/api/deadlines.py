"""API of the caller's deadlines across their cases (API.md, Cases): GET /api/deadlines/."""
from rest_framework import mixins, viewsets

from coordination import selectors
from coordination.filters import DeadlineFilter
from coordination.models import Deadline
from coordination.serializers import DeadlineSerializer
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many


class DeadlineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's deadlines still to meet, across their cases, soonest first."""

    queryset = Deadline.objects.none()
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return selectors.deadlines_open_for_user(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # Each deadline names its service user: one access-log entry per case shown.
        access_log_record_many(actor=request.user, cases=[d.case_id for d in page],
                               action=AccessAction.DEADLINES_LISTED, object_type="deadline")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

