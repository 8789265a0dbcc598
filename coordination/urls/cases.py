"""Pages of cases, notifications and transfers (app_name "coordination"; ibbis/urls.py adds
the manager's dashboard, trust/dashboard/urls.py, to the same namespace)."""
from django.urls import path

from coordination.views import (
    absences,
    caseload,
    cases,
    decisions,
    emergency,
    my_case,
    notifications,
)
from coordination.views import transfers as transfer_views

app_name = "coordination"

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
    path("cases/new/", cases.case_open, name="case_open"),
    path("cases/<uuid:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/absences/", absences.absence_create, name="absence_create"),
    path("cases/<uuid:case_id>/extensions/", decisions.extension_create, name="extension_create"),
    path("cases/<uuid:case_id>/handover/", cases.case_hand_over, name="case_hand_over"),
    path("cases/<uuid:case_id>/follow-up/", cases.case_follow_up, name="case_follow_up"),
    path("my-case/", my_case.my_case, name="my_case"),
    # Break the glass (issue 19): the case is named in the form, not in the path.
    path("emergency-access/", emergency.emergency_access, name="emergency_access"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/read-all/", notifications.notifications_read_all,
         name="notifications_read_all"),
    path(
        "notifications/<uuid:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/<uuid:transfer_id>/accept/", transfer_views.transfer_accept,
         name="transfer_accept"),
    path("transfers/<uuid:transfer_id>/decline/", transfer_views.transfer_decline,
         name="transfer_decline"),
]
