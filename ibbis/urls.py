from django.contrib import admin
from django.urls import include, path

import coordination.urls as case_urls
from coordination.urls import interop as calendar_feed_urls
from ibbis import observability, views
from ibbis.accounts import companion_views, login_views
from ibbis.accounts import views as account_views
from ibbis.accounts.oidc import backchannel as oidc_backchannel
from ibbis.accounts.oidc import views as oidc_views
from ibbis.csp_report import csp_report
from ibbis.interop import urls as interop_urls
from trust.dashboard import urls as dashboard_urls

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", observability.livez, name="livez"),
    path("metrics", views.metrics, name="metrics"),
    path("csp-report/", csp_report, name="csp_report"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility"),
    path("login/", login_views.login_view, name="login"),
    path("login/verify/", login_views.login_verify, name="login_verify"),
    path("login/setup/", login_views.login_setup, name="login_setup"),
    path("enrol/<str:secret>/", login_views.enrol, name="enrol"),
    # A companion's one-time link to choose a password (issue 18).
    path("companion/welcome/<str:uidb64>/<str:token>/", companion_views.companion_welcome,
         name="companion_welcome"),
    # OpenID Connect (issue 19): MitID through NemLog-in, the organisation's own sign-in.
    path("login/oidc/<slug:provider>/", oidc_views.oidc_start, name="oidc_start"),
    path("login/oidc/<slug:provider>/callback/", oidc_views.oidc_callback,
         name="oidc_callback"),
    path("login/oidc/<slug:provider>/backchannel-logout/", oidc_backchannel.backchannel_logout,
         name="oidc_backchannel_logout"),
    # The login page then says the person is signed out (issue 17); after a provider's
    # sign-in, the provider's sign-out comes first.
    path("logout/", login_views.logout_view, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("ibbis.accounts.urls")),
    path("api/", include(("ibbis.api_urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    # The "coordination" namespace: case pages (coordination) and the manager's dashboard
    # (trust, above coordination), as before the layers were enforced (issue 16, item 6).
    path("", include(([*case_urls.urlpatterns, *dashboard_urls.urlpatterns],
                      case_urls.app_name))),
    path("", include("coordination.urls.meetings")),
    path("", include("trust.preview_urls")),
    path("", include("coordination.urls.hearings")),
    path("", include("coordination.urls.reminders")),
    path("", include("trust.urls")),
    # One namespace, two layers: the export's page (ibbis.interop) and the calendar feed's
    # (coordination), as before the export moved up (issue 16, item 6).
    path("", include(([*interop_urls.urlpatterns, *calendar_feed_urls.urlpatterns], "interop"))),
]

# JSON errors under /api/ and /csp-report/, Django's pages elsewhere (ibbis/views.py).
handler400 = "ibbis.views.bad_request"
handler404 = "ibbis.views.page_not_found"
handler500 = "ibbis.views.server_error"
