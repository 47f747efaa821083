"""Writes of social credits (laki sosiaalisesta luototuksesta 1133/2002): the agreement with its
repayment plan, payment holidays, repayments. A credit is agreed only on a granted social credit decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.finance.checks import worker_check
from polku.finance.credit import moved_by_holiday, repayment_plan
from polku.finance.models import (
    MAX_AMOUNT,
    Application,
    ApplicationKind,
    ApplicationStatus,
    CreditAgreement,
    CreditStatus,
    Instalment,
)

MAX_MONTHS = 120
MAX_HOLIDAY_MONTHS = 12
GRANTED = ("granted", "partly_granted")


def _check_worker(actor: User, agreement_or_application: CreditAgreement | Application) -> None:
    worker_check(
        actor, agreement_or_application.client, _("Only the client's workers handle their social credit.")
    )


def _log(actor: User, agreement: CreditAgreement, view: str) -> None:
    use_log_write(
        actor=actor,
        client_ids=[agreement.client_id],
        view=view,
        object_type="credit_agreement",
        object_id=str(agreement.pk),
        action=Action.WRITE,
    )


def _percent(value: Decimal | None, field: str) -> Decimal:
    if value is None or not value.is_finite() or not Decimal("0") <= value <= Decimal("100"):
        raise ValidationError({field: [_("Give a rate between 0 and 100 %.")]})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Give the rate with at most two decimals.")]})
    return value


@transaction.atomic
def credit_agree(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    interest_rate: Decimal,
    reference_rate: Decimal,
    months: int,
    first_due_on: date,
    counselling: str,
) -> CreditAgreement:
    """The credit agreement and its repayment plan, on a granted social credit decision. The interest is at
    most the reference rate (4 §), and financial counselling goes with the credit (7 §)."""
    _check_worker(actor, application)
    if application.kind != ApplicationKind.SOCIAL_CREDIT:
        raise ValidationError(_("Only a social credit application leads to a credit agreement."))
    if application.status != ApplicationStatus.DECIDED or application.outcome not in GRANTED:
        raise ValidationError(
            _("A credit is agreed on a granted social credit decision: make the decision first.")
        )
    errors: dict[str, list[str]] = {}
    if (
        not amount.is_finite()
        or not Decimal("0.01") <= amount <= MAX_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        errors["amount"] = [_("A loan is between 0.01 and 1,000,000 euros, in euros and cents.")]
    try:
        interest_rate = _percent(interest_rate, "interest_rate")
        reference_rate = _percent(reference_rate, "reference_rate")
    except ValidationError as exc:
        errors |= exc.message_dict
    else:
        if interest_rate > reference_rate:
            errors["interest_rate"] = [
                _("The interest may be at most the reference rate (laki 1133/2002, 4 §).")
            ]
    if not 1 <= months <= MAX_MONTHS:
        errors["months"] = [_("The repayment time is 1 to 120 months.")]
    if (
        not application.received_on
        <= first_due_on
        <= timezone.localdate().replace(year=timezone.localdate().year + 2)
    ):
        errors["first_due_on"] = [
            _("The first instalment falls between the application and two years from now.")
        ]
    if not counselling.strip():
        errors["counselling"] = [
            _("Financial counselling goes with a social credit (7 §): say how it is given.")
        ]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            agreement = CreditAgreement.objects.create(
                application=application,
                client=application.client,
                amount=amount,
                interest_rate=interest_rate,
                reference_rate=reference_rate,
                months=months,
                first_due_on=first_due_on,
                counselling=counselling.strip(),
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This application has its credit agreement already.")) from exc
    Instalment.objects.bulk_create(
        Instalment(
            agreement=agreement,
            number=p.number,
            due_on=p.due_on,
            amount=p.amount,
            interest=p.interest,
            created_by=actor,
            updated_by=actor,
        )
        for p in repayment_plan(
            amount=amount, yearly_percent=interest_rate, months=months, first_due_on=first_due_on
        )
    )
    _log(actor, agreement, "finance:credit_agree")
    return agreement


@transaction.atomic
def credit_holiday(
    *, actor: User, agreement: CreditAgreement, from_number: int, months: int, expected_version: int
) -> CreditAgreement:
    """A payment holiday: the unpaid instalments from `from_number` on move `months` months later."""
    _check_worker(actor, agreement)
    if agreement.status != CreditStatus.ACTIVE:
        raise ValidationError(_("Only a credit being repaid gets a payment holiday."))
    if not 1 <= months <= MAX_HOLIDAY_MONTHS:
        raise ValidationError({"months": [_("A payment holiday is 1 to 12 months.")]})
    moved = list(agreement.instalments.filter(number__gte=from_number, paid_on__isnull=True))
    if not moved:
        raise ValidationError({"from_number": [_("No unpaid instalment from this one on.")]})
    agreement.save_versioned(actor=actor, expected_version=expected_version, update_fields=[])
    for instalment in moved:
        instalment.due_on = moved_by_holiday(instalment.due_on, months)
        instalment.holiday = True
        instalment.version += 1
        instalment.updated_by = actor
    Instalment.objects.bulk_update(moved, ["due_on", "holiday", "version", "updated_by"])
    _log(actor, agreement, "finance:credit_holiday")
    return agreement


@transaction.atomic
def instalment_pay(
    *, actor: User, instalment: Instalment, paid_on: date, amount: Decimal, expected_version: int
) -> Instalment:
    """A repayment of one instalment; the credit is repaid when every instalment is."""
    agreement = instalment.agreement
    _check_worker(actor, agreement)
    errors: dict[str, list[str]] = {}
    if instalment.paid_on is not None:
        raise ValidationError(_("This instalment is paid already."))
    if not agreement.created_at.date() <= paid_on <= timezone.localdate():
        errors["paid_on"] = [_("Give the day it was paid: not before the agreement, not in the future.")]
    if (
        not amount.is_finite()
        or not Decimal("0.01") <= amount <= MAX_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        errors["paid_amount"] = [_("Give the amount paid in euros and cents.")]
    if errors:
        raise ValidationError(errors)
    instalment.paid_on, instalment.paid_amount = paid_on, amount
    instalment.save_versioned(
        actor=actor, expected_version=expected_version, update_fields=["paid_on", "paid_amount"]
    )
    if not agreement.instalments.filter(paid_on__isnull=True).exists():
        agreement.status = CreditStatus.REPAID
        agreement.save_versioned(actor=actor, expected_version=None, update_fields=["status"])
    _log(actor, agreement, "finance:instalment_pay")
    return instalment
