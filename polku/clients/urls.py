from django.urls import path

from polku.clients import views

app_name = "clients"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<uuid:client_id>/", views.detail, name="detail"),
    path("<uuid:client_id>/edit/", views.edit, name="edit"),
]
