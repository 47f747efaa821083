"""Organisation single sign-on (OpenID Connect): a person the county's user register knows signs in with
their organisation account; nobody else does, and nobody is created. The provider is faked at the HTTP
level (token, userinfo and JWKS answers), so the real signature, nonce, PKCE and audience checks run."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from config.checks import check_oidc
from polku.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://login.county.example"
LOGIN = reverse("accounts:login")
START = reverse("accounts:oidc_start")
CALLBACK = reverse("accounts:oidc_callback")


@dataclass
class FakeResponse:
    payload: Any
    status_code: int = 200
    url: str = ""
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})

    @property
    def text(self) -> str:
        return json.dumps(self.payload)

    def json(self) -> Any:
        return self.payload

    def raise_for_status(self) -> None:
        assert self.status_code == 200


class FakeProvider:
    """The organisation's sign-in service: signs ID tokens with its RSA key and answers Polku's requests."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "county-key-1"
        self.claims: dict[str, Any] = {}
        self.userinfo: dict[str, Any] | None = None
        self.token_requests: list[dict[str, Any]] = []
        self.signing_key: Any = self.key
        self.nonce_override: str | None = None
        self.nonce = ""

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [public | {"kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": "polku", "iat": now, "exp": now + 300, "nonce": nonce} | self.claims
        return jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": self.kid})

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> FakeResponse:
        assert url == f"{ISSUER}/token"
        self.token_requests.append(data)
        return FakeResponse({"access_token": "access-1", "id_token": self.id_token(self.nonce)})

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        if url == f"{ISSUER}/jwks":
            return FakeResponse(self.jwks())
        assert url == f"{ISSUER}/userinfo"
        assert kwargs["headers"]["Authorization"] == "Bearer access-1"
        info = self.userinfo if self.userinfo is not None else {k: self.claims[k] for k in ("sub", "email")}
        return FakeResponse(info)


@pytest.fixture
def provider(settings: SettingsWrapper) -> Iterator[FakeProvider]:
    settings.POLKU_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "polku"
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.POLKU_OIDC_ISSUER = ISSUER
    settings.POLKU_OIDC_DISCOVERY_URL = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/jwks"
    settings.POLKU_OIDC_USER_CLAIM = "email"
    fake = FakeProvider()
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", side_effect=fake.post),
        mock.patch("mozilla_django_oidc.auth.requests.get", side_effect=fake.get),
    ):
        yield fake


def sign_in_with_organisation(
    client: HttpClient,
    provider: FakeProvider,
    claims: dict[str, Any],
    next_url: str = "",
    ip: str = "127.0.0.1",
) -> Any:
    """Press the organisation sign-in button, 'sign in' at the provider, and come back to the callback."""
    client.cookies["polku_language"] = "en"
    start = client.get(START + (f"?next={next_url}" if next_url else ""), REMOTE_ADDR=ip)
    assert start.status_code == 302
    location = urlsplit(start["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/authorize"
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert query["client_id"] == "polku"
    assert query["redirect_uri"] == f"http://testserver{CALLBACK}"
    assert query["code_challenge_method"] == "S256"
    provider.claims = claims
    provider.nonce = provider.nonce_override or query["nonce"]
    return client.get(CALLBACK, {"code": "code-1", "state": query["state"]}, REMOTE_ADDR=ip)


def messages_on_login_page(client: HttpClient) -> str:
    page = client.get(LOGIN)
    return " ".join(str(message) for message in page.context["messages"])


def test_a_known_user_signs_in_with_the_organisation_account_and_lands_where_they_were_going(
    client: HttpClient, provider: FakeProvider
) -> None:
    user = UserFactory(email="Sanna.Sosiaalityontekija@county.example")
    response = sign_in_with_organisation(
        client, provider, {"sub": "abc-123", "email": "sanna.sosiaalityontekija@county.example"}, "/clients/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(reverse("workday:home")).context["user"] == user
    # The code was exchanged with the PKCE verifier, for the same redirect address.
    (token_request,) = provider.token_requests
    assert token_request["code"] == "code-1"
    assert token_request["code_verifier"]
    assert token_request["redirect_uri"] == f"http://testserver{CALLBACK}"


def test_an_unknown_person_is_refused_and_told_that_access_comes_from_the_user_register(
    client: HttpClient, provider: FakeProvider
) -> None:
    UserFactory(email="someone.else@county.example")
    users = User.objects.count()
    response = sign_in_with_organisation(
        client, provider, {"sub": "x-1", "email": "new.person@county.example"}
    )
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert User.objects.count() == users  # nobody is created
    assert "user register" in messages_on_login_page(client)


def test_a_deactivated_user_is_refused(client: HttpClient, provider: FakeProvider) -> None:
    UserFactory(email="former@county.example", is_active=False)
    response = sign_in_with_organisation(client, provider, {"sub": "x-2", "email": "former@county.example"})
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert "not in use" in messages_on_login_page(client)


def test_a_user_deactivated_after_signing_in_is_signed_out(
    client: HttpClient, provider: FakeProvider
) -> None:
    user = UserFactory(email="leaving@county.example")
    sign_in_with_organisation(client, provider, {"sub": "x-3", "email": "leaving@county.example"})
    assert client.get(reverse("workday:home")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("workday:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_two_users_with_the_same_email_address_are_both_refused(
    client: HttpClient, provider: FakeProvider
) -> None:
    UserFactory(email="shared@county.example")
    UserFactory(email="SHARED@county.example")
    response = sign_in_with_organisation(client, provider, {"sub": "x-4", "email": "shared@county.example"})
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert "More than one" in messages_on_login_page(client)


def test_matching_by_subject_uses_the_users_organisation_account_identifier(
    client: HttpClient, provider: FakeProvider, settings: SettingsWrapper
) -> None:
    settings.POLKU_OIDC_USER_CLAIM = "sub"
    user = UserFactory(email="", sso_identifier="0f3c-77aa")
    UserFactory(email="same.address@county.example")  # an email address no longer decides
    response = sign_in_with_organisation(
        client, provider, {"sub": "0f3c-77aa", "email": "same.address@county.example"}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)

    other = HttpClient()
    response = sign_in_with_organisation(other, provider, {"sub": "unknown-sub", "email": "x@county.example"})
    assert SESSION_KEY not in other.session


def test_an_unverified_email_address_does_not_match(client: HttpClient, provider: FakeProvider) -> None:
    UserFactory(email="claimed@county.example")
    claims = {"sub": "x-5", "email": "claimed@county.example", "email_verified": False}
    provider.userinfo = claims
    sign_in_with_organisation(client, provider, claims)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "tamper",
    ["other_key", "other_audience", "other_issuer", "replayed_nonce", "userinfo_of_someone_else"],
)
def test_a_forged_or_misdirected_id_token_signs_nobody_in(
    client: HttpClient, provider: FakeProvider, tamper: str
) -> None:
    UserFactory(email="target@county.example")
    claims: dict[str, Any] = {"sub": "x-6", "email": "target@county.example"}
    if tamper == "other_key":
        provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif tamper == "other_audience":
        claims["aud"] = "another-service"
    elif tamper == "other_issuer":
        claims["iss"] = "https://evil.example"
    elif tamper == "replayed_nonce":
        provider.nonce_override = "a-nonce-from-another-sign-in"
    else:
        provider.userinfo = {"sub": "someone-else", "email": "target@county.example"}
    response = sign_in_with_organisation(client, provider, claims)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert "did not succeed" in messages_on_login_page(client)


def test_the_login_page_offers_the_organisation_account_only_when_configured(
    client: HttpClient, settings: SettingsWrapper
) -> None:
    client.cookies["polku_language"] = "en"
    settings.POLKU_OIDC_ENABLED = False
    assert "organisation account" not in client.get(LOGIN).content.decode()
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK, {"code": "c", "state": "s"}).status_code == 404

    settings.POLKU_OIDC_ENABLED = True
    html = client.get(LOGIN + "?next=/clients/").content.decode()
    assert "Sign in with your organisation account" in html
    assert f'href="{START}?next=/clients/"' in html


def test_endpoints_come_from_the_discovery_document_fetched_once(
    client: HttpClient, provider: FakeProvider, settings: SettingsWrapper
) -> None:
    cache.clear()
    settings.POLKU_OIDC_DISCOVERY_URL = f"{ISSUER}/.well-known/openid-configuration"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    settings.POLKU_OIDC_ISSUER = ""
    document = {
        "issuer": ISSUER,
        "authorization_endpoint": f"{ISSUER}/authorize",
        "token_endpoint": f"{ISSUER}/token",
        "userinfo_endpoint": f"{ISSUER}/userinfo",
        "jwks_uri": f"{ISSUER}/jwks",
    }
    user = UserFactory(email="discovered@county.example")
    fetched: list[str] = []

    def get(url: str, **kwargs: Any) -> FakeResponse:
        if url.endswith("/.well-known/openid-configuration"):
            fetched.append(url)
            return FakeResponse(document)
        return provider.get(url, **kwargs)

    with mock.patch("requests.get", side_effect=get):
        sign_in_with_organisation(client, provider, {"sub": "x-7", "email": "discovered@county.example"})
        assert client.session[SESSION_KEY] == str(user.pk)
        assert client.get(START).status_code == 302
    assert fetched == [f"{ISSUER}/.well-known/openid-configuration"]
    cache.clear()


def test_an_unreachable_provider_sends_the_person_back_to_the_login_page_with_a_message(
    client: HttpClient, provider: FakeProvider, settings: SettingsWrapper
) -> None:
    import requests

    cache.clear()
    settings.POLKU_OIDC_DISCOVERY_URL = f"{ISSUER}/.well-known/openid-configuration"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    client.cookies["polku_language"] = "en"
    with mock.patch("requests.get", side_effect=requests.ConnectionError("down")):
        response = client.get(START)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "did not succeed" in messages_on_login_page(client)


def test_refused_organisation_sign_ins_lock_nobody_out_while_wrong_passwords_still_do(
    client: HttpClient, provider: FakeProvider
) -> None:
    user = UserFactory(username="kohde", email="kohde@county.example")
    for attempt in range(6):
        refused = sign_in_with_organisation(
            HttpClient(), provider, {"sub": f"n-{attempt}", "email": "nobody@county.example"}
        )
        assert refused["Location"] == LOGIN
    # Six refusals from one office address: a colleague at the same address still signs in.
    colleague = HttpClient()
    response = sign_in_with_organisation(colleague, provider, {"sub": "k-1", "email": "kohde@county.example"})
    assert response.status_code == 302
    assert colleague.session[SESSION_KEY] == str(user.pk)

    for _ in range(5):
        client.post(LOGIN, {"username": "kohde", "password": "wrong password"})
    locked = client.post(LOGIN, {"username": "kohde", "password": PASSWORD})
    assert locked.status_code == 429
    assert SESSION_KEY not in client.session


def ids(settings_check: list[Any]) -> list[str]:
    return [message.id for message in settings_check]


def test_half_configured_organisation_sign_in_is_error_e005(settings: SettingsWrapper) -> None:
    settings.POLKU_OIDC_ENABLED = False
    settings.OIDC_RP_CLIENT_SECRET = ""
    settings.POLKU_OIDC_DISCOVERY_URL = ""
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", "")
    assert check_oidc() == []  # off

    settings.OIDC_RP_CLIENT_SECRET = "secret"  # a secret without a client
    (message,) = check_oidc()
    assert message.id == "polku.E005" and "POLKU_OIDC_CLIENT_ID" in message.msg

    settings.POLKU_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "polku"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    (message,) = check_oidc()  # RS256 without the provider's keys
    assert "POLKU_OIDC_JWKS_ENDPOINT" in message.msg
    assert "POLKU_OIDC_TOKEN_ENDPOINT" not in message.msg

    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/jwks"
    assert check_oidc() == []

    settings.OIDC_RP_CLIENT_SECRET = ""
    (message,) = check_oidc()
    assert "POLKU_OIDC_CLIENT_SECRET" in message.msg

    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    settings.POLKU_OIDC_DISCOVERY_URL = f"{ISSUER}/.well-known/openid-configuration"
    assert check_oidc() == []  # discovery gives the endpoints

    settings.OIDC_RP_SIGN_ALGO = "none"
    assert ids(check_oidc()) == ["polku.E005"]
