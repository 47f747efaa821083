"""The content security policy and the other security headers: a page runs only Polku's own scripts and
styles from files, no inline script, style or event handler, cannot be framed, and forms post only to
Polku (and, with organisation sign-in, on to its provider). Every served template is checked for what the
policy would silently block."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "polku" / "templates"
# Rendered only into PDFs by WeasyPrint, never served to a browser: their <style> is not under the CSP.
PDF_ONLY = {
    "decisions/document.html": "the decision document, polku/decisions/document.py",
    "documents/base.html": "the page of the assessment and client plan PDFs, polku/core/documents.py",
    "structural/summary_print.html": "the half-year summary PDF, polku/structural/views_summary.py",
    "registry/log_extract_document.html": "the use-log extract PDF, polku/registry/log_extract_document.py",
}


def policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_a_signed_in_page_has_a_policy_without_inline_script_eval_or_inline_style(client: HttpClient) -> None:
    client.force_login(UserFactory())
    csp = policy(client.get("/clients/"))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    header = " ".join(" ".join(values) for values in csp.values())
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "*" not in header


@pytest.mark.parametrize("path", ["/login/", "/api/v1/health", "/static/polku/polku.css"])
def test_public_pages_the_api_and_files_carry_the_security_headers(client: HttpClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"  # not no-referrer: public forms need it
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if not path.startswith("/static/"):  # WhiteNoise answers files before the CSP and framing middleware
        assert policy(response)["script-src"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"


def test_the_error_pages_carry_the_policy_too(client: HttpClient) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response)["script-src"] == ["'self'"]


def test_htmx_is_told_to_set_no_inline_style_and_to_eval_nothing_and_polku_css_has_its_indicator(
    client: HttpClient,
) -> None:
    """htmx would inject a <style> element for its indicator, evaluate hx-vars, and, when it swaps, copy an
    element's style attribute (one a browser extension or a checker left) onto the new element: the
    policy refuses all three, so a swap in the team queue reported violations."""
    client.force_login(UserFactory())
    html = client.get(reverse("workday:home")).content.decode()
    found = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
    assert "style" not in config["attributesToSettle"] and "class" in config["attributesToSettle"]
    css = (Path(settings.BASE_DIR) / "polku" / "static" / "polku" / "polku.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


# --- What the policy would block, in the templates -----------------------------------------------------

TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>", re.DOTALL)
EVENT_HANDLER = re.compile(r"(?:^|\s)(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"(?:^|\s)style\s*=", re.IGNORECASE)


def served_templates() -> list[Path]:
    return sorted(
        path for path in TEMPLATES.rglob("*.html") if path.relative_to(TEMPLATES).as_posix() not in PDF_ONLY
    )


def blocked_by_the_policy(text: str) -> list[str]:
    """What the CSP refuses in a template: inline scripts, styles, event handlers, javascript: links."""
    html = TEMPLATE_SYNTAX.sub(" ", text)
    problems = []
    for match in TAG.finditer(html):
        name, attributes = match.group(1).lower(), match.group(2) or ""
        if name == "script" and not re.search(r"\ssrc\s*=", attributes):
            problems.append("an inline <script> (put it in a file under polku/static/)")
        if name == "style":
            problems.append("a <style> element (put the rules in a CSS file)")
        if STYLE_ATTRIBUTE.search(attributes):
            problems.append(f"a style attribute on <{name}> (use a class)")
        for handler in EVENT_HANDLER.findall(attributes):
            problems.append(f"an inline event handler {handler}= on <{name}> (use a script file)")
        if re.search(r"=\s*[\"']?\s*javascript:", attributes, re.IGNORECASE):
            problems.append(f"a javascript: URL on <{name}>")
    return problems


def test_the_scanner_finds_what_the_policy_blocks() -> None:
    assert blocked_by_the_policy('<script src="/static/x.js"></script><p class="x">on=1</p>') == []
    assert blocked_by_the_policy("{% blocktranslate with on=date %}On {{ on }}{% endblocktranslate %}") == []
    assert len(blocked_by_the_policy("<script>alert(1)</script>")) == 1
    assert len(blocked_by_the_policy("<style>p{}</style>")) == 1
    assert len(blocked_by_the_policy('<p style="color: red">')) == 1
    assert len(blocked_by_the_policy('<button onclick="go()">')) == 1
    assert len(blocked_by_the_policy('<form hx-on::after-request="this.reset()">')) == 1
    assert len(blocked_by_the_policy('<a href="javascript:void(0)">')) == 1
    assert len(blocked_by_the_policy('<input\n  type="text"\n  onchange="x()">')) == 1


def test_no_served_template_has_inline_scripts_styles_or_event_handlers() -> None:
    templates = served_templates()
    assert len(templates) > 50
    found = {
        path.relative_to(TEMPLATES).as_posix(): problems
        for path in templates
        if (problems := blocked_by_the_policy(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_templates_left_out_are_really_only_rendered_into_pdfs() -> None:
    sources = [
        path for path in (Path(settings.BASE_DIR) / "polku").rglob("*.py") if "migrations" not in path.parts
    ]
    for name in PDF_ONLY:
        assert (TEMPLATES / name).exists(), name
        users = [path for path in sources if name in path.read_text(encoding="utf-8")]
        assert users, name
        for path in users:
            text = path.read_text(encoding="utf-8")
            # WeasyPrint directly, or through polku.core.documents (which the loop checks as well).
            assert "weasyprint" in text or "polku.core.documents import" in text, f"{name} is used by {path}"


# --- Production -----------------------------------------------------------------------------------------

PRODUCTION_REQUEST = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/api/v1/health", secure=True, HTTP_HOST="polku.example.fi")
print("HSTS", response.get("Strict-Transport-Security"))
print("CSP", response.get("Content-Security-Policy"))
"""


def test_production_sends_hsts_and_lets_forms_go_on_to_the_organisation_sign_in(tmp_path: Path) -> None:
    from cryptography.fernet import Fernet

    env = {key: value for key, value in os.environ.items() if not key.startswith("POLKU_") and key != "DEBUG"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "POLKU_PRODUCTION": "1",
        "POLKU_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "s" * 60,
        "POLKU_FIELD_KEYS": Fernet.generate_key().decode(),
        "POLKU_SEARCH_KEY": "k" * 40,
        # production refuses SQLite; no database answers here, and the headers come on the 503 as well
        "DATABASE_URL": "postgres://polku@127.0.0.1:1/polku",
        "ALLOWED_HOSTS": "polku.example.fi",
        "POLKU_OIDC_CLIENT_ID": "polku",
        "POLKU_OIDC_CLIENT_SECRET": "secret",
        "POLKU_OIDC_DISCOVERY_URL": "https://login.county.example/.well-known/openid-configuration",
    }
    for name in settings._REQUIRED_IN_PRODUCTION:  # secrets added later: any long random key will do here
        env.setdefault(name, Fernet.generate_key().decode())
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_REQUEST],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "HSTS max-age=31536000" in result.stdout
    assert re.search(r"form-action 'self' https://login\.county\.example(;|$)", result.stdout, re.MULTILINE)
