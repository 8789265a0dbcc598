"""API routes of the hearing before a decision (issue 18; forvaltningsloven § 19)."""
from django.urls import path

from .hearings import CaseHearingsView, HearingAnswerView, HearingWithdrawView

urlpatterns = [
    path("cases/<uuid:case_id>/hearings/", CaseHearingsView.as_view(), name="case-hearings"),
    path("hearings/<uuid:hearing_id>/answer/", HearingAnswerView.as_view(),
         name="hearing-answer"),
    path("hearings/<uuid:hearing_id>/withdraw/", HearingWithdrawView.as_view(),
         name="hearing-withdraw"),
]
