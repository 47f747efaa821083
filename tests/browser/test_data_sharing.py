"""A worker records Ville's ban on disclosing to a provider; the disclosure log shows what already left."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from polku.accounts.models import Organisation, OrganisationKind, User
from polku.clients.models import Client, DisclosureBan
from polku.core.crypto import search_hash
from polku.demo.ville import VILLE_HETU
from tests.browser.conftest import Audit, sign_in, switch_language

pytestmark = pytest.mark.browser


def test_a_worker_records_a_ban_in_swedish_and_sees_the_disclosures(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    provider = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).order_by("name").first()
    assert provider is not None
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/clients/{ville.pk}/")
    page.locator(f"a[href='/clients/{ville.pk}/sharing/']").click()
    audit.check(page, "data-sharing-fi")
    # Ville's story disclosed his referral to the provider: the log shows it.
    expect(page.locator("section[aria-labelledby=disclosures] tbody tr").first).to_be_visible()

    switch_language(page, "sv")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.locator("#id_ban-scope").select_option("organisation")
    page.locator("#id_ban-organisation").select_option(str(provider.pk))
    page.locator("#id_ban-note").fill("Muntligt på mötet")
    page.locator("section[aria-labelledby=bans] button[type=submit]").last.click()
    expect(page.locator("section[aria-labelledby=bans] tbody")).to_contain_text(provider.name)
    audit.check(page, "data-sharing-sv")
    assert DisclosureBan.objects.filter(
        client=ville, organisation=provider, withdrawn_at__isnull=True
    ).exists()

    # A ban without its organisation is refused with the reason, and nothing is saved.
    page.locator("#id_ban-scope").select_option("organisation")
    page.locator("section[aria-labelledby=bans] button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert DisclosureBan.objects.filter(client=ville).count() == 2  # Ville's own ban and the new one
    audit.assert_clean()
