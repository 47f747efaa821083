"""Sessions end after inactivity and after a maximum length, whatever the activity.

The session store forgets a session `SESSION_COOKIE_AGE` (= POLKU_SESSION_IDLE_SECONDS) after it was last
saved. A request saves it only when its last-seen time is a minute old (`LAST_SEEN_STEP`), not on every
request: a page view writes nothing to the session store. This middleware adds what the
store cannot do: it ends a session `POLKU_SESSION_MAX_SECONDS` after signing in, keeps the idle limit even
where a store keeps sessions longer, and tells the person why they are at the login page again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

SIGNED_IN_AT = "polku_signed_in_at"
LAST_SEEN = "polku_last_seen"
LAST_SEEN_STEP = 60  # seconds: how stale the last-seen time may be before a request saves it again


def _now() -> float:
    return timezone.now().timestamp()


def stamp_sign_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    """`user_logged_in` receiver: the session remembers when its user signed in."""
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def inactivity_message() -> str:
    return _("Your session ended after inactivity. Please sign in again.")


def maximum_message() -> str:
    hours = f"{settings.POLKU_SESSION_MAX_SECONDS / 3600:g}"
    return _("Your session ended: one sign-in lasts at most %(hours)s hours. Please sign in again.") % {
        "hours": hours
    }


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = self._ended(request)
        if reason is not None:
            messages.info(request, reason)
            if request.headers.get("HX-Request"):
                # A fragment request would swap the login page into the page: send the whole page there.
                current = urlsplit(request.headers.get("HX-Current-URL", "")).path or request.path
                response = HttpResponse(status=204)
                response["HX-Redirect"] = redirect_to_login(current)["Location"]
                return response
        return self.get_response(request)

    def _ended(self, request: HttpRequest) -> str | None:
        """Why the session ended on this request, or None when it goes on (or there was none)."""
        if not request.user.is_authenticated:
            # The browser still sends a session cookie, but the store has forgotten the session: it
            # outlived the idle limit (signing out deletes the cookie).
            had_cookie = bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
            return inactivity_message() if had_cookie and request.session.session_key is None else None
        now = _now()
        signed_in_at = request.session.get(SIGNED_IN_AT)
        last_seen = request.session.get(LAST_SEEN, signed_in_at)
        if signed_in_at is None or now - signed_in_at >= settings.POLKU_SESSION_MAX_SECONDS:
            logout(request)
            return maximum_message()
        if last_seen is None or now - last_seen >= settings.POLKU_SESSION_IDLE_SECONDS:
            logout(request)
            return inactivity_message()
        if now - last_seen >= LAST_SEEN_STEP:
            request.session[LAST_SEEN] = now
        return None
