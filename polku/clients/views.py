"""Client pages: search, client page, registration and editing of basic data."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.accounts.models import AuthedRequest
from polku.accounts.selectors import teams_of
from polku.clients.forms import ClientCreateForm, ClientEditForm, ClientSearchForm
from polku.clients.selectors import client_get_for_user, client_relationship_rows, client_search_page
from polku.clients.services import EDITABLE_FIELDS, client_create, client_update, may_register_clients
from polku.core.forms import add_refusal
from polku.core.urls import uuid_url


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    form = ClientSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = client_search_page(user=request.user, query=query, request=request, view="clients:search")
    client_page = uuid_url("clients:detail", "client_id")
    context = {
        "form": form,
        "query": query,
        "page": page,
        "results": [(client_page(row.pk), row) for row in page.object_list],
        "may_register": may_register_clients(request.user),
    }
    template = "clients/_results.html" if request.headers.get("HX-Request") else "clients/search.html"
    return render(request, template, context)


@login_required
def detail(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="clients:detail")
    relationships = client_relationship_rows(client)
    links = {name: uuid_url(view, "client_id")(client.pk) for name, view in CLIENT_PAGE_LINKS.items()}
    return render(
        request, "clients/detail.html", {"client": client, "relationships": relationships, "links": links}
    )


# The client page's buttons to the client's other pages.
CLIENT_PAGE_LINKS = {
    "case": "casework:case",
    "timeline": "casework:timeline",
    "edit": "clients:edit",
    "log_extracts": "casework:log_extracts",
    "sharing": "clients:sharing",
    "money": "finance:client",
    "segment": "segments:client",
}


@login_required
def create(request: AuthedRequest) -> HttpResponse:
    teams = teams_of(request.user)
    if not may_register_clients(request.user):
        messages.error(request, _("Your role does not register clients."))
        return redirect("clients:search")
    form = ClientCreateForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            client = client_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Client registered."))
            return redirect("clients:detail", client_id=client.pk)
    return render(request, "clients/create.html", {"form": form})


@login_required
def edit(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="clients:edit")
    initial = {name: getattr(client, name) for name in EDITABLE_FIELDS} | {"version": client.version}
    form = ClientEditForm(request.POST or None, initial=initial, client=client)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            client_update(actor=request.user, client=client, expected_version=version, **data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("clients:detail", client_id=client.pk)
    return render(request, "clients/edit.html", {"form": form, "client": client})
