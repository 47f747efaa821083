"""The client's documents as the archive takes them: a list for the worker, each version downloadable as
its XHTML display form, its JSON structured form or a PDF/A-2b."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from polku.accounts.models import AuthedRequest
from polku.archive.documents import KINDS, documents_of_client, export, find
from polku.clients.selectors import client_get_for_user

MEDIA_TYPES = {"xhtml": "application/xhtml+xml", "json": "application/json", "pdf": "application/pdf"}


@login_required
def documents(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_get_for_user(user=request.user, client_id=client_id, view="archive:documents")
    rows = sorted(documents_of_client(client), key=lambda d: d.made_at, reverse=True)
    return render(request, "archive/documents.html", {"client": client, "documents": rows, "kinds": KINDS})


@login_required
def download(request: AuthedRequest, client_id: UUID, oid: str, fmt: str) -> HttpResponse:
    if fmt not in MEDIA_TYPES:
        raise Http404("No such form.")
    client = client_get_for_user(user=request.user, client_id=client_id, view="archive:document")
    document = find(client, oid)
    if document is None:
        raise Http404("No such document.")
    try:
        exported = export(document)
    except ValidationError as refusal:
        return render(request, "archive/refused.html", {"client": client, "refusal": refusal}, status=422)
    response = HttpResponse(exported.files[fmt], content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exported.oid}.{fmt}"'
    return response
