"""The demo's Ville (issue 16): his rent arrears as a debt, his budget before and after the move, the
referral to debt counselling in his disclosure log, and the supplementary assistance for the rent deposit,
calculated and decided within the seven weekdays as a payment commitment to the new landlord."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client as Browser
from django.urls import reverse
from pypdf import PdfReader

from polku.accounts.models import User
from polku.audit.models import DisclosureLogEntry
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.decisions.models import Decision
from polku.demo.data import load_demo
from polku.demo.ville import VILLE_HETU
from polku.finance.models import Application, BudgetVersion
from polku.finance.services_household import budget_totals

pytestmark = pytest.mark.django_db


def test_villes_money_story() -> None:
    load_demo(clients=12, today=date(2026, 11, 18))
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))

    arrears = ville.debts.get(kind="rent_arrears")  # type: ignore[attr-defined]
    assert (arrears.creditor, arrears.status) == ("Koivulan Vuokratalot Oy", "payment_plan")
    first, latest = BudgetVersion.objects.filter(budget__client=ville).order_by("number")
    # Before: 1,252.43 € in (benefit 742.00, housing allowance 389.00, Kela's basic assistance 121.43) and
    # 1,379.00 € out (rent 690.00, a quick loan's 150.00, 539.00 else): short by 126.57 €. After the move:
    # 1,138.43 € in (basic assistance 7.43 by the basic amount 578.43 + rent 560.00 - 1,131.00) and 1,149.00 €
    # out (rent 560.00, the arrears' plan 50.00, 539.00 else): short by 10.57 €.
    assert (budget_totals(first)["shortfall"], budget_totals(latest)["shortfall"]) == (
        Decimal("126.57"),
        Decimal("10.57"),
    )
    assert DisclosureLogEntry.objects.filter(client_id=ville.pk, object_type="debt_referral").exists()

    application = Application.objects.get(client=ville, kind="supplementary")
    assert (application.status, application.outcome) == ("decided", "granted")
    assert application.decided_on is not None and application.due_on is not None
    assert application.decided_on <= application.due_on
    assert application.calculation is not None and application.calculation["shortfall"] == "1120.00"
    grant = application.grants.get()
    assert (grant.kind, grant.amount, grant.method, grant.payee) == (
        "rent_deposit",
        Decimal("1120.00"),
        "commitment",
        "Kotikaari Oy",
    )
    decision = Decision.objects.get(application=application)
    assert decision.status == "notified" and decision.appeal_last_day is not None

    browser = Browser()
    browser.force_login(User.objects.get(username="sosiaalityontekija"))
    money = browser.get(reverse("finance:client", kwargs={"client_id": ville.pk})).content.decode()
    assert "Koivulan Vuokratalot Oy" in money and "Vuokrarästi" in money
    letter = browser.get(reverse("decisions:pdf", kwargs={"decision_id": decision.pk}))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages).replace(
        "\xa0", " "
    )
    assert "Maksusitoumus maksunsaajalle: Kotikaari Oy" in text and "Oikaisuvaatimusohje" in text
    # This week's preventive application waits for the club's price list: the board says by when to ask.
    board = browser.get(reverse("casework:deadlines"))
    (row,) = [r for r in board.context["application_rows"] if r.client.pk == ville.pk]
    assert (row.application.kind, row.application.status) == ("preventive", "received")
