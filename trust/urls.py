from django.urls import path

from . import views

app_name = "trust"

urlpatterns = [
    path("cases/<uuid:case_id>/notes/", views.note_list, name="note_list"),
    path("my-case/consent/", views.my_consent, name="my_consent"),
    path("my-case/access-log/", views.my_access_log, name="my_access_log"),
    path(
        "meetings/<uuid:meeting_id>/checklist/",
        views.meeting_checklist,
        name="meeting_checklist",
    ),
    path("my-case/feedback/", views.my_feedback, name="my_feedback"),
    path(
        "meetings/<uuid:meeting_id>/feedback/", views.meeting_feedback, name="meeting_feedback"
    ),
    path("checklists/", views.checklist_edit, name="checklist_edit"),
]
