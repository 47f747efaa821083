"""Reads of social credits through the client's access rule, with use-log rows."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.core.pagination import page_counted
from polku.finance.models import CreditAgreement, Instalment


def credit_get_for_user(*, user: User, agreement_id: UUID | str, view: str) -> CreditAgreement:
    try:
        agreement = (
            CreditAgreement.objects.filter(client_id__in=Client.objects.visible_ids(user))
            .select_related("client", "application")
            .get(pk=agreement_id)
        )
    except (CreditAgreement.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such credit.") from exc
    use_log_write(
        actor=user,
        client_ids=[agreement.client_id],
        view=view,
        object_type="credit_agreement",
        object_id=str(agreement.pk),
        purpose=purpose_for(user),
    )
    return agreement


def _sum_of(field: str) -> Coalesce:
    sums = (
        Instalment.objects.filter(agreement=OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(total=Sum(field))
        .values("total")
    )
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(sums, output_field=money), Value(0, output_field=money))


def credits_page(*, user: User, request: HttpRequest, view: str) -> Page:
    """The register of social credits: a page of the agreements of clients `user` may see, newest first,
    each with what is due and what is paid; one use-log row per client shown."""
    agreements = (
        CreditAgreement.objects.filter(client_id__in=Client.objects.visible_ids(user))
        .select_related("client", "application")
        .annotate(due_total=_sum_of("amount"), paid_total=_sum_of("paid_amount"))
        .annotate(left_total=F("due_total") - F("paid_total"))
        .order_by("-created_at", "pk")
    )
    page = page_counted(agreements, request)
    shown = sorted({a.client_id for a in page.object_list})
    if shown:
        use_log_write(
            actor=user, client_ids=shown, view=view, object_type="credit_list", purpose=purpose_for(user)
        )
    return page
