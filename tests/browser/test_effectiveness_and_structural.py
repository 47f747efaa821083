"""Effectiveness and structural work in a browser, in Finnish.

Issue 5: a client fills the self-assessment on a phone through a link and sees the feedback; the worker
sees the change chart; a manager opens the effectiveness report by service and exports it.
Issue 6: a manager reads the half-year summary of a municipality and opens its PDF, exports the ESR table
to XLSX and sees the deadline compliance chart.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from polku.accounts.models import User
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.ville import VILLE_HETU
from polku.structural.models import Project
from tests.browser.conftest import Audit, new_context, sign_in

pytestmark = pytest.mark.browser


def answer_every_page(page: Page) -> None:
    """Choose an answer for every item, page by page, with the keyboard-reachable radio buttons."""
    for _ in range(20):
        for item in page.locator("fieldset.item").all():
            options = item.locator("input[type=radio]")
            options.nth(options.count() // 2).check()
        finish = page.locator("button[name=finish]")
        if finish.count():
            finish.click()
            return
        page.locator("button[name=next]").click()
    raise AssertionError("the self-assessment did not end")


def test_a_client_answers_on_a_phone_and_the_worker_and_the_manager_see_the_change(
    page: Page, browser: Browser, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/instruments/clients/{ville.pk}/")
    page.locator("select[name=instrument]").select_option("functional_capacity")
    page.locator("button[name=send_link]").click()
    link = page.locator("code.link").inner_text()

    phone = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    client_page = phone.new_page()
    client_page.goto(link)
    audit.check(client_page, "self-assessment-phone")
    client_page.locator("input[type=radio]").first.check()  # an answer saved on the first page
    client_page.locator("button[name=next]").click()

    # The link reaches someone else: their browser sees no saved answer and can change nothing.
    other = new_context(browser, viewport={"width": 1280, "height": 800})
    other_page = other.new_page()
    refused = other_page.goto(link)
    assert refused is not None and refused.status == 403
    expect(other_page.locator("h1")).to_have_text("Tämä linkki on käytössä toisella laitteella")
    expect(other_page.locator("input[type=radio]")).to_have_count(0)
    audit.check(other_page, "self-assessment-other-device")
    other.close()

    answer_every_page(client_page)
    expect(client_page.locator("h1")).to_contain_text("Kiitos")
    audit.check(client_page, "self-assessment-feedback-phone")
    phone.close()

    page.reload()
    expect(page.locator("figure.chart svg").first).to_be_visible()
    audit.check(page, "change-chart")
    page.locator("header form[action='/logout/'] button").click()

    sign_in(page, base_url, "esihenkilo")
    page.goto(f"{base_url}/reports/effectiveness/")
    page.locator("#id_by").select_option("service")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("table.report-table").first).to_be_visible()
    audit.check(page, "effectiveness-by-service")
    with page.expect_download() as download:
        page.locator("a[href*='format=xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    audit.assert_clean()


def test_a_manager_reads_the_summary_and_its_pdf_exports_the_esr_table_and_sees_compliance(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    sign_in(page, base_url, "esihenkilo")
    page.goto(f"{base_url}/structural/summaries/")
    audit.check(page, "summaries")
    page.locator("#id_municipality").select_option(label="Koivula")
    page.locator("#id_period").fill("2026H1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Koivula")
    audit.check(page, "summary")
    pdf = page.request.get(page.url.split("?")[0] + "pdf/?lang=fi")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    project = Project.objects.first()
    assert project is not None
    page.goto(f"{base_url}/reports/monitoring/esr/?project={project.pk}")
    expect(page.locator("main table").first).to_be_visible()
    audit.check(page, "esr")
    with page.expect_download() as download:
        page.locator("main a[href*='esr.xlsx']").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(f"{base_url}/reports/monitoring/deadlines/")
    expect(page.locator("main svg").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(re.compile(r"\d"))
    audit.check(page, "deadline-compliance")
    audit.assert_clean()
