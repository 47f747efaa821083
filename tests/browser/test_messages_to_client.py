"""Issue 14, messages to the client: the worker makes a self-assessment link and sends it by e-mail with
one click; the client opens the link from the mail on a phone and answers to the end."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from polku.accounts.models import User
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.ville import VILLE_HETU
from polku.messaging.models import Message, MessageStatus
from tests.browser.conftest import Audit, new_context, sign_in
from tests.browser.test_effectiveness_and_structural import answer_every_page

pytestmark = pytest.mark.browser


def test_the_worker_sends_a_self_assessment_link_by_email_and_the_client_answers_on_a_phone(
    page: Page,
    browser: Browser,
    base_url: str,
    demo: dict[str, User],
    settings: Settings,
    audit: Audit,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.POLKU_PUBLIC_URL = base_url
    mail.outbox = []
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/instruments/clients/{ville.pk}/")
    page.locator("select[name=instrument]").select_option("functional_capacity")
    page.locator("button[name=send_link]").click()
    audit.check(page, "send-link-buttons")
    page.locator("button[name=channel][value=email]").click()
    expect(page.locator("main")).to_contain_text("Linkki lähetettiin asiakkaalle sähköpostilla.")
    expect(page.locator("#messages-heading")).to_be_visible()
    audit.check(page, "link-sent")

    assert Message.objects.get().status == MessageStatus.SENT
    (sent,) = mail.outbox
    assert sent.to == [ville.email]
    assert ville.last_name not in sent.body
    link = re.search(r"https?://\S+", sent.body)
    assert link is not None

    phone = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    client_page = phone.new_page()
    client_page.goto(link.group(0))
    audit.check(client_page, "self-assessment-from-mail-phone")
    answer_every_page(client_page)
    expect(client_page.locator("h1")).to_contain_text("Kiitos")
    phone.close()
    audit.assert_clean()
