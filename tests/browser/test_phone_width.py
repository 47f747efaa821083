"""On a phone (360 and 390 px) and so on a tablet, a worker reaches every part of Polku from the header and
reads her pages without the page running off its right edge: a wide table scrolls inside itself, a long
word in what someone wrote breaks, and the header's links stay white on the dark header."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from polku.accounts.models import User
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.decisions.models import Decision
from polku.demo.ville import VILLE_HETU
from polku.plans.models import PlanGoal, PlanVersion
from tests.browser.conftest import Audit, new_context, sign_in, switch_language

pytestmark = pytest.mark.browser

WIDTHS = (360, 390)
LISTS = ("/", "/casework/caseload/", "/casework/deadlines/", "/casework/queue/")
# One unbroken word, as a pasted address or a long compound would be.
LONG_WORD = "Toimeentulotukihakemuksenliitteidentoimittamisenaikataulutus" * 4  # 240 characters


def _fits(page: Page, width: int, label: str) -> None:
    links = page.locator("nav .nav a")
    assert links.count() >= 5, label
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            label,
            links.nth(index).inner_text(),
        )
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, (label, page_width)


def test_on_a_phone_the_navigation_wraps_and_wide_lists_scroll_inside_the_page(
    browser: Browser, base_url: str, demo: dict[str, User]
) -> None:
    phone = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, base_url, "sosiaalityontekija")
    for language in ("fi", "sv"):
        if language != "fi":
            switch_language(page, language)
        for path in LISTS:
            page.goto(f"{base_url}{path}")
            _fits(page, 390, f"{language} {path}")
    phone.close()


def test_a_workers_pages_fit_a_phone_of_360_and_390_px_with_a_long_word_in_a_goal(
    browser: Browser, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    current = PlanVersion.objects.filter(plan__client=ville).order_by("-number").first()
    decision = Decision.objects.filter(client=ville).first()
    assert current is not None and decision is not None
    PlanGoal.objects.create(version=current, text=LONG_WORD, owner="client", order=99)
    pages = {
        "client": f"/clients/{ville.pk}/",
        "results": f"/instruments/clients/{ville.pk}/",
        "plan": f"/plans/clients/{ville.pk}/",
        "case": f"/casework/clients/{ville.pk}/",
        "caseload": "/casework/caseload/",
        "queue": "/casework/queue/",
        "deadlines": "/casework/deadlines/",
        "decision": f"/decisions/{decision.pk}/",
    }
    for width in WIDTHS:
        phone = new_context(browser, viewport={"width": width, "height": 800}, is_mobile=True)
        phone.set_default_timeout(60_000)  # eight pages with axe at each width, on a busy machine too
        page = phone.new_page()
        sign_in(page, base_url, "sosiaalityontekija")
        for name, path in pages.items():
            page.goto(f"{base_url}{path}")
            _fits(page, width, f"{width} px {name}")
            audit.check(page, f"phone-{width}-{name}")  # the header links' contrast among the rest
        phone.close()
    audit.assert_clean()
