"""Pages of the calendar feed. ibbis/urls.py serves them in the "interop" namespace with the
data export's page (ibbis/interop/urls.py), so every name and path is as before."""
from django.urls import path

from coordination.views import interop as interop_views

urlpatterns = [
    path("calendar-feed/", interop_views.calendar_feed_settings, name="calendar_feed"),
    path("calendar/<str:token>.ics", interop_views.calendar_feed_ics, name="calendar_feed_ics"),
]
