from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ibbis import views
from ibbis.accounts import login_views
from ibbis.accounts import views as account_views
from ibbis.csp_report import csp_report

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("metrics", views.metrics, name="metrics"),
    path("csp-report/", csp_report, name="csp_report"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility"),
    path("login/", login_views.login_view, name="login"),
    path("login/verify/", login_views.login_verify, name="login_verify"),
    path("login/setup/", login_views.login_setup, name="login_setup"),
    path("enrol/<str:secret>/", login_views.enrol, name="enrol"),
    # The login page then says the person is signed out (issue 17).
    path("logout/", auth_views.LogoutView.as_view(next_page="/login/?signed_out=1"),
         name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("ibbis.accounts.urls")),
    path("api/", include(("ibbis.api_urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    path("", include("coordination.urls")),
    path("", include("coordination.urls.meetings")),
    path("", include("coordination.urls.preview")),
    path("", include("coordination.urls.hearings")),
    path("", include("coordination.urls.reminders")),
    path("", include("trust.urls")),
    path("", include("coordination.urls.interop")),
]

# JSON errors under /api/ and /csp-report/, Django's pages elsewhere (ibbis/views.py).
handler400 = "ibbis.views.bad_request"
handler404 = "ibbis.views.page_not_found"
handler500 = "ibbis.views.server_error"
