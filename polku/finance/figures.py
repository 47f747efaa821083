"""The year's figures of social assistance, read from a data file a county may replace.

Polku ships `polku/finance/data/social_assistance.2026.yaml` (its sources and the day they were checked
are written in it); `POLKU_ASSISTANCE_FIGURES_FILE` (setting or environment variable) points at a newer
copy. A file that breaks the format stops `polku check` and the server start (system check finance.E001)
with the file and the place.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from polku.core.datafile import DataReader
from polku.finance.models import BasicCategory

FORMAT = "polku-assistance-figures/1"
BUILT_IN = Path(__file__).resolve().parent / "data" / "social_assistance.2026.yaml"


class FiguresFileError(ValueError):
    """A figures file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class Deduction:
    share: Decimal  # of earned income left out
    at_most: Decimal  # euros a month per household


@dataclass(frozen=True)
class Figures:
    source: str
    # (first day, amounts by BasicCategory value), oldest first
    basic: tuple[tuple[date, dict[str, Decimal]], ...]
    deductions: tuple[tuple[date, Deduction], ...]

    def basic_on(self, day: date) -> dict[str, Decimal] | None:
        """The basic amounts in force on `day`, or None before the file's first date."""
        found = None
        for start, amounts in self.basic:
            if start <= day:
                found = amounts
        return found

    def deduction_on(self, day: date) -> Deduction:
        found = Deduction(Decimal("0"), Decimal("0"))
        for start, deduction in self.deductions:
            if start <= day:
                found = deduction
        return found

    def changes_within(self, first: date, last: date) -> list[date]:
        """The days after `first` up to `last` on which a basic amount or the deduction changes."""
        days = {start for start, _ in self.basic} | {start for start, _ in self.deductions}
        return sorted(day for day in days if first < day <= last)


class _Reader(DataReader):
    error = FiguresFileError

    def day(self, value: Any, where: str) -> date:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(where, f"expected a date YYYY-MM-DD, got {value!r}") from None

    def euros(self, value: Any, where: str) -> Decimal:
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(where, f'expected an amount like "596.32", got {value!r}') from None
        if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise self.fail(where, f"expected an amount in euros with at most two decimals, got {value!r}")
        return amount

    def dated(self, raw: Any, where: str) -> list[tuple[date, dict[str, Any]]]:
        rows = []
        for i, entry in enumerate(self.sequence(raw, where)):
            entry = self.mapping(entry, f"{where}[{i}]")
            rows.append((self.day(entry.get("from"), f"{where}[{i}].from"), entry))
        days = [day for day, _ in rows]
        if days != sorted(set(days)):
            raise self.fail(where, "the entries must be in date order, each date once")
        return rows


def figures_read(path: Path) -> Figures:
    r = _Reader(str(path))
    try:
        data = r.mapping(yaml.safe_load(path.read_text(encoding="utf-8")), "the file")
    except (OSError, yaml.YAMLError) as exc:
        raise r.fail("the file", str(exc)) from exc
    if data.get("format") != FORMAT:
        raise r.fail("format", f"expected {FORMAT!r}")
    categories = set(BasicCategory.values)
    basic = []
    for day, entry in r.dated(data.get("basic_amounts"), "basic_amounts"):
        euros = r.mapping(entry.get("euros"), f"basic_amounts ({day}).euros")
        if set(euros) != categories:
            missing, extra = sorted(categories - set(euros)), sorted(set(euros) - categories)
            raise r.fail(f"basic_amounts ({day}).euros", f"missing {missing}, unknown {extra}")
        basic.append((day, {k: r.euros(v, f"basic_amounts ({day}).euros.{k}") for k, v in euros.items()}))
    deductions = []
    for day, entry in r.dated(data.get("earned_income_deduction"), "earned_income_deduction"):
        where = f"earned_income_deduction ({day})"
        share = r.euros(entry.get("share"), f"{where}.share")
        if share > 1:
            raise r.fail(f"{where}.share", "a share is between 0 and 1")
        deductions.append((day, Deduction(share, r.euros(entry.get("at_most"), f"{where}.at_most"))))
    return Figures(str(data.get("source", "")), tuple(basic), tuple(deductions))


@functools.cache
def _cached(path: str) -> Figures:
    return figures_read(Path(path))


def figures() -> Figures:
    """The figures in use (POLKU_ASSISTANCE_FIGURES_FILE, else the built-in file), read once."""
    chosen = getattr(settings, "POLKU_ASSISTANCE_FIGURES_FILE", None) or os.environ.get(
        "POLKU_ASSISTANCE_FIGURES_FILE", ""
    )
    return _cached(str(chosen or BUILT_IN))
