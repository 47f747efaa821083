"""One error shape for the whole API: {"detail": "...", "errors": {field: [messages]}}."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from polku.api.parser import MalformedJson, UnsupportedContentType

request_logger = logging.getLogger("django.request")

NON_FIELD = "__all__"


def _field_name(loc: list[Any]) -> str:
    # ninja reports locations such as ["body", "payload", "person", "hetu"] or ["path", "client_id"].
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or NON_FIELD


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def is_stale(exc: DjangoValidationError) -> bool:
    """A refusal because the record changed since it was read (StaleEditError, or any error coded "stale")."""
    if hasattr(exc, "error_dict"):
        parts = [error for errors in exc.error_dict.values() for error in errors]
    else:
        parts = list(exc.error_list)
    return any(getattr(error, "code", None) == "stale" for error in parts)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(
        request: HttpRequest,
        status: int,
        detail: str,
        errors: dict[str, list[str]] | None = None,
    ) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(NinjaValidationError)
    def schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            errors.setdefault(_field_name(list(item.get("loc", []))), []).append(str(item.get("msg", "")))
        return respond(request, 400, _("The request has invalid fields."), errors)

    @api.exception_handler(DjangoValidationError)
    def domain_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        if is_stale(exc):
            # Optimistic locking: the record changed after the caller read it; nothing was overwritten.
            return respond(
                request,
                409,
                _("Someone else saved this record after you read it. Read it again and resend your change."),
                errors,
            )
        return respond(request, 400, _("The request was refused: see the errors."), errors)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, str(exc) or _("You do not have permission for this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, _("Not found."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request, 401, _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja answers every body it cannot parse with the same HttpError; JsonOnlyParser says why.
        cause = exc.__cause__
        if isinstance(cause, UnsupportedContentType):
            return respond(
                request, 415, _("Send the request body as JSON, with 'Content-Type: application/json'.")
            )
        if isinstance(cause, MalformedJson):
            if cause.line is None:
                return respond(request, 400, _("The request body is not valid JSON in UTF-8."))
            return respond(
                request,
                400,
                _("The request body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": cause.line, "column": cause.column},
            )
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(
            request,
            413,
            _("The request body is too large: send at most %(limit)s bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        )

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Logged where Django logs them for pages; the caller learns nothing about what was suspected.
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        return respond(request, 400, _("The request was refused."))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        if settings.DEBUG:
            raise exc  # Django's debug page, for development only
        # Logged like Django's own 500s (with the traceback, for the administrators); the answer carries
        # no exception text, setting, query or stack trace.
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return respond(
            request,
            500,
            _(
                "Something went wrong on the server. Try again in a moment; if the error repeats, contact "
                "your administrator."
            ),
        )
