"""The client's log extract requests (ATL 11): register, read the extract as a page or a PDF, answer."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.models import AuthedRequest
from polku.core.forms import add_refusal, message_refusal, posted_version
from polku.registry.forms import LogExtractRequestForm
from polku.registry.log_extract_document import log_extract_pdf
from polku.registry.log_extracts import (
    DOCUMENT_LANGUAGES,
    client_for_log_extracts,
    log_extract_build,
    log_extract_request_get_for_user,
    log_extract_requests_of,
)
from polku.registry.services import log_extract_request_answer, log_extract_request_register


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


@login_required
def log_extract(request: AuthedRequest, log_request_id: UUID) -> HttpResponse:
    extract = log_extract_build(
        user=request.user,
        request_id=log_request_id,
        view="casework:log_extract",
        language=request.GET.get("lang", ""),
    )
    return render(
        request,
        "registry/log_extract.html",
        {"extract": extract, "client": extract.client, "document_languages": DOCUMENT_LANGUAGES},
    )


@login_required
def log_extract_pdf_view(request: AuthedRequest, log_request_id: UUID) -> HttpResponse:
    extract = log_extract_build(
        user=request.user,
        request_id=log_request_id,
        view="casework:log_extract_pdf",
        language=request.GET.get("lang", ""),
    )
    response = HttpResponse(log_extract_pdf(extract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lokiote-{extract.generated_at:%Y%m%d}.pdf"'
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
