from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from ibbis.accounts import api as accounts_api
from ibbis.api_docs import ApiDocsView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", accounts_api.OrganisationViewSet, basename="organisation")
router.register("accounts", accounts_api.AccountViewSet, basename="account")
router.register("account-changes", accounts_api.AccountChangeViewSet,
                basename="account-change")
router.register("auth-events", accounts_api.AuthEventViewSet, basename="auth-event")

urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="token"),
    path("auth/logout/", accounts_api.LogoutView.as_view(), name="token_logout"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    # One URL module per feature, so each grows without touching the others.
    path("", include("coordination.api.cases_urls")),
    path("", include("coordination.api.meetings_urls")),
    path("", include("trust.api.preview_urls")),
    path("", include("coordination.api.hearings_urls")),
    path("", include("coordination.api.emergency_urls")),
    path("", include("trust.api_urls")),
    path("", include("ibbis.interop.api_urls")),
]
