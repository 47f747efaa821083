"""Finding a client: a social worker searches by name or henkilötunnus, live (htmx) and as a plain form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from polku.accounts.models import User
from polku.clients.models import Client
from tests.browser.conftest import Audit, new_context, sign_in, switch_language

pytestmark = pytest.mark.browser

WORKER = "sosiaalityontekija"


def a_visible_client(user: User) -> Client:
    """A client of the user's team without address protection, with a last name no other client starts."""
    clients = list(Client.objects.visible_to(user).filter(address_protection=False).order_by("last_name"))
    last_names = [c.last_name for c in Client.objects.all()]
    for client in clients:
        if sum(name.lower().startswith(client.last_name.lower()) for name in last_names) == 1:
            return client
    return clients[0]


def search_box_submit(page: Page, query: str) -> None:
    page.locator("#id_q").fill(query)
    page.locator("main form[role=search] button[type=submit]").click()


def test_a_social_worker_finds_a_client_by_last_name_and_sees_the_henkilotunnus_in_every_language(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    client = a_visible_client(demo[WORKER])
    client_url = f"{base_url}/clients/{client.pk}/"
    sign_in(page, base_url, WORKER)
    for code in ("fi", "sv", "en"):
        if code != "fi":
            switch_language(page, code)
        audit.check(page, f"home-{WORKER}")

        page.locator("nav a[href='/clients/']").click()
        expect(page.locator("#id_q")).to_be_focused()
        audit.check(page, "client-search")

        search_box_submit(page, client.last_name)
        result = page.locator(f"#results a[href='/clients/{client.pk}/']")
        expect(result).to_have_text(f"{client.last_name} {client.first_name}")
        expect(page.locator("#results caption")).to_be_visible()
        audit.check(page, "client-search-results")

        result.click()
        page.wait_for_url(client_url)
        expect(page.locator("h1")).to_have_text(f"{client.last_name} {client.first_name}")
        basic_data = page.locator("section[aria-labelledby=basic-data]")
        expect(basic_data).to_contain_text(client.hetu)
        expect(basic_data).to_contain_text(f"{client.birth_date:%-d.%-m.%Y}")
        expect(basic_data).to_contain_text(f"({client.age} ")
        assert client.municipality is not None
        expect(basic_data).to_contain_text(client.municipality.name)
        audit.check(page, "client-page")

        page.locator(f"main a[href='/clients/{client.pk}/edit/']").click()
        expect(page.locator("#id_first_name")).to_have_value(client.first_name)
        expect(page.locator("#id_last_name")).to_have_value(client.last_name)
        audit.check(page, "client-edit")

        page.goto(f"{base_url}/clients/")
        page.locator("main a[href='/clients/new/']").click()
        expect(page.locator("#id_hetu")).to_be_visible()
        audit.check(page, "client-register")
        page.goto(f"{base_url}/")

    # A full henkilötunnus finds exactly that client.
    page.goto(f"{base_url}/clients/")
    search_box_submit(page, client.hetu)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator(f"#results a[href='/clients/{client.pk}/']")).to_be_visible()
    audit.assert_clean()


def test_the_live_search_updates_the_results_without_reloading_and_the_plain_form_works_too(
    browser: Browser, page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    client = a_visible_client(demo[WORKER])
    result = f"#results a[href='/clients/{client.pk}/']"
    sign_in(page, base_url, WORKER)
    page.goto(f"{base_url}/clients/")
    expect(page.locator("#results")).to_have_attribute("aria-live", "polite")
    page.evaluate("window.polkuSameDocument = true")

    def is_htmx_search(request: Request) -> bool:
        return "/clients/?" in request.url and request.headers.get("hx-request") == "true"

    with page.expect_request(is_htmx_search):
        page.locator("#id_q").press_sequentially(client.last_name, delay=15)
    expect(page.locator(result)).to_be_visible()
    assert page.evaluate("window.polkuSameDocument") is True, "the live search reloaded the whole page"
    expect(page.locator("#id_q")).to_be_focused()
    expect(page.locator("#id_q")).to_have_value(client.last_name)
    expect(page).to_have_url(re.compile(r"/clients/\?q="))
    audit.check(page, "client-search-live")

    # The address the live search pushed is a whole page of its own (reload, bookmark, a shared link).
    page.reload()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(result)).to_be_visible()
    expect(page.locator("#id_q")).to_have_value(client.last_name)

    # Without JavaScript the same form is an ordinary GET form.
    plain = new_context(browser, java_script_enabled=False)
    try:
        plain_page = plain.new_page()
        sign_in(plain_page, base_url, WORKER)
        plain_page.goto(f"{base_url}/clients/")
        plain_page.locator("#id_q").fill(client.last_name)
        plain_page.locator("#id_q").press("Enter")
        plain_page.wait_for_url(re.compile(r"/clients/\?q="))
        expect(plain_page.locator("h1")).to_be_visible()
        expect(plain_page.locator(result)).to_be_visible()
    finally:
        plain.close()
    audit.assert_clean()


def test_going_back_to_a_live_search_shows_the_whole_search_page_again(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    """The live search pushes /clients/?q=… into the history; Back must not bring up the bare fragment."""
    client = a_visible_client(demo[WORKER])
    result = page.locator(f"#results a[href='/clients/{client.pk}/']")
    sign_in(page, base_url, WORKER)
    page.goto(f"{base_url}/clients/")
    page.locator("#id_q").press_sequentially(client.last_name, delay=15)
    expect(result).to_be_visible()
    result.click()
    page.wait_for_url(f"{base_url}/clients/{client.pk}/")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/clients/\?q="))
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#id_q")).to_have_value(client.last_name)
    expect(result).to_be_visible()
    audit.check(page, "client-search-after-back")
    audit.assert_clean()
