from django.urls import path

from polku.plans import views

app_name = "plans"

urlpatterns = [
    path("clients/<uuid:client_id>/", views.client_plan, name="client"),
    path("clients/<uuid:client_id>/avain/", views.avain_page, name="avain"),
    path("clients/<uuid:client_id>/pdf/", views.plan_pdf, name="pdf"),
    path("clients/<uuid:client_id>/read-link/", views.read_link, name="read_link"),
    path("clients/<uuid:client_id>/release/", views.release, name="release"),
    path("clients/<uuid:client_id>/activation/", views.activation, name="activation"),
    path("versions/<uuid:version_id>/", views.version, name="version"),
]
