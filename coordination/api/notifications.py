"""API of the caller's own notifications (API.md, Cases): GET /api/notifications/, marking
read, the unread count."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination import selectors
from coordination.api.common import ERRORS
from coordination.models import Notification
from coordination.serializers import (
    MarkedReadSerializer,
    NotificationSerializer,
    UnreadCountSerializer,
)
from coordination.services import notifications as notification_services
from ibbis.api import Pagination


class NotificationPagination(Pagination):
    """The page, plus how many of the caller's notifications are unread."""

    def paginate_queryset(self, queryset, request, view=None):
        self.unread = selectors.notifications_unread_count(request.user)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = self.unread
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread"] = {"type": "integer", "example": 3}
        paginated["required"] = [*paginated.get("required", []), "unread"]
        return paginated


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications: reminders and overdue notices from the daily sweep."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    filterset_class = None
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.notifications_for_user(self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: ERRORS[404]})
    @action(detail=True, methods=["post"], pagination_class=None)
    def read(self, request, pk=None):
        notification = self.get_object()
        notification = notification_services.notification_mark_read(
            actor=request.user, notification=notification
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedReadSerializer})
    @action(detail=False, methods=["post"], url_path="read-all", pagination_class=None)
    def read_all(self, request):
        marked = notification_services.notifications_mark_all_read(actor=request.user)
        return Response({"marked": marked})

    @extend_schema(responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": selectors.notifications_unread_count(request.user)})
