from django.urls import path

from polku.archive import views

app_name = "archive"

urlpatterns = [
    path("clients/<uuid:client_id>/documents/", views.documents, name="documents"),
    path(
        "clients/<uuid:client_id>/documents/<str:oid>.<str:fmt>",
        views.download,
        name="document",
    ),
]
