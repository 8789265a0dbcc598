"""API routes of the service user's voice before a meeting (issue 18): the preview and the
reminder preferences. A module of their own, so the parallel parts of issue 18 grow
without touching one another's URL modules."""
from django.urls import path

from .preview import MeetingPreviewView

urlpatterns = [
    path("meetings/<uuid:meeting_id>/preview/", MeetingPreviewView.as_view(),
         name="meeting-preview"),
]
