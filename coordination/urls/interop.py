"""Pages of the service user's data export and the calendar feed (app_name "interop")."""
from django.urls import path

from coordination.views import interop as interop_views

app_name = "interop"

urlpatterns = [
    path("my-case/export/", interop_views.my_export, name="my_export"),
    path("calendar-feed/", interop_views.calendar_feed_settings, name="calendar_feed"),
    path("calendar/<str:token>.ics", interop_views.calendar_feed_ics, name="calendar_feed_ics"),
]
