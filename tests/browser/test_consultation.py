"""Issue 17 in a real browser: a worker asks the law panel; a henkilötunnus in the question is shown as an
error on the page and nothing is sent; the panel member answers from the work list; the thread in Swedish
and on a phone; every page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from polku.accounts.models import User
from polku.consultation.models import Consultation, Message
from tests.browser.conftest import Audit, new_context, sign_in, switch_language

pytestmark = pytest.mark.browser


def test_ask_the_panel_and_get_an_answer(
    page: Page, browser: Browser, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    sign_in(page, base_url, "sosiaalityontekija")
    page.get_by_role("link", name="Konsultaatiot").first.click()
    audit.check(page, "consultations-list")
    page.get_by_role("link", name="Pyydä konsultaatiota").click()
    page.get_by_label("Asiantuntijapaneelilta").check()
    page.locator("#id_panel").select_option(label="Juridiikan asiantuntijapaneeli")
    page.locator("#id_topic").select_option("law")
    page.locator("#id_subject").fill("Takuuvuokra ja perintä")
    page.locator("#id_question").fill(
        "Asiakas 131052-308T sai perintäkirjeen takuuvuokrasta. Onko se laillinen?"
    )
    page.get_by_role("button", name="Lähetä konsultaatio").click()
    expect(page.locator(".field-error")).to_contain_text("henkilötunnukselta")
    audit.check(page, "consultation-refused")
    assert not Consultation.objects.filter(subject="Takuuvuokra ja perintä").exists()
    page.locator("#id_question").fill("Asiakas sai perintäkirjeen takuuvuokrasta. Onko se laillinen?")
    page.get_by_role("button", name="Lähetä konsultaatio").click()
    expect(page.locator("h1")).to_have_text("Takuuvuokra ja perintä")
    audit.check(page, "consultation-sent")

    member = new_context(browser).new_page()
    sign_in(member, base_url, "sosiaaliohjaaja")
    member.get_by_role("link", name="Vastattava konsultaatio: Takuuvuokra ja perintä").click()
    member.locator("#id_text").fill("Perintä on laillista vain, jos vuokranantaja on esittänyt erittelyn.")
    member.get_by_role("button", name="Vastaa").click()
    expect(member.locator("main")).to_contain_text("esittänyt erittelyn")
    switch_language(member, "sv")
    audit.check(member, "consultation-answered")
    assert Message.objects.filter(consultation__subject="Takuuvuokra ja perintä").count() == 1

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Vastaus konsultaatioosi: Takuuvuokra ja perintä").click()
    expect(page.locator("main")).to_contain_text("esittänyt erittelyn")
    audit.check(page, "consultation-phone")
    audit.assert_clean()
