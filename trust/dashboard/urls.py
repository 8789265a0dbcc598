"""The manager's dashboard pages. ibbis/urls.py serves them in the "coordination" namespace
beside coordination's case pages (coordination/urls/cases.py), so the names stay
`coordination:dashboard*` and the paths are as before (issue 16, item 6: coordination's URLs
import no trust view)."""
from django.urls import path

from trust.dashboard import views as dashboard_views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "dashboard/professionals/<uuid:professional_id>/",
        dashboard_views.professional_caseload,
        name="dashboard_professional",
    ),
    path("dashboard/caseloads.csv", dashboard_views.caseloads_csv, name="dashboard_caseloads_csv"),
]
