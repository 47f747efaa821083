from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from polku.api.api import api
from polku.casework.views_case import pre_assessment_answer
from polku.core import errors
from polku.plans.views import read as plan_read

urlpatterns = [
    path("", include("polku.accounts.urls")),
    path("clients/", include("polku.clients.urls")),
    path("casework/", include("polku.casework.urls")),
    path("decisions/", include("polku.decisions.urls")),
    path("services/", include("polku.provision.urls")),
    path("plans/", include("polku.plans.urls")),
    path("instruments/", include("polku.instruments.urls")),
    path("structural/", include("polku.structural.urls")),
    path("reports/", include("polku.reporting.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # The client's one-time link: short, without login, and outside every namespace a worker uses.
    path("p/<str:token>/", pre_assessment_answer, name="pre_assessment_answer"),
    path("r/<str:token>/", plan_read, name="plan_read"),
]

handler403 = errors.permission_denied
handler404 = errors.page_not_found
