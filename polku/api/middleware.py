"""The API answers in its own error shape even where the request never reaches an operation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from polku.api.errors import error_body

API_PREFIX = "/api/"


class ApiErrorShapeMiddleware:
    """An unknown API address (404) or a method an operation does not take (405) is answered as JSON
    `{"detail": ..., "errors": {}}` like every other API error, not as a page or plain text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code not in (404, 405)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            detail = _("There is no such address in the API: see /api/v1/openapi.json.")
        else:
            detail = _("This address does not take %(method)s; it takes %(allowed)s.") % {
                "method": request.method,
                "allowed": response.get("Allow", ""),
            }
        answer = JsonResponse(error_body(detail), status=response.status_code)
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer
