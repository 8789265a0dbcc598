"""API route of emergency access (break the glass; issue 19)."""
from django.urls import path

from .emergency import CaseEmergencyAccessView

urlpatterns = [
    path("cases/<uuid:case_id>/emergency-access/", CaseEmergencyAccessView.as_view(),
         name="case-emergency-access"),
]
