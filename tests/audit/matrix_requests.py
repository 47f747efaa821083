"""How the access matrix walks the project and asks: every named URL pattern (pages, the admin site and
each django-ninja path), its parameters, a request as a given user, and what the answer means.

An answer is one of:

- "allow": 2xx, or a redirect that is neither to a sign-in page nor carries an error message;
- "deny:401", "deny:403", "deny:404", "deny:sign-in" (a redirect to a sign-in page) or "deny:message" (a
  redirect carrying an error message: the pages' polite refusal, e.g. "Your role does not register
  clients.");
- "method": 405, the route does not answer this method (a POST-only action asked with GET);
- anything else ("status 400", "status 500", "error ..."), which is always wrong.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, models, transaction
from django.http import HttpResponse
from django.test import Client as TestClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from polku.accounts.models import Team, User
from polku.accounts.services import token_create
from polku.api.api import api
from polku.audit.models import ChainHead, SecurityLogEntry, UseLogEntry

LOGIN_PATHS = frozenset({reverse("accounts:login"), reverse("admin:login")})
WRITE_METHODS = ("post", "put", "patch", "delete")

# Query parameters of pages that a GET needs to be a complete request, by the value that fills them.
PAGE_QUERIES: dict[str, dict[str, str]] = {
    "reporting:esr_csv": {"project": "project_id"},
    "reporting:esr_xlsx": {"project": "project_id"},
}
# API query parameters and body fields filled with a value of the matrix rather than a made-up one.
NAMED_VALUES = {
    "instrument": "instrument_code",
    "project": "project_id",
    "municipality": "municipality_id",
    "period": "half_year",
    "patient": "client_id",
}


@dataclass(frozen=True)
class Route:
    name: str
    parameters: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    """Every named URL pattern, the admin site's included (the use-log walker leaves it out)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(
                entry.url_patterns, f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            )
        elif isinstance(entry, URLPattern):
            if entry.name is None and namespace == "admin":
                # The admin site's own unnamed redirects (<object_id>/ to its change page, and the final
                # catch-all): the same admin_view guard as the named ones.
                continue
            assert entry.name, f"URL pattern {entry.pattern} has no name: name it so that it can be walked"
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, tuple(entry.pattern.regex.groupindex))


def all_routes() -> list[Route]:
    return sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r.name)


def admin_values(route: Route) -> dict[str, Any]:
    """Parameters of the admin site's routes: a real object of the route's model where there is one."""
    values: dict[str, Any] = {"app_label": "accounts", "id": User.objects.order_by("pk").first().pk}  # type: ignore[union-attr]
    team = Team.objects.order_by("pk").first()
    values |= {
        "content_type_id": ContentType.objects.get_for_model(Team).pk,
        "object_id": team.pk if team else 0,
    }
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix):
            first = model._default_manager.order_by("pk").first()
            values["object_id"] = first.pk if first is not None else 0
    return values


def url_of(route: Route, values: dict[str, Any]) -> str:
    if route.name.startswith("admin:"):
        values = values | admin_values(route)
    missing = [p for p in route.parameters if p not in values]
    assert not missing, f"{route.name}: teach the matrix a value for URL parameter(s) {missing}"
    return reverse(route.name, kwargs={p: values[p] for p in route.parameters})


# ---------------------------------------------------------------------------------------------------------
# API operations and their request bodies


@cache
def _document() -> dict[str, Any]:
    return api.get_openapi_schema()


def api_operations(route: Route, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{method: OpenAPI operation} of the API path that `route` is, found by filling the path templates;
    none for a URL that is no operation (django-ninja's name for the API root)."""
    url = url_of(route, values)
    for template, operations in _document()["paths"].items():
        filled = template
        for name, value in values.items():
            filled = filled.replace("{" + name + "}", str(value))
        if filled == url:
            return {m: op for m, op in operations.items() if m in ("get", *WRITE_METHODS)}
    return {}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = _document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _example(name: str, schema: dict[str, Any], values: dict[str, Any]) -> Any:
    """A small valid value for `schema`; the matrix's own objects where a field names one."""
    schema = _resolve(schema)
    key = NAMED_VALUES.get(name, name if schema.get("format") == "uuid" else None)
    if key in values:
        return str(values[key])
    if "anyOf" in schema:
        options = [_resolve(s) for s in schema["anyOf"]]
        if any(s.get("type") == "null" for s in options):
            return None
        return _example(name, options[0], values)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        required = set(schema.get("required", ()))
        properties = schema.get("properties", {}).items()
        return {key: _example(key, sub, values) for key, sub in properties if key in required}
    examples = {"array": [], "integer": max(1, schema.get("minimum", 1)), "number": 1, "boolean": True}
    if kind in examples:
        return examples[kind]
    formats = {"uuid": str(uuid.uuid4()), "date": "2026-01-07", "date-time": "2026-01-07T10:00:00+02:00"}
    return formats.get(schema.get("format", ""), "x" * max(1, schema.get("minLength", 1)))


def api_query(operation: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    return {
        p["name"]: _example(p["name"], p.get("schema", {}), values)
        for p in operation.get("parameters", ())
        if p["in"] == "query" and p.get("required")
    }


def api_body(operation: dict[str, Any], values: dict[str, Any]) -> Any:
    """A body that passes the operation's schema, so that a request reaches the access check."""
    body = operation.get("requestBody")
    if body is None:
        return None
    return _example("", body["content"]["application/json"]["schema"], values)


# ---------------------------------------------------------------------------------------------------------
# Asking


class Asker:
    """One signed-in browser (session) and one API token per user of the matrix. Pages are asked with the
    session, the API's reads with both, the API's writes with the token, as other systems send them."""

    def __init__(self, users: dict[str, User | None], fresh: dict[str, Callable[[], dict[str, Any]]]) -> None:
        self.fresh = fresh
        self.sessions: dict[str, TestClient] = {}
        self.tokens: dict[str, str | None] = {}
        for key, user in users.items():
            browser = TestClient(raise_request_exception=False)
            if user is not None:
                browser.force_login(user)
            self.sessions[key] = browser
            self.tokens[key] = token_create(user=user, label="access matrix") if user is not None else None

    def _values(self, route: Route, values: dict[str, Any]) -> dict[str, Any]:
        return values | self.fresh[route.name]() if route.name in self.fresh else values

    def get(self, key: str, route: Route, values: dict[str, Any]) -> str:
        values = self._values(route, values)
        url = url_of(route, values)
        if route.is_api:
            operation = api_operations(route, values).get("get")
            query = api_query(operation, values) if operation else {}
        else:
            query = {name: values[value] for name, value in PAGE_QUERIES.get(route.name, {}).items()}
        browser = self.sessions[key]
        browser.cookies.pop(CookieStorage.cookie_name, None)
        answer = outcome(browser.get(url, query))
        if route.is_api:
            # The API's two ways in must agree: the session of Polku's pages, and a bearer token.
            token = self.tokens[key]
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            if route.name in self.fresh:  # read once: the token asks for an object of its own
                url = url_of(route, self._values(route, values))
            by_token = outcome(TestClient(raise_request_exception=False).get(url, query, headers=headers))
            if by_token != answer:
                return f"session {answer} but token {by_token}"
        return answer

    def write_methods(self, route: Route, values: dict[str, Any]) -> list[str]:
        if route.is_api:
            return sorted(set(api_operations(route, values)) - {"get"})
        return ["post"]

    def write(self, key: str, route: Route, values: dict[str, Any], method: str) -> str:
        """An API write with a body that passes its schema, or a page's POST with an empty form. The
        browser's cookies are put back afterwards: a POST may sign its user out."""
        values = self._values(route, values)
        url = url_of(route, values)
        if route.is_api:
            browser = TestClient(raise_request_exception=False)
            token = self.tokens[key]
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            operation = api_operations(route, values)[method]
            body = api_body(operation, values)
            if body is None:
                response = getattr(browser, method)(url, headers=headers)
            else:
                response = getattr(browser, method)(
                    url, body, content_type="application/json", headers=headers
                )
            return outcome(response)
        browser = self.sessions[key]
        cookies = copy.deepcopy(browser.cookies)
        browser.cookies.pop(CookieStorage.cookie_name, None)
        try:
            return outcome(browser.post(url))
        finally:
            browser.cookies = cookies


def _refused_with_message(response: HttpResponse) -> bool:
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= messages.ERROR for m in queued)


def outcome(response: HttpResponse) -> str:
    """ "allow", "deny:<how>", "method" or "status <code>" (see the module's description)."""
    status = response.status_code
    if status == 405:
        return "method"
    if status in (401, 403, 404):
        return f"deny:{status}"
    if 300 <= status < 400:
        if urlsplit(response["Location"]).path in LOGIN_PATHS:
            return "deny:sign-in"
        return "deny:message" if _refused_with_message(response) else "allow"
    if 200 <= status < 300:
        return "allow"
    return f"status {status}"


# ---------------------------------------------------------------------------------------------------------
# State


def _state_models() -> list[type[models.Model]]:
    """Every model of Polku's apps but the logs (a refused user's read of what they may see is logged in
    the use log, and a refused request in the security log: that is the point of them)."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("polku.")
        for model in config.get_models()
        if model not in (UseLogEntry, SecurityLogEntry, ChainHead)
    ]


# Columns a request may touch without changing anything: the time of a sign-in and of a token's use.
IGNORED_COLUMNS = frozenset({("accounts.User", "last_login"), ("accounts.ApiToken", "last_used_at")})


@cache
def _state_queries() -> tuple[tuple[str, str], ...]:
    queries = []
    for model in _state_models():
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(f.column)
            for f in model._meta.concrete_fields
            if (model._meta.label, f.attname) not in IGNORED_COLUMNS
        )
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)  # type: ignore[union-attr]
        queries.append((model._meta.label, f"SELECT {columns} FROM {table} ORDER BY {pk}"))  # noqa: S608
    return tuple(queries)


def snapshot() -> dict[str, int]:
    """A fingerprint of each model's rows (plain SQL: it runs after every refused write)."""
    state: dict[str, int] = {}
    with connection.cursor() as cursor:
        for label, sql in _state_queries():
            cursor.execute(sql)
            state[label] = hash(repr(cursor.fetchall()))
    return state


class RolledBack(Exception):
    pass


def in_rollback(
    ask: Callable[[], str], changes_wanted: bool, baseline: dict[str, int]
) -> tuple[str, list[str]]:
    """Ask inside a transaction that is then undone: the answer, and (when wanted) the models the request
    changed."""
    result: tuple[str, list[str]] = ("", [])
    try:
        with transaction.atomic():
            answer = ask()
            changed: list[str] = []
            if changes_wanted:
                now = snapshot()
                changed = sorted(label for label, value in now.items() if baseline.get(label) != value)
            result = (answer, changed)
            raise RolledBack
    except RolledBack:
        pass
    return result
