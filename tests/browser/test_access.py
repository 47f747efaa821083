"""Access: an analyst works with aggregates and sees no client, not even by searching a known name."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from polku.clients.models import Client
from tests.browser.conftest import Audit, sign_in, switch_language

pytestmark = pytest.mark.browser


def test_the_analyst_finds_no_client_by_name_or_henkilotunnus_and_cannot_open_one(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    known = Client.objects.visible_to(demo["sosiaalityontekija"]).order_by("last_name").first()
    assert known is not None
    sign_in(page, base_url, "analyytikko")
    expect(page.locator("#home-q")).to_have_count(0)  # the home page offers no client search

    for code in ("fi", "sv"):
        page.goto(f"{base_url}/clients/")
        if code != "fi":
            switch_language(page, code)
        expect(page.locator("main a[href='/clients/new/']")).to_have_count(0)
        for query in (known.last_name, f"{known.first_name} {known.last_name}", known.hetu):
            page.locator("#id_q").fill(query)
            with page.expect_response(lambda response: "/clients/?q=" in response.url):
                page.locator("#id_q").press("Enter")
            expect(page.locator("#results p")).to_be_visible()
            expect(page.locator("#results a")).to_have_count(0)
            expect(page.locator("#results table")).to_have_count(0)
        audit.check(page, "client-search-analyst")

    response = page.goto(f"{base_url}/clients/{known.pk}/")
    assert response is not None and response.status == 404
    html = page.content()
    assert known.last_name not in html and known.hetu not in html
    audit.check(page, "client-page-refused")
    audit.assert_clean()
