"""Signing in: the login page in Finnish, Swedish and English, every demo user, and a wrong password."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from polku.accounts.models import User
from polku.demo.data import USERS
from tests.browser.conftest import Audit, fill_login_form, new_context, sign_in, switch_language

pytestmark = pytest.mark.browser

LOGIN_HEADINGS = {
    "fi": re.compile(r"Kirjaudu", re.IGNORECASE),
    "sv": re.compile(r"Logga in", re.IGNORECASE),
    "en": re.compile(r"^Sign in to Polku$"),
}


def test_the_login_page_is_finnish_by_default_and_switches_to_swedish_and_english(
    browser: Browser, base_url: str, audit: Audit
) -> None:
    # A browser asking for none of Polku's languages gets the default, Finnish.
    context = new_context(browser, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/login/")
        expect(page.locator("html")).to_have_attribute("lang", "fi")
        expect(page.locator("h1")).to_have_text(LOGIN_HEADINGS["fi"])
        expect(page.locator(".language-switcher button[value=fi]")).to_have_attribute("aria-pressed", "true")
        audit.check(page, "login")
        for code in ("sv", "en"):
            switch_language(page, code)
            expect(page).to_have_url(f"{base_url}/login/")
            expect(page.locator("h1")).to_have_text(LOGIN_HEADINGS[code])
            expect(page.locator(f".language-switcher button[value={code}]")).to_have_attribute(
                "aria-pressed", "true"
            )
            audit.check(page, "login")
    finally:
        context.close()
    audit.assert_clean()


def test_every_demo_user_signs_in_and_is_greeted_by_name(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    assert {spec.username for spec in USERS} <= set(demo)
    for spec in USERS:
        sign_in(page, base_url, spec.username)
        name = f"{spec.first_name} {spec.last_name}"
        expect(page.locator("h1")).to_contain_text(name)
        expect(page.locator(".whoami")).to_contain_text(name)
        audit.check(page, f"home-{spec.username}")
        page.locator("form[action$='/logout/'] button").click()
        page.wait_for_url(f"{base_url}/login/")
    audit.assert_clean()


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    page.goto(f"{base_url}/login/")
    for code in ("fi", "sv"):
        if code != "fi":
            switch_language(page, code)
        fill_login_form(page, "sosiaalityontekija", "not-the-password")
        expect(page.locator(".error-summary[role=alert]")).to_be_visible()
        expect(page.locator(".error-summary li")).to_have_count(1)
        expect(page).to_have_url(f"{base_url}/login/")
        expect(page.locator("#id_password")).to_have_value("")
        expect(page.locator(".whoami")).to_have_count(0)
        audit.check(page, "login-wrong-password")
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    audit.assert_clean()
