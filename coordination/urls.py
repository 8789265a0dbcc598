from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("my-case/", views.my_case, name="my_case"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
