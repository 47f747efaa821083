from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("", include("polku.reporting.urls_effectiveness")),
    path("", include("polku.reporting.urls_monitoring")),
    path("", include("polku.reporting.urls_exports")),
]
