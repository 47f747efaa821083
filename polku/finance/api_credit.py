"""The API of social credit: an agreement with its repayment plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from ninja import Router, Schema

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut
from polku.finance.selectors_credit import credit_get_for_user

router = Router(tags=["finance"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class InstalmentOut(Schema):
    number: int
    due_on: date
    amount: Decimal
    interest: Decimal
    paid_on: date | None
    paid_amount: Decimal | None
    holiday: bool


class CreditOut(Schema):
    id: UUID
    client_id: UUID
    application_id: UUID
    amount: Decimal
    interest_rate: Decimal
    reference_rate: Decimal
    months: int
    counselling: str
    status: str
    instalments: list[InstalmentOut]


@router.get("/credits/{agreement_id}", response={200: CreditOut, **ERRORS}, url_name="credit_detail")
def credit_detail(request: AuthedRequest, agreement_id: UUID) -> CreditOut:
    """A social credit agreement with its repayment plan and what has been paid."""
    a = credit_get_for_user(user=request.user, agreement_id=agreement_id, view="api:credit_detail")
    return CreditOut(
        id=a.pk,
        client_id=a.client_id,
        application_id=a.application_id,
        amount=a.amount,
        interest_rate=a.interest_rate,
        reference_rate=a.reference_rate,
        months=a.months,
        counselling=a.counselling,
        status=a.status,
        instalments=[
            InstalmentOut(
                number=i.number,
                due_on=i.due_on,
                amount=i.amount,
                interest=i.interest,
                paid_on=i.paid_on,
                paid_amount=i.paid_amount,
                holiday=i.holiday,
            )
            for i in a.instalments.all()
        ],
    )
