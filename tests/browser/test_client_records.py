"""A client's record: address protection keeps contact details off the pages; registering a new client."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.core.crypto import search_hash
from tests.browser.conftest import Audit, sign_in, switch_language

pytestmark = pytest.mark.browser

WORKER = "sosiaalityontekija"
NEW_CLIENT_HETU = make_hetu(date(1980, 5, 5), 955)


def a_protected_client(user: User) -> Client:
    """A client the user may see who has address protection; the seed makes few, so make one if needed."""
    visible = Client.objects.visible_to(user)
    protected = visible.filter(address_protection=True).exclude(phone="").first()
    if protected is None:
        protected = visible.exclude(phone="").exclude(street_address="").order_by("last_name").first()
        assert protected is not None, "the demo county gave the social worker no clients"
        Client.objects.filter(pk=protected.pk).update(address_protection=True)
        protected.refresh_from_db()
    return protected


def test_contact_details_of_a_client_with_address_protection_are_not_shown(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    client = a_protected_client(demo[WORKER])
    secrets = [client.phone, client.email, client.street_address]
    assert all(secrets), "the test needs a client with contact details on record"
    sign_in(page, base_url, WORKER)
    page.goto(f"{base_url}/clients/?q={client.last_name}")
    row = page.locator("#results tr", has=page.locator(f"a[href='/clients/{client.pk}/']"))
    expect(row.locator(".badge")).to_be_visible()
    audit.check(page, "client-search-results-address-protection")

    for code in ("fi", "sv"):
        page.goto(f"{base_url}/clients/{client.pk}/")
        if code != "fi":
            switch_language(page, code)
        expect(page.locator("h1")).to_have_text(f"{client.last_name} {client.first_name}")
        expect(page.locator("section[aria-labelledby=contact] .notice")).to_be_visible()
        expect(page.locator("section[aria-labelledby=basic-data]")).to_contain_text(client.hetu)
        html = page.content()
        for secret in secrets:
            assert secret not in html, f"the client page shows a protected contact detail: {secret!r}"
        audit.check(page, "client-page-address-protection")

        page.goto(f"{base_url}/clients/{client.pk}/edit/")
        expect(page.locator("main .notice")).to_be_visible()
        for name in Client.CONTACT_FIELDS:
            expect(page.locator(f"[name={name}]")).to_have_count(0)
        html = page.content()
        for secret in secrets:
            assert secret not in html, f"the edit page shows a protected contact detail: {secret!r}"
        audit.check(page, "client-edit-address-protection")
    audit.assert_clean()


def fill_registration(page: Page, hetu: str) -> None:
    page.locator("#id_hetu").fill(hetu)
    page.locator("#id_first_name").fill("Testi Aukusti")
    page.locator("#id_last_name").fill("Rekisteröity")
    page.locator("main form button[type=submit]").click()


def test_registering_a_client_refuses_a_wrong_henkilotunnus_and_accepts_a_valid_one(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    wrong_check_character = NEW_CLIENT_HETU[:-1] + ("A" if NEW_CLIENT_HETU[-1] != "A" else "B")
    clients_before = Client.objects.count()
    sign_in(page, base_url, WORKER)
    page.goto(f"{base_url}/clients/new/")
    for code in ("fi", "sv"):
        if code != "fi":
            switch_language(page, code)
        fill_registration(page, wrong_check_character)
        expect(page).to_have_url(f"{base_url}/clients/new/")
        expect(page.locator(".error-summary[role=alert]")).to_be_visible()
        expect(page.locator(".error-summary a[href='#id_hetu']")).to_be_visible()
        expect(page.locator(".field--error:has(#id_hetu) .field-error")).to_be_visible()
        expect(page.locator("#id_hetu")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#id_hetu")).to_have_value(wrong_check_character)
        expect(page.locator("#id_last_name")).to_have_value("Rekisteröity")
        assert Client.objects.count() == clients_before
        audit.check(page, "client-register-wrong-hetu")

    fill_registration(page, NEW_CLIENT_HETU)
    page.wait_for_url(re.compile(r"/clients/[0-9a-f-]{36}/$"))
    created = Client.objects.get(hetu_hash=search_hash(NEW_CLIENT_HETU))
    assert Client.objects.count() == clients_before + 1
    expect(page).to_have_url(f"{base_url}/clients/{created.pk}/")
    expect(page.locator("h1")).to_have_text("Rekisteröity Testi Aukusti")
    expect(page.locator("main .messages")).to_be_visible()
    expect(page.locator("section[aria-labelledby=basic-data]")).to_contain_text(NEW_CLIENT_HETU)
    expect(page.locator("section[aria-labelledby=basic-data]")).to_contain_text("5.5.1980")
    expect(page.locator("section[aria-labelledby=relationships] tbody tr")).to_have_count(1)
    audit.check(page, "client-registered")
    audit.assert_clean()


def test_a_screen_reader_hears_each_field_error_with_its_field(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    """WCAG 1.3.1 and 3.3.1: the error message is in the field's accessible description."""
    sign_in(page, base_url, WORKER)
    page.goto(f"{base_url}/clients/new/")
    page.locator("#id_hetu").fill("123")
    page.locator("#id_postal_code").fill("1234")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    fields = page.locator(".field--error")
    assert fields.count() >= 4  # hetu, first and last name, postal code
    missing = []
    for field in fields.all():
        control = field.locator("input, select, textarea").first
        message = field.locator(".field-error").first.inner_text().strip()
        description = control.evaluate(
            "el => (el.getAttribute('aria-describedby') || '').split(/\\s+/)"
            ".map(id => document.getElementById(id)?.textContent.trim() || '').join(' ')"
        )
        if message not in description:
            described_by = control.get_attribute("aria-describedby")
            missing.append(
                f"#{control.get_attribute('id')} aria-describedby={described_by!r} does not reach its error"
                f" {message!r}"
            )
    audit.check(page, "client-register-errors")
    assert not missing, "field errors not tied to their fields:\n" + "\n".join(missing)
    audit.assert_clean()
