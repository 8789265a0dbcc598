from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("manage/", views.account_manage, name="manage"),
]
