"""The API of the household's money: the client's money (members, latest budget, debts), a new budget
version, debts. The same services as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Router, Schema, Status

from polku.accounts.models import AuthedRequest
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema
from polku.finance.models import BudgetVersion, Debt, HouseholdMember
from polku.finance.selectors import client_record_get_for_user, money_of_client
from polku.finance.services_household import (
    BudgetLineIn,
    budget_totals,
    budget_version_save,
    debt_add,
    debt_update,
)

router = Router(tags=["finance"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
Euros = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=12, decimal_places=2)]


class MemberOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    relation: str
    birth_date: date | None
    moved_out_on: date | None


class BudgetLineSchema(InputSchema):
    direction: Literal["income", "expense", "asset"]
    kind: str = Field(max_length=20)
    amount: Euros
    payer: str = Field("", max_length=200)
    period_start: date | None = None
    period_end: date | None = None
    member_id: UUID | None = None
    note: str = Field("", max_length=300)


class BudgetLineOut(Schema):
    direction: str
    kind: str
    amount: Decimal
    payer: str
    period_start: date | None
    period_end: date | None
    member_id: UUID | None
    note: str


class BudgetOut(Schema):
    number: int
    month: date
    by_client: bool
    lines: list[BudgetLineOut]
    income: Decimal
    expenses: Decimal
    assets: Decimal
    difference: Decimal
    shortfall: Decimal


class DebtIn(InputSchema):
    creditor: str = Field(max_length=200)
    kind: Literal[
        "rent_arrears", "energy", "consumer_credit", "enforcement", "tax", "fines", "health_fees", "other"
    ]
    amount: Euros
    due_on: date | None = None
    in_enforcement: bool = False
    status: Literal["open", "negotiating", "payment_plan", "settled"] = "open"
    note: str = Field("", max_length=4000)


class DebtUpdate(DebtIn):
    version: int


class DebtOut(Schema):
    id: UUID
    creditor: str
    kind: str
    amount: Decimal
    due_on: date | None
    in_enforcement: bool
    status: str
    note: str
    version: int

    @staticmethod
    def of(d: Debt) -> DebtOut:
        return DebtOut(
            id=d.pk,
            creditor=d.creditor,
            kind=d.kind,
            amount=d.amount,
            due_on=d.due_on,
            in_enforcement=d.in_enforcement,
            status=d.status,
            note=d.note,
            version=d.version,
        )


class MoneyOut(Schema):
    members: list[MemberOut]
    budget: BudgetOut | None
    debts: list[DebtOut]


class BudgetIn(InputSchema):
    month: date = Field(description="the first day of the month the budget describes")
    expected_number: int = Field(ge=0, description="the latest version the sender read (0: none yet)")
    note: str = Field("", max_length=2000)
    lines: list[BudgetLineSchema] = Field(max_length=80)


def _budget_out(version: BudgetVersion | None) -> BudgetOut | None:
    if version is None:
        return None
    return BudgetOut(
        number=version.number,
        month=version.month,
        by_client=version.by_client,
        lines=[
            BudgetLineOut(
                direction=ln.direction,
                kind=ln.kind,
                amount=ln.amount,
                payer=ln.payer,
                period_start=ln.period_start,
                period_end=ln.period_end,
                member_id=ln.member_id,
                note=ln.note,
            )
            for ln in version.lines.all()
        ],
        **budget_totals(version),
    )


@router.get("/clients/{client_id}/money", response={200: MoneyOut, **ERRORS}, url_name="client_money")
def client_money(request: AuthedRequest, client_id: UUID) -> MoneyOut:
    """The household's members, the latest budget version with its monthly totals, and the debts."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_money")
    money = money_of_client(client=client)
    members: list[HouseholdMember] = money["members"]  # type: ignore[assignment]
    debts: list[Debt] = money["debts"]  # type: ignore[assignment]
    return MoneyOut(
        members=[
            MemberOut(
                id=m.pk,
                first_name=m.first_name,
                last_name=m.last_name,
                relation=m.relation,
                birth_date=m.birth_date,
                moved_out_on=m.moved_out_on,
            )
            for m in members
        ],
        budget=_budget_out(money["latest"]),  # type: ignore[arg-type]
        debts=[DebtOut.of(d) for d in debts],
    )


@router.post(
    "/clients/{client_id}/budget",
    response={201: BudgetOut, **ERRORS, 409: ErrorOut},
    url_name="client_budget",
)
def budget_create(request: AuthedRequest, client_id: UUID, payload: BudgetIn) -> Status:
    """A new version of the household budget; 409 when someone saved a version after `expected_number`."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_budget")
    version = budget_version_save(
        actor=request.user,
        client=client,
        month=payload.month,
        note=payload.note,
        expected_number=payload.expected_number,
        lines=[BudgetLineIn(**line.model_dump()) for line in payload.lines],
    )
    return Status(201, _budget_out(version))


@router.post("/clients/{client_id}/debts", response={201: DebtOut, **ERRORS}, url_name="client_debts")
def debt_create(request: AuthedRequest, client_id: UUID, payload: DebtIn) -> Status:
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:client_debts")
    return Status(201, DebtOut.of(debt_add(actor=request.user, client=client, **payload.model_dump())))


@router.put("/debts/{debt_id}", response={200: DebtOut, **ERRORS, 409: ErrorOut}, url_name="debt_detail")
def debt_change(request: AuthedRequest, debt_id: UUID, payload: DebtUpdate) -> DebtOut:
    """Change a debt (its status as it is negotiated and paid); 409 when it changed since `version`."""
    debt = client_record_get_for_user(model=Debt, user=request.user, pk=debt_id, view="api:debt_detail")
    data = payload.model_dump(exclude={"version"})
    return DebtOut.of(debt_update(actor=request.user, debt=debt, expected_version=payload.version, **data))
