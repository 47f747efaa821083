"""Issue 16 in a real browser: the worker records a debt and a budget on the client's money page, registers
an application, makes the calculation with a person counted twice refused on the page, grants a payment
commitment and prepares the decision; every page passes axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from polku.accounts.models import User
from polku.decisions.models import Decision
from polku.finance.models import Application, BudgetVersion, Debt, HouseholdMember
from tests.browser.conftest import Audit, sign_in
from tests.factories import ClientFactory, RelationshipFactory

pytestmark = pytest.mark.browser


def test_money_page_application_calculation_and_decision(
    page: Page, base_url: str, demo: dict[str, User], audit: Audit
) -> None:
    worker = demo["sosiaalityontekija"]
    client = ClientFactory(first_name="Raha", last_name="Rästinen")
    RelationshipFactory(client=client, team=worker.teams.get())
    HouseholdMember.objects.create(client=client, first_name="Sanna", relation="spouse")
    sign_in(page, base_url, "sosiaalityontekija")

    page.goto(f"{base_url}/finance/clients/{client.pk}/")
    audit.check(page, "money-empty")
    page.get_by_role("link", name="Lisää velka").click()
    page.locator("#id_creditor").fill("Vuokra-Koti Oy")
    page.locator("#id_kind").select_option("rent_arrears")
    page.locator("#id_amount").fill("1380.00")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Vuokra-Koti Oy")
    assert Debt.objects.get(client=client).amount == 1380

    page.get_by_role("link", name="Tee budjetti").click()
    page.locator("#id_line-0-line").select_option("expense:rent")
    page.locator("#id_line-0-amount").fill("650.00")
    page.locator("#id_line-1-line").select_option("income:pension")
    page.locator("#id_line-1-amount").fill("600.00")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".notice")).to_contain_text("50,00")
    audit.check(page, "money-budget")
    assert BudgetVersion.objects.filter(budget__client=client).count() == 1

    page.goto(f"{base_url}/finance/clients/{client.pk}/applications/new/")
    page.locator("#id_kind").select_option("supplementary")
    received = timezone.localdate() - timedelta(days=1)
    page.locator("#id_received_on").fill(received.isoformat())
    page.locator("#id_what_for").fill("Vuokravakuus")
    page.locator("main form button[type=submit]").click()
    application = Application.objects.get(client=client)
    page.locator("#id_complete_on").fill(received.isoformat())
    page.get_by_role("button", name="Merkitse täydentyneeksi").click()
    expect(page.locator("main")).to_contain_text("Ratkaistava viimeistään")

    page.locator("#id_period_start").fill("2026-03-01")
    page.locator("#id_period_end").fill("2026-03-31")
    page.locator("#id_person_client").select_option("alone")
    member = HouseholdMember.objects.get(client=client)
    page.locator(f"#id_person_{member.pk}").select_option("adult")
    page.locator("#id_line-0-line").select_option("expense:rent_deposit")
    page.locator("#id_line-0-amount").fill("1300.00")
    page.locator("button[name=calculate]").click()
    expect(page.locator(".error-summary")).to_contain_text("Yksin asuva lasketaan yksin")
    audit.check(page, "calculation-refused")
    page.locator(f"#id_person_{member.pk}").select_option("")
    page.locator("button[name=calculate]").click()
    expect(page.locator("main")).to_contain_text("Alijäämä")
    expect(page.locator("main")).to_contain_text("1\u00a0878,43\u00a0€")  # 578.43 + 1,300.00

    page.locator("#id_grant-0-kind").select_option("rent_deposit")
    page.locator("#id_grant-0-amount").fill("1300.00")
    page.locator("#id_grant-0-method").select_option("commitment")
    page.locator("button[name=grant]").click()
    expect(page.locator(".error-summary")).to_contain_text("Maksusitoumuksessa nimetään maksunsaaja")
    page.locator("#id_grant-0-payee").fill("Kotikaari Oy")
    page.locator("button[name=grant]").click()
    audit.check(page, "application-granted")
    page.get_by_role("button", name="Valmistele päätös").click()
    decision = Decision.objects.get(application=application)
    expect(page.locator("main")).to_contain_text("Kotikaari Oy")
    assert decision.decision_type == "supplementary_assistance"
    audit.check(page, "money-decision")
    audit.assert_clean()
