from django.urls import path

from polku.workday import views

app_name = "workday"

urlpatterns = [
    path("", views.home, name="home"),
    path("team-board/", views.board, name="board"),
    path("reminders/", views.reminder_settings, name="reminders"),
]
