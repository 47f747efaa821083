"""Organisation single sign-on through OpenID Connect (mozilla-django-oidc), beside Polku's own accounts.

Who may use Polku, and with which role and teams, is decided in the county's user register, which is
Polku's user table: the organisation's sign-in service only proves who the person is. So the ID token is
matched to an existing, active user (by email address, or by the claim POLKU_OIDC_USER_CLAIM against the
user's organisation account identifier) and nobody is ever created here. The ID token's signature, nonce,
audience, issuer and expiry are checked, and the userinfo answer must be about the same subject.

Nothing here runs, and no provider is contacted, unless POLKU_OIDC_CLIENT_ID is set: the backend stands
aside for password sign-ins and the two views answer 404.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from polku.accounts.models import User

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 60 * 60

# Why a sign-in through the organisation was refused: the login page says so.
REFUSALS = {
    "unknown": _(
        "Your organisation account is not linked to any Polku user. Access to Polku is granted only in the "
        "county's user register: ask your supervisor or Polku's administrator to add you."
    ),
    "ambiguous": _(
        "More than one Polku user matches your organisation account. Ask Polku's administrator to correct "
        "the user register."
    ),
    "inactive": _("Your Polku user account is not in use. Ask Polku's administrator."),
    "failed": _(
        "Signing in with your organisation account did not succeed. Try again; if it keeps failing, "
        "contact Polku's administrator."
    ),
}
REFUSAL_ATTRIBUTE = "polku_oidc_refusal"


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


def _discovery(url: str) -> dict[str, Any]:
    key = f"polku:oidc-discovery:{url}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        if not isinstance(document, dict):
            raise ProviderUnavailable("the discovery document is not a JSON object")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def provider() -> Provider:
    """The provider's endpoints: each explicit setting, else the discovery document's value."""
    url = settings.POLKU_OIDC_DISCOVERY_URL
    document = _discovery(url) if url else {}
    return Provider(
        issuer=settings.POLKU_OIDC_ISSUER or str(document.get("issuer", "")),
        authorization_endpoint=settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        or str(document.get("authorization_endpoint", "")),
        token_endpoint=settings.OIDC_OP_TOKEN_ENDPOINT or str(document.get("token_endpoint", "")),
        userinfo_endpoint=settings.OIDC_OP_USER_ENDPOINT or str(document.get("userinfo_endpoint", "")),
        jwks_uri=settings.OIDC_OP_JWKS_ENDPOINT or str(document.get("jwks_uri", "")),
    )


def is_oidc_callback(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """AXES_WHITELIST_CALLABLE: django-axes counts wrong passwords, not refused organisation sign-ins.

    The callback takes no password; the provider throttles its own sign-ins. Counting its refusals would
    lock everyone behind one office address out of organisation sign-in."""
    return request.path_info == reverse("accounts:oidc_callback") and not (credentials or {}).get("username")


def _refuse(request: HttpRequest, reason: str) -> None:
    setattr(request, REFUSAL_ATTRIBUTE, reason)


class PolkuOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in an existing, active Polku user whose organisation account the provider vouches for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every sign-in, password ones too: read nothing and contact
        # nobody until an OpenID Connect callback is being answered.
        self.UserModel = get_user_model()
        self.issuer = ""

    def _configure(self) -> None:
        endpoints = provider()
        self.issuer = endpoints.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks_uri or None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce; a password sign-in passes a user name and a password.
        if request is None or not settings.POLKU_OIDC_ENABLED or "nonce" not in kwargs:
            return None
        if "username" in kwargs or "password" in kwargs:
            return None
        try:
            self._configure()
            user: User | None = super().authenticate(request, **kwargs)
        except (
            ProviderUnavailable,
            requests.RequestException,
            SuspiciousOperation,
            jwt.PyJWTError,
            KeyError,  # a provider answer without what it must contain (e.g. JWKS without "keys")
            ValueError,  # an answer that is not JSON
        ) as exc:
            logger.warning("Organisation sign-in failed: %s", exc)
            _refuse(request, "failed")
            return None
        if user is None and not hasattr(request, REFUSAL_ATTRIBUTE):
            _refuse(request, "failed")
        return user

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return True  # checked in get_or_create_user, where the ID token is at hand too

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        self._check_id_token(payload)
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # OpenID Connect Core 5.3.2: the userinfo answer must be about the ID token's subject.
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo subject differs from the ID token's subject.")
            claims.update(userinfo)
        return self._existing_user(claims)

    def _check_id_token(self, payload: dict[str, Any]) -> None:
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is not meant for Polku (aud).")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The ID token was issued to another party (azp).")
        if self.issuer and payload.get("iss") != self.issuer:
            raise SuspiciousOperation("The ID token comes from another issuer (iss).")
        if "exp" not in payload:
            raise SuspiciousOperation("The ID token has no expiry (exp).")

    def _existing_user(self, claims: dict[str, Any]) -> User | None:
        claim = settings.POLKU_OIDC_USER_CLAIM
        value = claims.get(claim)
        if not isinstance(value, str) or not value.strip():
            _refuse(self.request, "unknown")
            return None
        if claim == "email":
            if claims.get("email_verified") is False:
                _refuse(self.request, "unknown")
                return None
            users = list(User.objects.filter(email__iexact=value.strip())[:2])
        else:
            users = list(User.objects.filter(sso_identifier=value)[:2])
        if not users:
            logger.info("Organisation sign-in refused: no Polku user has this %s.", claim)
            _refuse(self.request, "unknown")
            return None
        if len(users) > 1:
            _refuse(self.request, "ambiguous")
            return None
        user = users[0]
        if not user.is_active:
            _refuse(self.request, "inactive")
            return None
        return user

    def get_user(self, user_id: Any) -> User | None:
        # mozilla-django-oidc's own get_user keeps a deactivated user signed in; Django's does not.
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None


class OIDCStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's sign-in page (with state, nonce and PKCE)."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoints are read per request, not when Django starts

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.POLKU_OIDC_ENABLED:
            raise Http404
        try:
            endpoints = provider()
        except ProviderUnavailable as exc:
            logger.warning("Organisation sign-in is unavailable: %s", exc)
            messages.error(request, REFUSALS["failed"])
            return redirect(settings.LOGIN_URL)
        self.OIDC_OP_AUTH_ENDPOINT = endpoints.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class OIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider sends the browser back here; a refusal lands on the login page with its reason."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.POLKU_OIDC_ENABLED:
            raise Http404
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, REFUSAL_ATTRIBUTE, "failed")
        messages.error(self.request, REFUSALS.get(reason, REFUSALS["failed"]))
        return HttpResponseRedirect(reverse(settings.LOGIN_URL))
