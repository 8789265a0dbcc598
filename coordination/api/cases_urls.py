"""API routes of cases, deadlines and notifications (API.md, Cases)."""
from rest_framework.routers import SimpleRouter

from .cases import CaseViewSet, DeadlineViewSet, NotificationViewSet, TransferRequestViewSet

router = SimpleRouter(trailing_slash=True)
router.register("cases", CaseViewSet, basename="case")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("transfer-requests", TransferRequestViewSet, basename="transfer-request")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
