"""The service user's preview page before a meeting (issue 18; app_name "preview")."""
from django.urls import path

from trust.views import preview as preview_views

app_name = "preview"

urlpatterns = [
    path("meetings/<uuid:meeting_id>/preview/", preview_views.meeting_preview_page,
         name="meeting_preview"),
]
