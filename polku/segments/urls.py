from django.urls import path

from polku.segments import views

app_name = "segments"

urlpatterns = [
    path("clients/<uuid:client_id>/", views.client_segment, name="client"),
    path("teams/", views.teams, name="teams"),
    path("teams/<uuid:team_id>/", views.team, name="team"),
    path("caseload/", views.caseload, name="caseload"),
]
