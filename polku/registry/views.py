"""The client's log extract requests (ATL 11): register, read the extract as a paged page, a streamed JSON
file or a PDF document written in the background, answer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.core.forms import add_refusal, message_refusal, posted_version
from polku.core.pagination import page_of
from polku.registry.forms import LogExtractDocumentForm, LogExtractRequestForm
from polku.registry.log_extract_document import PDF_MAX_USES, document_filename
from polku.registry.log_extract_json import extract_json_response
from polku.registry.log_extracts import (
    DOCUMENT_LANGUAGES,
    EXTRACT_OBJECT,
    LogExtract,
    LogExtractScope,
    client_for_log_extracts,
    disclosure_row,
    extract_disclosures,
    extract_uses,
    log_extract_open,
    log_extract_request_get_for_user,
    log_extract_requests_of,
    use_rows,
)
from polku.registry.models import ExportStatus, LogExtractExport, LogExtractRequest
from polku.registry.services import (
    log_extract_document_order,
    log_extract_request_answer,
    log_extract_request_register,
)

PENDING = (ExportStatus.QUEUED, ExportStatus.RUNNING)


@login_required
def log_extracts(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for_log_extracts(user=request.user, client_id=client_id, view="casework:log_extracts")
    form = LogExtractRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registered = log_extract_request_register(actor=request.user, client=client, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("The request was registered. The answer is due on %(day)s.")
                % {"day": formats.date_format(registered.due_on, "SHORT_DATE_FORMAT")},
            )
            return redirect("casework:log_extracts", client_id=client.pk)
    return render(
        request,
        "registry/log_extracts.html",
        {"client": client, "requests": log_extract_requests_of(client), "form": form},
    )


USES_PER_PAGE = 100


def _documents(log_request: LogExtractRequest) -> list[LogExtractExport]:
    return list(
        LogExtractExport.objects.filter(request=log_request)
        .defer("content")
        .select_related("created_by")[:10]
    )


def _documents_context(log_request: LogExtractRequest) -> dict[str, Any]:
    documents = _documents(log_request)
    return {
        "documents": documents,
        "documents_pending": any(d.status in PENDING for d in documents),
        "log_request": log_request,
    }


@login_required
def log_extract(request: AuthedRequest, log_request_id: UUID) -> HttpResponse:
    """The extract a page of uses at a time (all disclosures on each page: they are few), with the PDF
    documents ordered of it and the form to order one."""
    scope = log_extract_open(
        user=request.user,
        request_id=log_request_id,
        view="casework:log_extract",
        language=request.GET.get("lang", ""),
    )
    return _extract_page(request, scope, LogExtractDocumentForm(initial=_document_initial(scope)))


def _document_initial(scope: LogExtractScope) -> dict[str, Any]:
    return {"period_start": scope.request.period_start, "period_end": scope.request.period_end}


def _extract_page(
    request: AuthedRequest, scope: LogExtractScope, form: LogExtractDocumentForm, status: int = 200
) -> HttpResponse:
    page = page_of(extract_uses(scope), request, per_page=USES_PER_PAGE)
    uses = [row for batch in use_rows(page.object_list, scope.language) for row in batch]
    disclosures = [disclosure_row(row) for row in extract_disclosures(scope)]
    extract = LogExtract.of(scope, uses, disclosures)
    return render(
        request,
        "registry/log_extract.html",
        {
            "extract": extract,
            "client": extract.client,
            "page": page,
            "document_languages": DOCUMENT_LANGUAGES,
            "form": form,
            "pdf_max_uses": PDF_MAX_USES,
            **_documents_context(scope.request),
        },
        status=status,
    )


@login_required
def log_extract_json(request: AuthedRequest, log_request_id: UUID) -> HttpResponseBase:
    """The whole extract as a JSON file, streamed (any number of rows in constant memory)."""
    scope = log_extract_open(
        user=request.user,
        request_id=log_request_id,
        view="casework:log_extract_json",
        language=request.GET.get("lang", ""),
    )
    return extract_json_response(scope, download=True)


@login_required
@require_POST
def log_extract_pdf_view(request: AuthedRequest, log_request_id: UUID) -> HttpResponse:
    """Order the PDF document of the extract (or of a part of its period) from the background worker."""
    scope = log_extract_open(
        user=request.user,
        request_id=log_request_id,
        view="casework:log_extract_pdf",
        language=request.POST.get("lang", ""),
    )
    form = LogExtractDocumentForm(request.POST)
    if form.is_valid():
        try:
            log_extract_document_order(actor=request.user, scope=scope, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request, _("The PDF document is being written. It is offered here when it is ready.")
            )
            url = reverse("casework:log_extract", kwargs={"log_request_id": scope.request.pk})
            return redirect(f"{url}?{urlencode({'lang': scope.language})}#documents")
    return _extract_page(request, scope, form, status=400)


@login_required
def log_extract_documents(request: AuthedRequest, log_request_id: UUID) -> HttpResponse:
    """The list of the request's PDF documents and their progress, which the page asks for again every
    few seconds while one is being written."""
    log_request, _client = log_extract_request_get_for_user(
        user=request.user, request_id=log_request_id, view="casework:log_extract_documents"
    )
    return render(request, "registry/_log_extract_documents.html", _documents_context(log_request))


@login_required
def log_extract_document(request: AuthedRequest, export_id: UUID) -> HttpResponse:
    """A finished PDF document, to those who may see the request's client; the download is logged as a
    reading of the extract."""
    export = get_object_or_404(LogExtractExport, pk=export_id, status=ExportStatus.DONE)
    log_extract_request_get_for_user(
        user=request.user,
        request_id=export.request_id,
        view="casework:log_extract_document",
        object_type=EXTRACT_OBJECT,
    )
    response = HttpResponse(bytes(export.content or b""), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document_filename(export)}"'
    return response


@login_required
@require_POST
def log_extract_answer(request: AuthedRequest, log_request_id: UUID) -> HttpResponse:
    log_request, client = log_extract_request_get_for_user(
        user=request.user, request_id=log_request_id, view="casework:log_extract_answer"
    )
    try:
        log_extract_request_answer(
            actor=request.user,
            request=log_request,
            client=client,
            expected_version=posted_version(request),
        )
        messages.success(request, _("The request was marked answered, and the answer was logged."))
    except (ValidationError, PermissionDenied) as exc:
        message_refusal(request, exc)
    return redirect("casework:log_extract", log_request_id=log_request.pk)
