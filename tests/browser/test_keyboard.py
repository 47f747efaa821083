"""Keyboard only: the skip link comes first and shows itself, and every focus stop is visible."""

from __future__ import annotations

import re
from typing import TypedDict

import pytest
from playwright.sync_api import Locator, Page, expect

from polku.accounts.models import User
from polku.clients.models import Client
from tests.browser.conftest import Audit, sign_in

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {element: el.outerHTML.slice(0, 100), style: style.outlineStyle, width: style.outlineWidth};
}"""


class FocusStop(TypedDict):
    element: str
    style: str
    width: str


def shows_focus(stop: FocusStop) -> bool:
    return stop["style"] != "none" and stop["width"] != "0px"


def focused(page: Page) -> FocusStop | None:
    stop: FocusStop | None = page.evaluate(FOCUSED)
    return stop


def tab_stops(page: Page, limit: int = 60) -> list[FocusStop]:
    """Press Tab through the page from its start until the focus leaves it or comes round again."""
    stops: list[FocusStop] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None or (stops and stop["element"] == stops[0]["element"]):
            break
        stops.append(stop)
    return stops


def assert_focus_visible(element: Locator) -> None:
    expect(element).to_be_focused()
    stop = focused(element.page)
    assert stop is not None and shows_focus(stop), f"no visible focus indicator: {stop}"


def test_keyboard_users_skip_to_the_content_first_and_always_see_the_focus(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/")  # a fresh document: nothing is focused yet

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0 and box["height"] > 0
    assert_focus_visible(skip_link)
    audit.check(page, "home-skip-link-focused")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the content, not back in the header
    expect(page.locator("#home-q")).to_be_focused()
    page.keyboard.press("Tab")
    assert_focus_visible(page.locator("main button[type=submit]"))

    # Every stop of the tab order on a client page (header, language and sign-out buttons, the content).
    client = Client.objects.visible_to(demo["sosiaalityontekija"]).order_by("last_name").first()
    assert client is not None
    page.goto(f"{base_url}/clients/{client.pk}/")
    stops = tab_stops(page)
    assert len(stops) >= 10, stops
    assert any(stop["element"].startswith("<button") for stop in stops)
    hidden = [stop["element"] for stop in stops if not shows_focus(stop)]
    assert not hidden, "focus stops without a visible focus indicator:\n" + "\n".join(hidden)
    audit.check(page, "client-page")
    audit.assert_clean()
