"""Pages of meetings and the shared plan (app_name "meetings")."""
from django.urls import path

from coordination.views import companions as companion_views
from coordination.views import meeting_voice as voice_views
from coordination.views import meetings as meeting_views
from coordination.views import plan as plan_views
from coordination.views import printing as print_views

app_name = "meetings"

urlpatterns = [
    path("cases/<uuid:case_id>/meetings/", meeting_views.case_meetings, name="case_meetings"),
    path("cases/<uuid:case_id>/meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:meeting_id>/", meeting_views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<uuid:meeting_id>/reschedule/",
        meeting_views.meeting_reschedule,
        name="meeting_reschedule",
    ),
    path("meetings/<uuid:meeting_id>/cancel/", meeting_views.meeting_cancel,
         name="meeting_cancel"),
    path("meetings/<uuid:meeting_id>/held/", meeting_views.meeting_record_held,
         name="meeting_record_held"),
    path("meetings/<uuid:meeting_id>/calendar.ics", meeting_views.meeting_ics,
         name="meeting_ics"),
    # Issue 18: the service user's voice at a meeting.
    path("meetings/<uuid:meeting_id>/reply/", voice_views.meeting_reply_page,
         name="meeting_reply"),
    path("meetings/<uuid:meeting_id>/agenda-items/", voice_views.agenda_item_page,
         name="meeting_agenda_item"),
    path("meetings/<uuid:meeting_id>/minutes/responses/", voice_views.minutes_response_page,
         name="meeting_minutes_response"),
    # Issue 18: a companion (bisidder) the service user brings, and the companion's page.
    path("meetings/<uuid:meeting_id>/companions/", companion_views.companion_invite_page,
         name="meeting_companion_invite"),
    path("meetings/<uuid:meeting_id>/companions/<uuid:companion_id>/revoke/",
         companion_views.companion_revoke_page, name="meeting_companion_revoke"),
    path("companion/", companion_views.companion_home, name="companion_home"),
    # Print views and their PDFs (issue 17); the PDFs only where WeasyPrint runs.
    path("meetings/<uuid:meeting_id>/print/", print_views.meeting_print, name="meeting_print"),
    path("meetings/<uuid:meeting_id>/minutes.pdf", print_views.meeting_pdf, name="meeting_pdf"),
    path("cases/<uuid:case_id>/plan/print/", print_views.plan_print, name="plan_print"),
    path("cases/<uuid:case_id>/plan/plan.pdf", print_views.plan_pdf, name="plan_pdf"),
    path("my-plan/", plan_views.my_plan, name="my_plan"),
    path("cases/<uuid:case_id>/plan/", plan_views.plan_detail, name="plan_detail"),
    path("cases/<uuid:case_id>/plan/goals/new/", plan_views.goal_new, name="goal_new"),
    path("cases/<uuid:case_id>/plan/goals/<uuid:goal_id>/", plan_views.goal_edit,
         name="goal_edit"),
    path("cases/<uuid:case_id>/plan/history/", plan_views.plan_history, name="plan_history"),
    path("cases/<uuid:case_id>/plan/acknowledge/", plan_views.plan_acknowledge_page,
         name="plan_acknowledge"),
    path("cases/<uuid:case_id>/plan/comments/", plan_views.plan_comment_page,
         name="plan_comment"),
]
