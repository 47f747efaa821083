"""The social assistance calculation against cases worked out by hand (laki toimeentulotuesta 7-11 §,
Kela's figures of 2026 in polku/finance/data/social_assistance.2026.yaml)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from polku.finance.calculation import Line, Person, calculate
from polku.finance.figures import FiguresFileError, figures_read

D = Decimal
CLIENT = Person("client", "alone", "Ville")


def expense(kind: str, amount: str) -> Line:
    return Line("expense", kind, D(amount))


def income(kind: str, amount: str, *, earned: bool = False) -> Line:
    return Line("income", kind, D(amount), earned)


@pytest.mark.parametrize(
    ("persons", "first", "last", "basic"),
    [
        # January 2026, before the cut: a person living alone 596.32.
        ([CLIENT], date(2026, 1, 1), date(2026, 1, 31), "596.32"),
        # March 2026, after the cut of 1 March: 578.43.
        ([CLIENT], date(2026, 3, 1), date(2026, 3, 31), "578.43"),
        # A month across the change, 15.2.-14.3. (28 days): 14/28 x 596.32 = 298.16 and
        # 14/28 x 578.43 = 289.215 -> 289.22; together 587.38.
        ([CLIENT], date(2026, 2, 15), date(2026, 3, 14), "587.38"),
        # A single parent and a child under 10, 20.2.-19.3. (28 days: 9 in February, 19 in March):
        # 679.80 x 9/28 = 218.507 -> 218.51, 665.19 x 19/28 = 451.379 -> 451.38 (669.89);
        # 375.68 x 9/28 = 120.754 -> 120.75, 375.98 x 19/28 = 255.129 -> 255.13 (375.88); 1,045.77.
        (
            [Person("client", "single_parent"), Person("m1", "child_under_10_1")],
            date(2026, 2, 20),
            date(2026, 3, 19),
            "1045.77",
        ),
        # Two weeks, 20.2.-5.3. (under a month: a thirtieth a day): 596.32 x 9/30 = 178.896 -> 178.90,
        # 578.43 x 5/30 = 96.405 -> 96.41 (a half cent rounds up); 275.31.
        ([CLIENT], date(2026, 2, 20), date(2026, 3, 5), "275.31"),
        # A couple in January: 2 x 506.87.
        ([Person("client", "adult"), Person("m1", "adult")], date(2026, 1, 1), date(2026, 1, 31), "1013.74"),
    ],
)
def test_basic_amount_by_hand(persons: list[Person], first: date, last: date, basic: str) -> None:
    result = calculate(period_start=first, period_end=last, persons=persons, lines=[])
    assert result.basic_total == D(basic)
    assert result.expenses == D(basic)


def test_villes_rent_deposit_month() -> None:
    """Ville in March 2026: basic 578.43 + rent 650.00 + a rent deposit 1,300.00 = 2,528.43 recognised;
    labour market subsidy 750.00, housing allowance 420.00 and Kela's basic assistance 58.43 = 1,228.43
    available; short by 1,300.00: the deposit."""
    result = calculate(
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        persons=[CLIENT],
        lines=[
            expense("rent", "650.00"),
            expense("rent_deposit", "1300.00"),
            income("unemployment", "750.00"),
            income("housing_allowance", "420.00"),
            income("basic_assistance", "58.43"),
        ],
    )
    assert (result.expenses, result.available, result.shortfall, result.surplus) == (
        D("2528.43"),
        D("1228.43"),
        D("1300.00"),
        D("0"),
    )


@pytest.mark.parametrize(
    ("first", "last", "wages", "deduction"),
    [
        # January: 20 % of 1,000.00 is 200.00, at most 150.00 a month.
        (date(2026, 1, 1), date(2026, 1, 31), "1000.00", "150.00"),
        # January: 20 % of 500.00 = 100.00, under the cap.
        (date(2026, 1, 1), date(2026, 1, 31), "500.00", "100.00"),
        # From 1 March 2026 there is no earned income deduction.
        (date(2026, 3, 1), date(2026, 3, 31), "1000.00", "0.00"),
        # 15.2.-14.3.: half the month under the old rule: 20 % x 400.00 x 14/28 = 40.00 (cap 75.00), then 0.
        (date(2026, 2, 15), date(2026, 3, 14), "400.00", "40.00"),
    ],
)
def test_earned_income_deduction_by_hand(first: date, last: date, wages: str, deduction: str) -> None:
    result = calculate(
        period_start=first,
        period_end=last,
        persons=[CLIENT],
        lines=[income("wages", wages, earned=True), income("housing_allowance", "100.00")],
    )
    assert result.earned_deduction == D(deduction)
    assert result.available == D(wages) + D("100.00") - D(deduction)


def test_a_couple_with_wages_and_rent() -> None:
    """A couple in January: basic 1,013.74 + rent 700.00 = 1,713.74; wages 1,000.00 less 150.00 = 850.00
    available; short by 863.74."""
    result = calculate(
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        persons=[Person("client", "adult"), Person("m1", "adult")],
        lines=[expense("rent", "700.00"), income("wages", "1000.00", earned=True)],
    )
    assert result.shortfall == D("863.74")


def test_assets_count_and_a_surplus_is_no_shortfall() -> None:
    result = calculate(
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        persons=[CLIENT],
        lines=[Line("asset", "bank", D("2000.00"))],
    )
    assert (result.shortfall, result.surplus) == (D("0"), D("2000.00") - D("578.43"))


@pytest.mark.parametrize(
    ("persons", "lines", "first", "last", "field"),
    [
        # The same household member counted twice.
        (
            [Person("client", "adult"), Person("m1", "adult"), Person("m1", "adult")],
            [],
            (3, 1),
            (3, 31),
            "persons",
        ),
        ([], [], (3, 1), (3, 31), "persons"),
        ([CLIENT, Person("m1", "adult")], [], (3, 1), (3, 31), "persons"),  # "alone" with another person
        ([Person("client", "single_parent")], [], (3, 1), (3, 31), "persons"),  # no child
        ([Person("client", "nobody")], [], (3, 1), (3, 31), "persons"),
        ([CLIENT], [expense("rent", "-1.00")], (3, 1), (3, 31), "lines"),
        ([CLIENT], [expense("rent", "1000000.01")], (3, 1), (3, 31), "lines"),
        ([CLIENT], [expense("rent", "1.005")], (3, 1), (3, 31), "lines"),
        ([CLIENT], [Line("expense", "rent", D("NaN"))], (3, 1), (3, 31), "lines"),
        ([CLIENT], [], (3, 31), (3, 1), "period_end"),
        ([CLIENT], [], (3, 1), (4, 1), "period_end"),  # longer than a month
    ],
)
def test_what_cannot_be_calculated_names_its_field(
    persons: list[Person], lines: list[Line], first: tuple[int, int], last: tuple[int, int], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        calculate(period_start=date(2026, *first), period_end=date(2026, *last), persons=persons, lines=lines)
    assert field in refused.value.message_dict


def test_a_period_before_the_figures_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        calculate(period_start=date(2025, 12, 1), period_end=date(2025, 12, 31), persons=[CLIENT], lines=[])
    assert "period_start" in refused.value.message_dict


def test_the_snapshot_keeps_every_figure_as_text() -> None:
    snapshot = calculate(
        period_start=date(2026, 2, 15), period_end=date(2026, 3, 14), persons=[CLIENT], lines=[]
    ).as_json()
    assert snapshot["basic"][0]["parts"] == [
        ["2026-02-15", "2026-02-28", "596.32", "298.16"],
        ["2026-03-01", "2026-03-14", "578.43", "289.22"],
    ]
    assert snapshot["shortfall"] == "587.38"


def test_a_broken_figures_file_names_the_place(tmp_path: Path) -> None:
    broken = tmp_path / "figures.yaml"
    broken.write_text(
        "format: polku-assistance-figures/1\n"
        "basic_amounts:\n  - from: '2026-01-01'\n    euros: {alone: '1'}\n"
        "earned_income_deduction:\n  - from: '2026-01-01'\n    share: '0'\n    at_most: '0'\n"
    )
    with pytest.raises(FiguresFileError, match=r"basic_amounts \(2026-01-01\)\.euros: missing"):
        figures_read(broken)
