"""Pages of the hearing before a decision (issue 18; app_name "hearings")."""
from django.urls import path

from coordination.views import hearings as hearing_views

app_name = "hearings"

urlpatterns = [
    path("cases/<uuid:case_id>/hearings/new/", hearing_views.hearing_send_page,
         name="hearing_send"),
    path("hearings/<uuid:hearing_id>/", hearing_views.hearing_page, name="hearing_detail"),
    path("hearings/<uuid:hearing_id>/answer/", hearing_views.hearing_answer_page,
         name="hearing_answer"),
    path("hearings/<uuid:hearing_id>/withdraw/", hearing_views.hearing_withdraw_page,
         name="hearing_withdraw"),
]
