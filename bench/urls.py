"""Polku's URLs as they are, plus `/bench/bare/`: the baseline every page's throughput is compared with.

The bare page goes through the whole middleware stack like any Polku page (session from the same store,
the signed-in user loaded, security headers, CSP) and then makes one query on a primary key, the signed-in
user's organisation, and answers a few bytes of text: what Django itself costs on this server, per request.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as polku_urls
from polku.accounts.models import Organisation

BARE_PATH = "/bench/bare/"


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    organisation_id = getattr(request.user, "organisation_id", None)
    name = (
        Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True).first()
        if organisation_id is not None
        else None
    )
    return HttpResponse(f"bare: {name or '-'}\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *polku_urls.urlpatterns]

handler403 = polku_urls.handler403
handler404 = polku_urls.handler404
