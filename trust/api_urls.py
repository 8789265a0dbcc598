from django.urls import path

from .api import meetings, notes, overview, relational

urlpatterns = [
    path("cases/<uuid:case_id>/notes/", notes.CaseNotesView.as_view(), name="case-notes"),
    path("notes/<uuid:note_id>/", notes.NoteDetailView.as_view(), name="note-detail"),
    path(
        "cases/<uuid:case_id>/consents/", notes.CaseConsentsView.as_view(), name="case-consents"
    ),
    path(
        "consents/<uuid:consent_id>/revoke/",
        notes.ConsentRevokeView.as_view(),
        name="consent-revoke",
    ),
    path(
        "cases/<uuid:case_id>/access-log/",
        notes.CaseAccessLogView.as_view(),
        name="case-access-log",
    ),
    path(
        "meetings/<uuid:meeting_id>/checklist/",
        meetings.MeetingChecklistView.as_view(),
        name="meeting-checklist",
    ),
    path(
        "meetings/<uuid:meeting_id>/checklist/<uuid:item_id>/",
        meetings.MeetingChecklistItemView.as_view(),
        name="meeting-checklist-item",
    ),
    path(
        "meetings/<uuid:meeting_id>/feedback/",
        meetings.MeetingFeedbackView.as_view(),
        name="meeting-feedback",
    ),
    path("dashboard/", overview.DashboardView.as_view(), name="dashboard"),
    path(
        "relational-coordination/",
        relational.RelationalCoordinationView.as_view(),
        name="relational-coordination",
    ),
    path(
        "relational-coordination/colleagues/",
        relational.RelationalColleaguesView.as_view(),
        name="relational-coordination-colleagues",
    ),
    path(
        "relational-coordination/summary/",
        relational.RelationalSummaryView.as_view(),
        name="relational-coordination-summary",
    ),
    path(
        "checklist-templates/",
        overview.ChecklistTemplatesView.as_view(),
        name="checklist-templates",
    ),
]
