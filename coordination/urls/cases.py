"""Pages of cases, notifications and transfers (app_name "coordination"; ibbis/urls.py adds
the manager's dashboard, trust/dashboard/urls.py, to the same namespace)."""
from django.urls import path

from coordination.views import cases as views
from coordination.views import transfers as transfer_views

app_name = "coordination"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("cases/new/", views.case_open, name="case_open"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/absences/", views.absence_create, name="absence_create"),
    path("cases/<uuid:case_id>/extensions/", views.extension_create, name="extension_create"),
    path("cases/<uuid:case_id>/handover/", views.case_hand_over, name="case_hand_over"),
    path("cases/<uuid:case_id>/follow-up/", views.case_follow_up, name="case_follow_up"),
    path("my-case/", views.my_case, name="my_case"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/<uuid:notification_id>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/<uuid:transfer_id>/accept/", transfer_views.transfer_accept,
         name="transfer_accept"),
    path("transfers/<uuid:transfer_id>/decline/", transfer_views.transfer_decline,
         name="transfer_decline"),
]
