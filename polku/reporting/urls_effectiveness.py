from django.urls import path

from polku.reporting import views_effectiveness

urlpatterns = [
    path("effectiveness/", views_effectiveness.effectiveness, name="effectiveness"),
    path("effectiveness/export/", views_effectiveness.effectiveness_export, name="effectiveness_export"),
]
