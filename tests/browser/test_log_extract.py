"""The client's log extract (ATL 11) in a browser: a worker registers the client's request from the client
page, finds it on the deadline board, opens the extract in Swedish for a Swedish-speaking client, has the
PDF written (by the background worker, here as soon as it is ordered), downloads it and marks the request
answered."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from polku.accounts.models import User
from polku.audit.models import DisclosureLogEntry
from polku.clients.models import Client
from polku.registry.models import LogExtractRequest, LogRequestStatus
from tests.browser.conftest import Audit, sign_in, switch_language

pytestmark = pytest.mark.browser

WORKER = "sosiaalityontekija"


def test_a_worker_registers_a_request_and_opens_the_extract_in_swedish(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit, settings: Settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    worker = demo[WORKER]
    client = Client.objects.visible_to(worker).order_by("last_name", "pk").first()
    assert client is not None, "the demo county gave the social worker no clients"
    Client.objects.filter(pk=client.pk).update(language="sv")

    sign_in(page, base_url, WORKER)
    page.goto(f"{base_url}/clients/{client.pk}/")
    page.locator(f"a[href='/casework/clients/{client.pk}/log-extracts/']").click()
    expect(page.locator("#id_received_on")).not_to_have_value("")
    expect(page.locator("#id_period_start")).not_to_have_value("")
    audit.check(page, "log-extract-requests")

    page.locator("#id_how_received").fill("Kirje")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("section[aria-labelledby=requests] tbody tr")).to_have_count(1)
    request = LogExtractRequest.objects.get(client_id=client.pk)
    expect(page.locator("section[aria-labelledby=requests]")).to_contain_text(
        f"{request.due_on.day}.{request.due_on.month}.{request.due_on.year}"
    )

    page.goto(f"{base_url}/casework/deadlines/")
    row = page.locator(
        "tr.log-extract-row", has=page.locator(f"a[href='/casework/log-extracts/{request.pk}/']")
    )
    expect(row).to_contain_text(client.last_name)
    audit.check(page, "deadlines-with-log-extract")

    row.locator("a").click()
    switch_language(page, "sv")
    extract = page.locator("section.log-extract")
    expect(extract).to_have_attribute("lang", "sv")
    # The worker's own opening of the client page is listed, as a read for client work.
    reads = extract.locator("tr.use-row", has_text="Läsning").filter(has_text=worker.get_full_name())
    expect(reads.first).to_be_visible()
    expect(extract).not_to_contain_text(str(client.pk))
    audit.check(page, "log-extract")

    expect(page.locator("#log-extract-documents tr.document-row")).to_have_count(0)
    page.locator("main a[href='#documents']").click()
    page.locator(f"form[action='/casework/log-extracts/{request.pk}/pdf/'] button").click()
    expect(page).to_have_url(f"{base_url}/casework/log-extracts/{request.pk}/?lang=sv#documents")
    document = page.locator("#log-extract-documents a[href*='/log-extract-documents/']")
    expect(document).to_have_count(1)
    audit.check(page, "log-extract-document-ready")
    pdf = page.request.get(f"{base_url}{document.get_attribute('href')}")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert client.last_name in text and "Läsning" in text

    page.locator(f"form[action='/casework/log-extracts/{request.pk}/answer/'] button").click()
    expect(page.locator("form[action$='/answer/']")).to_have_count(0)
    request.refresh_from_db()
    assert request.status == LogRequestStatus.ANSWERED
    assert DisclosureLogEntry.objects.filter(client_id=client.pk, legal_basis="client_request").count() == 1
    audit.check(page, "log-extract-answered")
    audit.assert_clean()
