"""The checks every write of financial social work makes: who may write (the client's workers), and what
an amount may be (euros and cents, 0 to MAX_AMOUNT)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.finance.models import MAX_AMOUNT


def worker_check(actor: User, client: Client, refusal: str) -> None:
    """PermissionDenied(`refusal`) unless `actor` does client work for `client`."""
    if actor.role not in CLIENT_WORK_ROLES or not works_with_client(actor, client):
        raise PermissionDenied(refusal)


def amount_check(value: Any, field: str) -> Decimal:
    """`value` if a Decimal of euros and cents from 0 to MAX_AMOUNT, else a ValidationError on `field`."""
    if not isinstance(value, Decimal) or not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Give an amount in euros and cents.")]})
    if not Decimal("0") <= value <= MAX_AMOUNT:
        raise ValidationError({field: [_("An amount is between 0 and 1,000,000 euros.")]})
    return value
