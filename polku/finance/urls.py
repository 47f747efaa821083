from django.urls import include, path

app_name = "finance"

urlpatterns = [
    path("", include("polku.finance.urls_household")),
    path("", include("polku.finance.urls_assistance")),
    path("", include("polku.finance.urls_credit")),
]
