"""The security log: a signed-in user's refused request (403/404) leaves a row with their name.

Probing for other clients' data (guessing ids in client pages or the API) answers 404 or 403; the
register keeper sees who tried, where and when with `polku registry denied`. Every refused request of a
signed-in user is kept, static files aside: the client-data addresses are most of the site, and a short
rule cannot miss one. API token users count as signed in: the API's TokenAuth puts its user on the
request, and this middleware looks at the request after the view has run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from polku.audit.services import security_log_write

logger = logging.getLogger(__name__)
REFUSED = (403, 404)


class SecurityLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.skip = tuple(prefix for prefix in (settings.STATIC_URL, "/favicon.ico") if prefix)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in REFUSED and not request.path.startswith(self.skip):
            user = getattr(request, "user", None)
            auth = getattr(request, "auth", None)
            if (user is None or not user.is_authenticated) and getattr(auth, "is_authenticated", False):
                user = auth
            if user is not None and user.is_authenticated:
                try:
                    security_log_write(
                        actor=user,
                        method=request.method or "",
                        path=request.path,
                        status=response.status_code,
                    )
                except Exception:  # the refusal stands; a log that cannot be written is an error to see
                    logger.exception("Could not write the security log row for %s", request.path)
        return response
