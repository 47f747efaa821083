"""The log extract pages. They are included in casework's URLs (config/urls.py → polku/casework/urls.py), so
that their paths (/casework/…) and names (casework:log_extract…) stay those the use log already holds."""

from django.urls import path

from polku.registry import views

urlpatterns = [
    path("clients/<uuid:client_id>/log-extracts/", views.log_extracts, name="log_extracts"),
    path("log-extracts/<uuid:log_request_id>/", views.log_extract, name="log_extract"),
    path("log-extracts/<uuid:log_request_id>/pdf/", views.log_extract_pdf_view, name="log_extract_pdf"),
    path("log-extracts/<uuid:log_request_id>/json/", views.log_extract_json, name="log_extract_json"),
    path(
        "log-extracts/<uuid:log_request_id>/documents/",
        views.log_extract_documents,
        name="log_extract_documents",
    ),
    path("log-extract-documents/<uuid:export_id>/", views.log_extract_document, name="log_extract_document"),
    path("log-extracts/<uuid:log_request_id>/answer/", views.log_extract_answer, name="log_extract_answer"),
]
