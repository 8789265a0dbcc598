from django.urls import path

from .views import checklists, consent, feedback, notes, relational, supervision

app_name = "trust"

urlpatterns = [
    path("cases/<uuid:case_id>/notes/", notes.note_list, name="note_list"),
    path("my-case/consent/", consent.my_consent, name="my_consent"),
    path("my-case/access-log/", consent.my_access_log, name="my_access_log"),
    path(
        "meetings/<uuid:meeting_id>/checklist/",
        checklists.meeting_checklist,
        name="meeting_checklist",
    ),
    path("my-case/feedback/", feedback.my_feedback, name="my_feedback"),
    path(
        "meetings/<uuid:meeting_id>/feedback/", feedback.meeting_feedback, name="meeting_feedback"
    ),
    path("checklists/", checklists.checklist_edit, name="checklist_edit"),
    path(
        "relational-coordination/", relational.relational_survey, name="relational_survey"
    ),
    path(
        "relational-coordination/summary/",
        relational.relational_summary_page,
        name="relational_summary",
    ),
    path("supervision/", supervision.supervision_list, name="supervision_list"),
    path(
        "supervision/<uuid:meeting_id>/",
        supervision.supervision_detail,
        name="supervision_detail",
    ),
]
