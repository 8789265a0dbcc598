"""API routes of the interoperability exports (API.md, Overview and exports)."""
from django.urls import path

from .api import CaseExportView, CaseFhirView

urlpatterns = [
    path("cases/<uuid:case_id>/fhir/", CaseFhirView.as_view(), name="case-fhir"),
    path("cases/<uuid:case_id>/export/", CaseExportView.as_view(), name="case-export"),
]
