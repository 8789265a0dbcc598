"""The service user's reminder choices (issue 18; app_name "reminders")."""
from django.urls import path

from coordination.views import reminders as reminder_views

app_name = "reminders"

urlpatterns = [
    path("my-case/reminders/", reminder_views.my_reminders, name="my_reminders"),
]
