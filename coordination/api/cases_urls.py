"""API routes of cases, deadlines and notifications (API.md, Cases)."""
from rest_framework.routers import SimpleRouter

from .cases import CaseViewSet, DeadlineViewSet, NotificationViewSet

router = SimpleRouter(trailing_slash=True)
router.register("cases", CaseViewSet, basename="case")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
