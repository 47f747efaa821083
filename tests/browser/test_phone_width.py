"""On a phone (390 px), a worker reaches every part of Polku from the header and reads her lists without
the page running off its right edge: a wide table scrolls inside itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from polku.accounts.models import User
from tests.browser.conftest import new_context, sign_in, switch_language

pytestmark = pytest.mark.browser

WIDTH = 390
LISTS = ("/", "/casework/caseload/", "/casework/deadlines/", "/casework/queue/")


def test_on_a_phone_the_navigation_wraps_and_wide_lists_scroll_inside_the_page(
    browser: Browser, base_url: str, demo: dict[str, User]
) -> None:
    phone = new_context(browser, viewport={"width": WIDTH, "height": 844}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, base_url, "sosiaalityontekija")
    for language in ("fi", "sv"):
        if language != "fi":
            switch_language(page, language)
        for path in LISTS:
            page.goto(f"{base_url}{path}")
            links = page.locator("nav .nav a")
            assert links.count() >= 5
            for index in range(links.count()):
                box = links.nth(index).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (
                    language,
                    path,
                    links.nth(index).inner_text(),
                )
            page_width = page.evaluate("document.documentElement.scrollWidth")
            assert page_width <= WIDTH, (language, path, page_width)
    phone.close()
