from django.urls import path

from polku.decisions import views

app_name = "decisions"

urlpatterns = [
    path("clients/<uuid:client_id>/", views.client_decisions, name="client"),
    path("clients/<uuid:client_id>/new/", views.create, name="create"),
    path("applications/<uuid:application_id>/new/", views.for_application, name="for_application"),
    path("<uuid:decision_id>/", views.detail, name="detail"),
    path("<uuid:decision_id>/notify/", views.notify, name="notify"),
    path("<uuid:decision_id>/service-started/", views.service_started, name="service_started"),
    path("<uuid:decision_id>/pdf/", views.pdf, name="pdf"),
]
