"""Each demo role signs in to a home page that lists its work from the demo data (Finnish, 1280 and 390
px; screenshots in var/screens/ for review)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"
ROLES = ("sosiaalityontekija", "esihenkilo", "palveluneuvoja", "tuottaja", "analyytikko")


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_its_work_at_both_widths(
    page: Page, base_url: str, demo: dict[str, User], username: str
) -> None:
    sign_in(page, base_url, username)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base_url}/")
        expect(page.locator(".work-row").first).to_be_visible()
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"home-{username}-{width}.png"), full_page=True)
