"""Financial social work in figures (issue 16): applications for social assistance and social credit, their
decisions, what was granted for which expense, handling times, and the clients whose budget shortfall fell.
For the teams a user reads figures of (`structural.selectors.figure_teams`), over a period; every count of
clients under the threshold is hidden by the one rule (`polku.core.suppression`), and so is the money of a
hidden group. No totals are shown beside the cells, so no cell can be worked out from the others."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.clients.models import ClientRelationship
from polku.core.suppression import is_small
from polku.finance.models import (
    Application,
    ApplicationChannel,
    ApplicationKind,
    ApplicationStatus,
    BudgetVersion,
    Grant,
    PaymentMethod,
    SpecialExpenseKind,
)
from polku.finance.services_household import budget_totals
from polku.structural.access import may_read_figures
from polku.structural.selectors import figure_teams

GRANTED = ("granted", "partly_granted")


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: hidden (a group under the threshold)
    clients: int
    euros: Decimal | None = None


def _cell(count: int, clients: int, euros: Decimal | None = None) -> Cell:
    if is_small(clients):
        return Cell(None, clients, None)
    return Cell(count, clients, euros)


@dataclass
class FinanceFigures:
    first: date
    last: date
    received: list[tuple[str, str, Cell]] = field(default_factory=list)  # kind, channel
    decided: list[tuple[str, str, Cell]] = field(default_factory=list)  # kind, outcome
    granted: list[tuple[str, str, Cell]] = field(default_factory=list)  # expense, payment method
    handling: Cell | None = None
    handling_median_days: float | None = None
    handling_in_time_percent: float | None = None
    shortfall: dict[str, Cell] = field(default_factory=dict)  # fell, same, rose


def _scope(user: User) -> Any:
    return ClientRelationship.objects.filter(team__in=figure_teams(user)).values("client_id")


def finance_figures(*, user: User, first: date, last: date) -> FinanceFigures:
    """The figures of [first, last] for the user's teams (six queries whatever the data's size)."""
    if not may_read_figures(user):
        raise PermissionDenied(_("Monitoring figures are for team managers and analysts."))
    clients = _scope(user)
    figures = FinanceFigures(first, last)
    applications = Application.objects.filter(client_id__in=clients)
    kinds, channels = dict(ApplicationKind.choices), dict(ApplicationChannel.choices)
    received = (
        applications.filter(received_on__range=(first, last))
        .values("kind", "channel")
        .annotate(n=Count("pk"), people=Count("client", distinct=True))
        .order_by("kind", "channel")
    )
    figures.received = [
        (str(kinds[r["kind"]]), str(channels[r["channel"]]), _cell(r["n"], r["people"])) for r in received
    ]
    decided_in = applications.filter(status=ApplicationStatus.DECIDED, decided_on__range=(first, last))
    outcomes = {"granted": _("granted"), "partly_granted": _("partly granted"), "denied": _("denied")}
    decided = (
        decided_in.values("kind", "outcome")
        .annotate(n=Count("pk"), people=Count("client", distinct=True))
        .order_by("kind", "outcome")
    )
    figures.decided = [
        (str(kinds[r["kind"]]), str(outcomes.get(r["outcome"], r["outcome"])), _cell(r["n"], r["people"]))
        for r in decided
    ]
    expenses, methods = dict(SpecialExpenseKind.choices), dict(PaymentMethod.choices)
    granted = (
        Grant.objects.filter(application__in=decided_in.filter(outcome__in=GRANTED))
        .values("kind", "method")
        .annotate(n=Count("pk"), people=Count("application__client", distinct=True), euros=Sum("amount"))
        .order_by("kind", "method")
    )
    figures.granted = [
        (str(expenses[r["kind"]]), str(methods[r["method"]]), _cell(r["n"], r["people"], r["euros"]))
        for r in granted
    ]
    timed: list[tuple[Any, date, date, date | None]] = [
        (client, complete, decided_on, due)
        for client, complete, decided_on, due in decided_in.values_list(
            "client_id", "complete_on", "decided_on", "due_on"
        )
        if complete is not None and decided_on is not None
    ]
    figures.handling = _cell(len(timed), len({t[0] for t in timed}))
    if figures.handling.count:
        figures.handling_median_days = float(statistics.median((d - c).days for _id, c, d, _due in timed))
        in_time = sum(1 for _id, _c, d, due in timed if due is None or d <= due)
        figures.handling_in_time_percent = round(100 * in_time / len(timed), 1)
    figures.shortfall = _shortfall_change(clients, first, last)
    return figures


def _shortfall_change(clients: Any, first: date, last: date) -> dict[str, Cell]:
    """Of the clients whose budget was saved again in the period (at least two versions, the latest in the
    period): whose monthly shortfall fell, stayed, rose between their first and latest version."""
    versions = (
        BudgetVersion.objects.filter(budget__client_id__in=clients)
        .filter(budget__versions__made_at__date__range=(first, last))
        .distinct()
        .prefetch_related("lines")
        .order_by("budget_id", "number")
    )
    by_budget: dict[Any, list[BudgetVersion]] = defaultdict(list)
    for version in versions:
        by_budget[version.budget_id].append(version)
    change = {"fell": 0, "same": 0, "rose": 0}
    for found in by_budget.values():
        if len(found) < 2 or not first <= found[-1].made_at.date() <= last:
            continue
        before, after = budget_totals(found[0])["shortfall"], budget_totals(found[-1])["shortfall"]
        change["fell" if after < before else "rose" if after > before else "same"] += 1
    return {key: _cell(n, n) for key, n in change.items()}
