"""The page of the service user's data export. ibbis/urls.py serves it in the "interop"
namespace beside the calendar feed's pages (coordination/urls/interop.py), as before."""
from django.urls import path

from . import views

urlpatterns = [
    path("my-case/export/", views.my_export, name="my_export"),
]
