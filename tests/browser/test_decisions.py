"""Issue 13, item 1: a decision refused on the page leaves the draft as it was, and the corrected one is made
from the same page without a false "someone else changed this"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from polku.decisions.models import Decision, DecisionStatus
from tests.browser.conftest import Audit, sign_in
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.browser


def test_a_refused_decision_is_corrected_and_made_on_the_same_page(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker = demo["sosiaalityontekija"]
    client = ClientFactory(first_name="Kalle", last_name="Korjaaja")
    RelationshipFactory(client=client, team=worker.teams.get())
    sign_in(page, base_url, "sosiaalityontekija")
    page.goto(f"{base_url}/decisions/clients/{client.pk}/new/")
    page.locator("#id_decision_text").fill("Myönnetään sosiaalinen kuntoutus.")
    page.locator("#id_grounds").fill("Palvelutarpeen arvioinnin mukaan.")
    page.locator("#id_start_date").fill("2026-12-01")
    page.locator("#id_end_date").fill("2027-02-28")
    page.locator("main form button[type=submit]").click()
    draft = Decision.objects.get(client=client)

    page.locator("#id_end_date").fill("2026-11-01")
    page.locator("button[name=make]").click()
    expect(page.locator(".error-summary")).to_contain_text("Päättymispäivä ei voi olla ennen alkamispäivää.")
    expect(page.locator("#id_end_date")).to_have_value("2026-11-01")
    audit.check(page, "decision-refused")
    stored = Decision.objects.get(pk=draft.pk)
    assert (stored.status, stored.version, str(stored.end_date)) == (
        DecisionStatus.DRAFT,
        draft.version,
        "2027-02-28",
    )

    page.locator("#id_end_date").fill("2027-03-31")
    page.locator("button[name=make]").click()
    expect(page.locator("section[aria-labelledby=notification]")).to_be_visible()
    made = Decision.objects.get(pk=draft.pk)
    assert (made.status, str(made.end_date)) == (DecisionStatus.DECIDED, "2027-03-31")
    audit.assert_clean()
