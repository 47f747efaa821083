"""Ville's money (issue 16; domain.md, "The reference story", step 2 onwards): Kela's contact was about rent
arrears. At the first meeting the social worker records his debts and his household budget; Ville agrees
to a referral to financial and debt counselling. He finds a cheaper flat, and applies for supplementary
social assistance for its rent deposit: the worker calculates the month (Kela's basic assistance counted as
income), the deposit is granted as a payment commitment to the new landlord and decided within the seven
weekdays. After the move the budget is made again: the rent is lower and the arrears are paid by a plan.
This week he applied for preventive assistance for a film club's season card (incomplete: on the board).
Made through the services, like everything in the demo."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import translation

from polku.accounts.models import User
from polku.clients.models import Client
from polku.core.formats import euros
from polku.core.weekdays import add_weekdays
from polku.decisions.services import decision_draft, decision_make, decision_notify
from polku.demo.backdate import happened_at
from polku.demo.ville_days import VilleDays, at
from polku.finance.calculation import Line, Person, calculate
from polku.finance.services_assistance import (
    GrantIn,
    application_complete,
    application_register,
    calculation_save,
    grants_save,
)
from polku.finance.services_household import (
    BudgetLineIn,
    budget_version_save,
    debt_add,
    debt_referral_make,
    debt_update,
)

D = Decimal
LANDLORD = "Koivulan Vuokratalot Oy"
NEW_LANDLORD = "Kotikaari Oy"
BENEFIT = D("742.00")  # labour market subsidy (työmarkkinatuki) a month, paid by Kela
HOUSING_ALLOWANCE = D("389.00")
OLD_RENT, NEW_RENT = D("690.00"), D("560.00")
DEPOSIT = 2 * NEW_RENT


def _fi(amount: Decimal) -> str:
    """An amount as a Finnish text writes it (1 120,00 €)."""
    with translation.override("fi"):
        return euros(amount)


def _budget(
    rent: Decimal, *, basic_assistance: Decimal, instalment: Decimal, note: str
) -> list[BudgetLineIn]:
    lines = [
        BudgetLineIn("income", "unemployment", BENEFIT, payer="Kela"),
        BudgetLineIn("income", "housing_allowance", HOUSING_ALLOWANCE, payer="Kela"),
        BudgetLineIn("income", "basic_assistance", basic_assistance, payer="Kela"),
        BudgetLineIn("expense", "rent", rent),
        BudgetLineIn("expense", "electricity", D("48.00")),
        BudgetLineIn("expense", "home_insurance", D("14.00")),
        BudgetLineIn("expense", "travel", D("35.00"), note="Kuukausilippu"),
        BudgetLineIn("expense", "medicines", D("22.00")),
        BudgetLineIn(
            "expense", "other_expense", D("420.00"), note="Ruoka, puhelin ja muut päivittäiset menot"
        ),
    ]
    if instalment:
        lines.append(
            BudgetLineIn("expense", "debt_instalment", instalment, note="Vuokrarästin maksusuunnitelma")
        )
    return lines


def load_ville_money(*, ville: Client, social_worker: User, days: VilleDays) -> None:
    with happened_at(at(days.first_meeting, 14)):
        arrears = debt_add(
            actor=social_worker,
            client=ville,
            creditor=LANDLORD,
            kind="rent_arrears",
            amount=D("1380.00"),
            due_on=days.contact - timedelta(days=35),
            status="negotiating",
            note="Kahden kuukauden vuokrat maksamatta; vuokranantaja on lähettänyt maksumuistutuksen.",
        )
        debt_add(
            actor=social_worker,
            client=ville,
            creditor="Koivulan Energia Oy",
            kind="energy",
            amount=D("186.40"),
            due_on=days.contact - timedelta(days=20),
        )
        debt_add(
            actor=social_worker,
            client=ville,
            creditor="Luottoyhtiö Pikaraha Oy",
            kind="consumer_credit",
            amount=D("2450.00"),
            in_enforcement=True,
            note="Ulosotossa.",
        )
        budget_version_save(
            actor=social_worker,
            client=ville,
            month=days.first_meeting.replace(day=1),
            lines=_budget(
                OLD_RENT, basic_assistance=D("121.43"), instalment=D("150.00"), note="Pikalainan lyhennys"
            ),
            expected_number=0,
            note="Tehty Villen kanssa ensimmäisellä tapaamisella tiliotteiden pohjalta.",
        )
    with happened_at(at(days.assessment_completed, 14)):
        debt_referral_make(
            actor=social_worker,
            client=ville,
            recipient="Lapin oikeusaputoimisto, talous- ja velkaneuvonta",
            debt_ids=[d.pk for d in ville.debts.all()],  # type: ignore[attr-defined]
            consent_given=True,
            consent_on=days.assessment_completed,
            message="Ville toivoo apua vuokrarästin maksusuunnitelmaan ja ulosotossa olevan luoton selvittämiseen.",
        )
    # The rent deposit of the cheaper flat: received with the plan, complete the same day.
    received = days.plan_made
    first, last = received, received + relativedelta(months=1) - timedelta(days=1)
    with happened_at(at(received, 15)):
        application = application_register(
            actor=social_worker,
            client=ville,
            kind="supplementary",
            received_on=received,
            what_for=f"Vuokravakuus edullisempaan vuokra-asuntoon ({NEW_LANDLORD}, vuokra {_fi(NEW_RENT)} kk).",
        )
        application = application_complete(
            actor=social_worker,
            application=application,
            complete_on=received,
            expected_version=application.version,
        )
        # Kela's basic assistance for the month covers what the benefits leave of the basic amount and the rent.
        without_deposit = calculate(
            period_start=first,
            period_end=last,
            persons=[Person("client", "alone")],
            lines=[
                Line("expense", "rent", NEW_RENT),
                Line("income", "unemployment", BENEFIT),
                Line("income", "housing_allowance", HOUSING_ALLOWANCE),
            ],
        )
        calculation_save(
            actor=social_worker,
            application=application,
            expected_version=application.version,
            period_start=first,
            period_end=last,
            persons=[(None, "alone")],
            lines=[
                {"direction": "expense", "kind": "rent", "amount": NEW_RENT},
                {
                    "direction": "expense",
                    "kind": "rent_deposit",
                    "amount": DEPOSIT,
                    "note": "Kahden kuukauden vuokra",
                },
                {"direction": "income", "kind": "unemployment", "amount": BENEFIT},
                {"direction": "income", "kind": "housing_allowance", "amount": HOUSING_ALLOWANCE},
                {"direction": "income", "kind": "basic_assistance", "amount": without_deposit.shortfall},
            ],
        )
        application.refresh_from_db()
        grants_save(
            actor=social_worker,
            application=application,
            expected_version=application.version,
            grants=[
                GrantIn(
                    "rent_deposit",
                    DEPOSIT,
                    "commitment",
                    payee=NEW_LANDLORD,
                    payee_reference="Kaarikatu 3 B 12",
                )
            ],
        )
    decided = add_weekdays(received, 3)
    with happened_at(at(decided, 10)):
        application.refresh_from_db()
        decision = decision_draft(
            actor=social_worker,
            client=ville,
            decision_type="supplementary_assistance",
            application=application,
            decision_text=(
                f"Myönnetään täydentävää toimeentulotukea vuokravakuuteen {_fi(DEPOSIT)}. Tuki annetaan "
                f"maksusitoumuksena vuokranantajalle {NEW_LANDLORD}."
            ),
            grounds=(
                "Vuokravakuus on välttämätön edullisemman asunnon saamiseksi: nykyisen asunnon vuokra ylittää "
                "Villen maksukyvyn ja on kerryttänyt vuokrarästiä. Laskelman mukaan Villen tulot ja varat eivät "
                "riitä vakuuteen. Asumisen turvaaminen on asiakassuunnitelman tavoite."
            ),
            legal_basis="Laki toimeentulotuesta 1412/1997 1 §, 7 c § 1 mom. 1 kohta, 11 §",
        )
        decision = decision_make(actor=social_worker, decision=decision, expected_version=decision.version)
    with happened_at(at(decided, 13)):  # handed over to Ville at his visit
        decision.refresh_from_db()
        decision_notify(actor=social_worker, decision=decision, method="in_person", sent_on=decided)
    # After the move: the lower rent, the arrears paid by a plan agreed with the old landlord.
    moved = days.plan_made + timedelta(days=40)
    with happened_at(at(moved, 11)):
        debt_update(
            actor=social_worker,
            debt=arrears,
            expected_version=arrears.version,
            creditor=LANDLORD,
            kind="rent_arrears",
            amount=D("1280.00"),
            due_on=arrears.due_on,
            status="payment_plan",
            note="Maksusuunnitelma: 50 € kuukaudessa velkaneuvonnan avulla.",
        )
        budget_version_save(
            actor=social_worker,
            client=ville,
            month=moved.replace(day=1),
            lines=_budget(
                NEW_RENT,
                basic_assistance=without_deposit.shortfall,
                instalment=D("50.00"),
                note="Vuokrarästin maksusuunnitelma",
            ),
            expected_number=1,
            note="Muuton jälkeen: vuokra pieneni, vuokrarästi maksusuunnitelmassa.",
        )
    # This week: an application for preventive assistance for his film club's season card, waiting for
    # the club's price list (incomplete: the board shows when its completion is to be requested).
    asked = days.today - timedelta(days=3)
    with happened_at(at(asked, 9)):
        application_register(
            actor=social_worker,
            client=ville,
            kind="preventive",
            received_on=asked,
            what_for="Elokuvakerhon kausikortti (noin 60 €).",
            purpose="Säännöllinen harrastus tukee päivärytmiä ja osallisuutta kuntouttavan työtoiminnan alkaessa.",
        )
