"""API routes of cases, deadlines, transfer requests and notifications (API.md, Cases)."""
from rest_framework.routers import SimpleRouter

from .cases import CaseViewSet
from .deadlines import DeadlineViewSet
from .notifications import NotificationViewSet
from .transfers import TransferRequestViewSet

router = SimpleRouter(trailing_slash=True)
router.register("cases", CaseViewSet, basename="case")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("transfer-requests", TransferRequestViewSet, basename="transfer-request")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
