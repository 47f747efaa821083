from django.urls import path

from polku.reporting import views_exports as views

urlpatterns = [
    path("exports/<uuid:report_export_id>/", views.export, name="export"),
    path("exports/<uuid:report_export_id>/status/", views.export_status, name="export_status"),
    path("exports/<uuid:report_export_id>/download/", views.export_download, name="export_download"),
]
