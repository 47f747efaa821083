from collections.abc import Callable

from django.contrib import admin
from django.http.response import HttpResponseBase
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from polku.api.api import api
from polku.casework.views_case import pre_assessment_answer
from polku.core import errors
from polku.finance.views_budget_link import budget_fill
from polku.instruments.views import answer as instrument_answer
from polku.plans.views import read as plan_read


def _moved(name: str) -> Callable[..., HttpResponseBase]:
    return RedirectView.as_view(pattern_name=name, permanent=True)


urlpatterns = [
    path("", include("polku.workday.urls")),
    path("", include("polku.accounts.urls")),
    path("clients/", include("polku.clients.urls")),
    path("casework/", include("polku.casework.urls")),
    path("messages/", include("polku.messaging.urls")),
    path("decisions/", include("polku.decisions.urls")),
    path("finance/", include("polku.finance.urls")),
    path("consultations/", include("polku.consultation.urls")),
    path("services/", include("polku.provision.urls")),
    path("plans/", include("polku.plans.urls")),
    path("appointments/", include("polku.appointments.urls")),
    path("instruments/", include("polku.instruments.urls")),
    path("structural/", include("polku.structural.urls")),
    path("archive/", include("polku.archive.urls")),
    path("segments/", include("polku.segments.urls")),
    path("reports/", include("polku.reporting.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # The client's one-time links (polku.clients.links): without login, outside every namespace a worker
    # uses, one prefix for every kind. The old addresses of links already sent redirect here for good.
    path("l/pre-assessment/<str:token>/", pre_assessment_answer, name="pre_assessment_answer"),
    path("l/plan/<str:token>/", plan_read, name="plan_read"),
    path("l/budget/<str:budget_token>/", budget_fill, name="budget_fill"),
    path("l/answer/<str:link_token>/", instrument_answer, name="instrument_answer"),
    path("p/<str:token>/", _moved("pre_assessment_answer"), name="pre_assessment_answer_moved"),
    path("r/<str:token>/", _moved("plan_read"), name="plan_read_moved"),
]

handler403 = errors.permission_denied
handler404 = errors.page_not_found
