"""Pages of social assistance applications."""

from django.urls import path

from polku.finance import views_assistance as views

urlpatterns = [
    path("clients/<uuid:client_id>/applications/", views.applications, name="applications"),
    path("clients/<uuid:client_id>/applications/new/", views.application_create, name="application_create"),
    path("applications/<uuid:application_id>/", views.application_detail, name="application"),
    path(
        "applications/<uuid:application_id>/complete/",
        views.application_complete_view,
        name="application_complete",
    ),
    path(
        "applications/<uuid:application_id>/withdraw/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
]
