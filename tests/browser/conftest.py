"""Browser tests: the system Chromium, driven by Playwright's sync API, against pytest-django's live server.

Every page a test visits goes through `Audit.check`: axe-core with the WCAG 2.1 A and AA rules, and a
full-page screenshot (Finnish and Swedish pages) into var/screenshots/ for people to look at.

A content security policy violation ("Refused to ..." in the browser console) fails the test: the policy
blocks an inline script or style silently, and an htmx page would just stop working.
"""

from __future__ import annotations

import os

# Sync Playwright keeps an event loop running in this thread; Django would refuse ORM calls from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from polku.accounts.models import User
from polku.demo.data import demo_password, load_demo

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SCREENSHOT_LANGUAGES = frozenset({"fi", "sv", "se", "fi-selko"})
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS},
    "resultTypes": ["violations"],
}
DEMO_CLIENTS = 30
TIMEOUT_MS = 10_000

_axe = Axe()


# --- Browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(
        executable_path=os.environ.get("POLKU_CHROMIUM", "/usr/bin/chromium"),
        args=CHROMIUM_ARGS,
    )
    yield browser
    browser.close()


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A context like a Finnish workstation's browser: Finnish first, a laptop-sized window."""
    settings: dict[str, Any] = {"locale": "fi-FI", "viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**(settings | options))
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    context.on("console", _record_csp_violation)
    return context


# Chromium writes its own "Refused to ..." lines to the console where Playwright does not always see them;
# the page's securitypolicyviolation event is reported through console.error as well.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Refused to load or run ${event.blockedURI || "inline code"} (${event.effectiveDirective}) `
    + `at ${event.sourceFile || event.documentURI}:${event.lineNumber}: ${event.sample || ""}`);
});
"""


_csp_violations: list[str] = []


def _record_csp_violation(message: ConsoleMessage) -> None:
    if message.text.startswith("Refused to"):
        url = message.page.url if message.page is not None else "?"
        _csp_violations.append(f"{url}: {message.text}")


@pytest.fixture(autouse=True)
def no_csp_violations() -> Iterator[None]:
    """Fails the test when the browser refused anything under the content security policy."""
    _csp_violations.clear()
    yield
    found, _csp_violations[:] = list(_csp_violations), []
    if found:
        pytest.fail(
            "The browser reported content security policy violations:\n" + "\n".join(found), pytrace=False
        )


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# --- Data and signing in --------------------------------------------------------------------------------


@pytest.fixture
def base_url(live_server: LiveServer, transactional_db: None, django_db_serialized_rollback: None) -> str:
    """The live server's address. Its database is transactional and flushed after each test, which also
    empties what data migrations wrote (the contact reason codes): a serialized rollback puts it back.
    Every browser test asks for this, so that none flushes without it (Django would then re-create the
    content types, and the next restore would collide with them)."""
    return live_server.url


@pytest.fixture
def demo(base_url: str, settings: Settings) -> dict[str, User]:
    """The demo county with its eight users and 30 synthetic clients (and Ville), by user name.

    Argon2 is slow on purpose; hashing and checking eight passwords per test with it would double the
    suite's run time, and the browser tests are about the pages, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users, _ = load_demo(clients=DEMO_CLIENTS)
    return {user.username: user for user in users}


def sign_in(page: Page, base_url: str, username: str, password: str | None = None) -> None:
    """Sign in through the real login form and land on the home page."""
    page.goto(f"{base_url}/login/")
    fill_login_form(page, username, demo_password() if password is None else password)
    page.wait_for_url(f"{base_url}/")


def fill_login_form(page: Page, username: str, password: str) -> None:
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def switch_language(page: Page, code: str) -> None:
    """Press the language button in the page header and wait for the page to come back in `code`."""
    page.locator(f".language-switcher button[value='{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    page.wait_for_load_state("load")


def page_language(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


# --- Accessibility and screenshots ---------------------------------------------------------------------


def _describe(violation: dict[str, Any], label: str, url: str) -> str:
    lines = [
        f"[{label}] {violation['id']} ({violation.get('impact')}): {violation['help']}",
        f"    {url}  (rule: {violation.get('helpUrl', '')})",
    ]
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
        lines.append(f"    - {target}: " + "; ".join(check["message"] for check in checks))
    return "\n".join(lines)


@dataclass
class Audit:
    """Collects axe violations over every page a test visits; `assert_clean` fails with all of them."""

    checked: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def check(self, page: Page, name: str) -> None:
        language = page_language(page)
        label = f"{name}-{language}"
        results = _axe.run(page, options=AXE_OPTIONS)
        self.findings.extend(_describe(v, label, page.url) for v in results.response["violations"])
        self.checked.append(label)
        if language in SCREENSHOT_LANGUAGES:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{_slug(label)}.png", full_page=True)

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        if self.findings:
            pytest.fail(
                f"axe found WCAG 2.1 A/AA violations on {len(self.findings)} rule(s) × page(s):\n"
                + "\n".join(self.findings),
                pytrace=False,
            )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def audit() -> Iterator[Audit]:
    audit = Audit()
    yield audit
    if audit.findings:  # shown with the failure even when the test stopped before assert_clean()
        print("\n".join(audit.findings))
