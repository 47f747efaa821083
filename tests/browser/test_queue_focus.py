"""Keyboard only in the team queue: after "Ota käsittelyyn" (htmx) the focus is on the result, not lost to
the page's body, and the result is in a live region that stays on the page, so that it is announced."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from tests.browser.conftest import Audit, sign_in

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const el = document.activeElement;
  const region = el && el.closest('[aria-live]');
  return {
    tag: el ? el.tagName : null,
    text: el ? el.textContent.trim() : '',
    live: region ? region.getAttribute('aria-live') : null,
    regionText: region ? region.textContent.trim() : '',
    regionId: region ? region.id : null,
  };
}"""


def test_taking_an_initiation_with_the_keyboard_puts_the_focus_on_the_announced_result(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}{reverse('casework:queue')}")
    audit.check(page, "queue")
    region = page.locator("#queue-status")
    expect(region).to_have_attribute("aria-live", "polite")
    page.evaluate("() => { window.regionBefore = document.getElementById('queue-status'); }")
    take = page.get_by_role("button", name="Ota käsittelyyn").first
    take.focus()
    expect(take).to_be_focused()
    page.keyboard.press("Enter")

    result = region.locator(".message")
    expect(result).to_have_text(re.compile(r"^Otit asiakkaan .+ vireilletulon käsittelyyn\.$"))
    expect(result).to_be_focused()
    active = page.evaluate(ACTIVE)
    assert active["tag"] == "P" and active["text"].startswith("Otit asiakkaan"), active
    assert active["live"] == "polite" and active["regionId"] == "queue-status", active
    assert active["text"] in active["regionText"]
    # The live region is the one the page had before the action (a region put in place together with its
    # text is not announced): the queue's own part is swapped, the region stays.
    assert page.evaluate("() => document.activeElement.closest('[aria-live]') === window.regionBefore")
    audit.check(page, "queue-after-take")
    audit.assert_clean()
