from django.urls import path

from polku.appointments import views, views_calendar

app_name = "appointments"

urlpatterns = [
    path("week/", views_calendar.week, name="week"),
    path("team/", views_calendar.team, name="team"),
    path("feed/", views_calendar.feed_settings, name="feed_settings"),
    path("feed/<str:feed_token>.ics", views_calendar.feed, name="feed"),
    path("clients/<uuid:client_id>/", views.client_view, name="client"),
    path("clients/<uuid:client_id>/section/", views.client_section, name="client_section"),
    path("<uuid:appointment_id>/", views.detail, name="detail"),
]
