"""The calculation of social assistance (laki toimeentulotuesta 1412/1997 7-11 §): the expenses it
recognises — the basic amount (perusosa, 9 §) of each person counted and the other and special expenses —
minus the income (less the earned income deduction, 11 § 3 mom.) and the assets available, for a period of
at most one month. Pure: no database; the figures come from the data file (`polku.finance.figures`).

The period and a change of figures within it (the basic amount fell on 1 March 2026):

- A period of exactly one month (15.2.-14.3.) counts each figure for its share of the period's days: a
  full month's basic amount, split by the days before and after the change (14/28 at the old amount and
  14/28 at the new).
- A shorter period counts a thirtieth of the month's amount a day (Kela's rule for a period under a month).

Each person's amount for each stretch of days is rounded to the cent (half up), then added. Other lines are
amounts for the whole period, as the worker recognised them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from polku.finance.figures import Figures, figures
from polku.finance.models import MAX_AMOUNT, BasicCategory, Direction

CENT = Decimal("0.01")
DAYS_OF_A_MONTH = 30  # a day's basic amount is a thirtieth of the month's
# The sums of a Result, in the order of the letter.
TOTALS = (
    "basic_total",
    "other_expenses",
    "expenses",
    "income",
    "earned_deduction",
    "assets",
    "available",
    "shortfall",
    "surplus",
)
CHILDREN = frozenset(c for c in BasicCategory.values if c.startswith("child"))


@dataclass(frozen=True)
class Person:
    key: str  # "client" or the household member's id
    category: str  # a BasicCategory value
    name: str = ""


@dataclass(frozen=True)
class Line:
    direction: str  # a Direction value
    kind: str
    amount: Decimal
    earned: bool = False  # wages: the earned income deduction applies


@dataclass(frozen=True)
class Stretch:
    """Days of the period under one set of figures; their share of a month is days / denominator (the
    period's days for a whole month, else 30)."""

    first: date
    last: date
    days: int
    denominator: int

    def of(self, monthly: Decimal) -> Decimal:
        """This stretch's part of a month's amount, to the cent."""
        return cents(monthly * self.days / self.denominator)


@dataclass(frozen=True)
class BasicAmount:
    key: str
    name: str
    category: str
    amount: Decimal
    # (first day, last day, the month's amount, this stretch's amount)
    parts: tuple[tuple[date, date, Decimal, Decimal], ...]


@dataclass(frozen=True)
class Result:
    period_start: date
    period_end: date
    basic: tuple[BasicAmount, ...]
    basic_total: Decimal
    other_expenses: Decimal
    expenses: Decimal
    income: Decimal
    earned_deduction: Decimal
    assets: Decimal
    available: Decimal
    shortfall: Decimal
    surplus: Decimal

    def as_json(self) -> dict[str, Any]:
        return {
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "basic": [
                {
                    "key": b.key,
                    "name": b.name,
                    "category": b.category,
                    "amount": str(b.amount),
                    "parts": [[f.isoformat(), t.isoformat(), str(m), str(a)] for f, t, m, a in b.parts],
                }
                for b in self.basic
            ],
            **{name: str(getattr(self, name)) for name in TOTALS},
        }


def result_from_json(data: dict[str, Any]) -> Result:
    """A calculation as kept with its decision (`Result.as_json`), e.g. for the decision letter: the figures
    it was made with, whatever the figures file says today."""
    D = Decimal
    return Result(
        period_start=date.fromisoformat(data["period_start"]),
        period_end=date.fromisoformat(data["period_end"]),
        basic=tuple(
            BasicAmount(
                b["key"],
                b["name"],
                b["category"],
                D(b["amount"]),
                tuple(
                    (date.fromisoformat(f), date.fromisoformat(t), D(m), D(a)) for f, t, m, a in b["parts"]
                ),
            )
            for b in data["basic"]
        ),
        **{name: D(data[name]) for name in TOTALS},
    )


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def whole_month(first: date, last: date) -> bool:
    return last == first + relativedelta(months=1) - timedelta(days=1)


def stretches(first: date, last: date, changes: Sequence[date]) -> list[Stretch]:
    """The period cut at each day a figure changes, with each stretch's share of a month."""
    period_days = (last - first).days + 1
    denominator = period_days if whole_month(first, last) else DAYS_OF_A_MONTH
    bounds = [first, *changes, last + timedelta(days=1)]
    return [
        Stretch(start, end - timedelta(days=1), (end - start).days, denominator)
        for start, end in itertools.pairwise(bounds)
    ]


def _check_period(first: date, last: date, table: Figures) -> dict[str, list[str]]:
    if last < first:
        return {"period_end": [_("The period ends before it starts.")]}
    if last > first + relativedelta(months=1) - timedelta(days=1):
        return {"period_end": [_("A calculation covers at most one month: make one for each month.")]}
    if table.basic_on(first) is None:
        return {"period_start": [_("There are no basic amounts for this period in the figures file.")]}
    return {}


def _check_persons(persons: Sequence[Person]) -> list[str]:
    if not persons:
        return [_("Count at least the applicant.")]
    errors = []
    keys = [p.key for p in persons]
    twice = sorted({p.name or p.key for p in persons if keys.count(p.key) > 1})
    if twice:
        errors.append(_("A person is counted twice: %(names)s.") % {"names": ", ".join(twice)})
    categories = [p.category for p in persons]
    if any(c not in BasicCategory.values for c in categories):
        errors.append(_("Choose the basic amount of each person."))
    if BasicCategory.ALONE in categories and len(persons) > 1:
        errors.append(_("A person living alone is counted alone: choose another basic amount."))
    if BasicCategory.SINGLE_PARENT in categories and not CHILDREN & set(categories):
        errors.append(_("A single parent's household has a child: count the child too."))
    return errors


def _check_lines(lines: Sequence[Line]) -> list[str]:
    for line in lines:
        if line.direction not in Direction.values or not line.kind:
            return [_("Each line needs its kind.")]
        amount = line.amount
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount != amount.quantize(CENT):
            return [_("Give amounts in euros and cents.")]
        if not Decimal("0") <= amount <= MAX_AMOUNT:
            return [_("An amount is between 0 and 1,000,000 euros.")]
    return []


def calculate(
    *,
    period_start: date,
    period_end: date,
    persons: Sequence[Person],
    lines: Sequence[Line],
    table: Figures | None = None,
) -> Result:
    """The calculation for the period; a ValidationError names the field of what cannot be calculated."""
    table = table or figures()
    errors = _check_period(period_start, period_end, table)
    if person_errors := _check_persons(persons):
        errors["persons"] = person_errors
    if line_errors := _check_lines(lines):
        errors["lines"] = line_errors
    if errors:
        raise ValidationError(errors)
    parts = stretches(period_start, period_end, table.changes_within(period_start, period_end))
    basic = []
    for person in persons:
        pieces = []
        for part in parts:
            monthly = (table.basic_on(part.first) or {})[person.category]
            pieces.append((part.first, part.last, monthly, part.of(monthly)))
        basic.append(
            BasicAmount(
                person.key,
                person.name,
                person.category,
                sum((p[3] for p in pieces), Decimal("0")),
                tuple(pieces),
            )
        )
    basic_total = sum((b.amount for b in basic), Decimal("0"))
    total = {d: sum((ln.amount for ln in lines if ln.direction == d), Decimal("0")) for d in Direction.values}
    earned = sum((ln.amount for ln in lines if ln.direction == Direction.INCOME and ln.earned), Decimal("0"))
    deduction = Decimal("0")
    for part in parts:
        rule = table.deduction_on(part.first)
        deduction += min(part.of(earned * rule.share), part.of(rule.at_most))
    expenses = basic_total + total[Direction.EXPENSE]
    available = total[Direction.INCOME] - deduction + total[Direction.ASSET]
    return Result(
        period_start=period_start,
        period_end=period_end,
        basic=tuple(basic),
        basic_total=basic_total,
        other_expenses=total[Direction.EXPENSE],
        expenses=expenses,
        income=total[Direction.INCOME],
        earned_deduction=deduction,
        assets=total[Direction.ASSET],
        available=available,
        shortfall=max(Decimal("0"), expenses - available),
        surplus=max(Decimal("0"), available - expenses),
    )
