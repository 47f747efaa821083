"""Reads of the household's money through the client's access rule, each with its use-log row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.finance.models import BudgetVersion, Debt, DebtStatus, HouseholdMember
from polku.finance.services_household import budget_totals

M = TypeVar("M", HouseholdMember, Debt)


def _logged(user: User, client_id: UUID, view: str, object_type: str, object_id: object) -> None:
    use_log_write(
        actor=user,
        client_ids=[client_id],
        view=view,
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose_for(user),
    )


def client_record_get_for_user(*, model: type[M], user: User, pk: UUID | str, view: str) -> M:
    """A household member or a debt of a client `user` may see; 404 otherwise."""
    try:
        found = (
            model._default_manager.filter(client_id__in=Client.objects.visible_ids(user))
            .select_related("client")
            .get(pk=pk)
        )
    except (model.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("Not found.") from exc
    _logged(user, found.client_id, view, model._meta.model_name or "", found.pk)
    return found


def budget_version_get_for_user(*, user: User, version_id: int, view: str) -> BudgetVersion:
    try:
        version = (
            BudgetVersion.objects.filter(budget__client_id__in=Client.objects.visible_ids(user))
            .select_related("budget__client", "made_by")
            .get(pk=version_id)
        )
    except (BudgetVersion.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such budget version.") from exc
    _logged(user, version.budget.client_id, view, "budget_version", version.pk)
    return version


def money_of_client(*, client: Client) -> dict[str, object]:
    """What the client's money page shows; the caller has loaded `client` through an access check."""
    versions = list(
        BudgetVersion.objects.filter(budget__client=client).select_related("made_by").order_by("-number")
    )
    debts = list(client.debts.order_by("status", "due_on", "creditor"))  # type: ignore[attr-defined]
    return {
        "members": list(client.household_members.order_by("moved_out_on", "birth_date", "first_name")),  # type: ignore[attr-defined]
        "versions": versions,
        "latest": versions[0] if versions else None,
        "debts": debts,
        "referrals": list(client.debt_referrals.prefetch_related("debts")),  # type: ignore[attr-defined]
        "applications": list(client.assistance_applications.order_by("-received_on")[:5]),  # type: ignore[attr-defined]
    }


def debt_totals(debts: list[Debt]) -> dict[str, Any]:
    """The unsettled debts' sum and how many of them are in enforcement."""
    unsettled = [d for d in debts if d.status != DebtStatus.SETTLED]
    return {
        "total": sum((d.amount for d in unsettled), Decimal("0")),
        "in_enforcement": sum(1 for d in unsettled if d.in_enforcement),
        "count": len(unsettled),
    }


def money_summary(*, client: Client) -> dict[str, Any] | None:
    """What the service need assessment shows of the household's money: the latest budget's monthly totals
    and the unsettled debts (two queries); None when nothing is recorded. The caller has loaded `client`
    through an access check and logged the read."""
    latest = BudgetVersion.objects.filter(budget__client=client).order_by("-number").first()
    debts = list(Debt.objects.filter(client=client))
    if latest is None and not debts:
        return None
    return {
        "budget": budget_totals(latest) if latest else None,
        "month": latest.month if latest else None,
        "debts": debt_totals(debts),
    }
