from django.urls import path

from . import security_views, views

app_name = "accounts"

urlpatterns = [
    path("manage/", views.account_manage, name="manage"),
    path(
        "manage/<uuid:user_id>/enrolment-link/",
        views.enrolment_link_issue,
        name="enrolment_link_issue",
    ),
    path("security/", security_views.security, name="security"),
    path("password/", security_views.password_change, name="password_change"),
    path("security/two-factor/", security_views.two_factor_setup, name="two_factor_setup"),
    path(
        "security/two-factor/disable/",
        security_views.two_factor_disable,
        name="two_factor_disable",
    ),
    path(
        "security/recovery-codes/",
        security_views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path(
        "security/sign-out-everywhere/",
        security_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("auth-events/", security_views.auth_events, name="auth_events"),
]
