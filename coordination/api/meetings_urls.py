"""API routes of meetings and the shared plan (API.md, Roundtable meetings; Shared plan)."""
from django.urls import path

from .companions import CompanionView, MeetingCompanionDetailView, MeetingCompanionsView
from .meeting_voice import AgendaItemsView, MeetingReplyView, MinutesResponsesView
from .meetings import MeetingViewSet
from .plan import (
    GoalCreateView,
    GoalDetailView,
    PlanAcknowledgeView,
    PlanCommentsView,
    PlanHistoryView,
    PlanView,
)

meeting_list = MeetingViewSet.as_view({"get": "list", "post": "create"})
meeting_detail = MeetingViewSet.as_view({"get": "retrieve", "patch": "partial_update"})
# The action's own settings (its renderers) apply as a router would apply them.
meeting_ics = MeetingViewSet.as_view({"get": "ics"}, **MeetingViewSet.ics.kwargs)

urlpatterns = [
    path("meetings/", meeting_list, name="meeting-list"),
    path("meetings/<uuid:pk>/", meeting_detail, name="meeting-detail"),
    # API.md names the calendar without a trailing slash, as a file.
    path("meetings/<uuid:pk>/ics", meeting_ics, name="meeting-ics"),
    # Issue 18: the service user's voice at a meeting.
    path("meetings/<uuid:meeting_id>/reply/", MeetingReplyView.as_view(), name="meeting-reply"),
    path("meetings/<uuid:meeting_id>/agenda-items/", AgendaItemsView.as_view(),
         name="meeting-agenda-items"),
    path("meetings/<uuid:meeting_id>/minutes/responses/", MinutesResponsesView.as_view(),
         name="meeting-minutes-responses"),
    # Issue 18: a companion (bisidder) the service user brings, and the companion's view.
    path("meetings/<uuid:meeting_id>/companions/", MeetingCompanionsView.as_view(),
         name="meeting-companions"),
    path("meetings/<uuid:meeting_id>/companions/<uuid:companion_id>/",
         MeetingCompanionDetailView.as_view(), name="meeting-companion"),
    path("companion/", CompanionView.as_view(), name="companion-view"),
    path("cases/<uuid:case_id>/plan/", PlanView.as_view(), name="plan"),
    path("cases/<uuid:case_id>/plan/goals/", GoalCreateView.as_view(), name="plan-goals"),
    path(
        "cases/<uuid:case_id>/plan/goals/<uuid:goal_id>/",
        GoalDetailView.as_view(),
        name="plan-goal",
    ),
    path("cases/<uuid:case_id>/plan/history/", PlanHistoryView.as_view(), name="plan-history"),
    path(
        "cases/<uuid:case_id>/plan/acknowledge/",
        PlanAcknowledgeView.as_view(),
        name="plan-acknowledge",
    ),
    path("cases/<uuid:case_id>/plan/comments/", PlanCommentsView.as_view(), name="plan-comments"),
]
