"""The small-cell rule over whole tables: hidden cells must not be computable from what is shown."""

from __future__ import annotations

import itertools

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from polku.core.suppression import SECONDARY_MARK, linked_grids, simple_grid

ROWS = [("a", "A"), ("b", "B")]
COLS = [("x", "X"), ("y", "Y")]


def texts(grid: object) -> list[list[str]]:
    return [[cell.text for cell in cells] for _label, cells in grid.table]  # type: ignore[attr-defined]


def test_a_table_without_small_groups_is_shown_whole_and_zero_is_shown() -> None:
    grid = simple_grid({("a", "x"): 6, ("a", "y"): 0, ("b", "x"): 7, ("b", "y"): 8}, ROWS, COLS, "Total")
    assert texts(grid) == [["6", "0", "6"], ["7", "8", "15"], ["13", "8", "21"]]


def test_a_small_cell_takes_a_second_cell_of_its_row_and_column_with_it() -> None:
    # Hand-computed: A/X = 3 is small. Its row total 13 and A/Y 10 would give it away, so A/Y goes; its
    # column total 10 and B/X 7 too, so B/X goes; then B/Y protects B/X. The totals stay: from them the
    # reader learns only that A/X + B/X = 10 and A/X + A/Y = 13, which has many answers.
    grid = simple_grid({("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 7, ("b", "y"): 8}, ROWS, COLS, "Total")
    assert texts(grid) == [
        ["<5", SECONDARY_MARK, "13"],
        [SECONDARY_MARK, SECONDARY_MARK, "15"],
        ["10", "18", "28"],
    ]
    assert grid.has_secondary


def test_all_minus_women_cannot_reveal_a_small_group_of_men() -> None:
    # Everyone in A/X: 7, of whom women 5: the 2 men would be 7 - 5. One of the two must go.
    everyone = {("a", "x"): 7, ("a", "y"): 20, ("b", "x"): 9, ("b", "y"): 30}
    women = {("a", "x"): 5, ("a", "y"): 10, ("b", "x"): 5, ("b", "y"): 15}
    from polku.reporting.monitoring import _linked_by_gender

    grids = _linked_by_gender(everyone, women, ROWS, COLS)
    all_ax, women_ax = grids["all"].cells[("a", "x")], grids["women"].cells[("a", "x")]
    assert all_ax.count is None or women_ax.count is None


@override_settings(POLKU_SMALL_CELL=3)
def test_the_threshold_is_configurable() -> None:
    grid = simple_grid({("a", "x"): 3, ("a", "y"): 4, ("b", "x"): 7, ("b", "y"): 8}, ROWS, COLS, "Total")
    assert texts(grid)[0] == ["3", "4", "7"]
    grid = simple_grid({("a", "x"): 2, ("a", "y"): 4, ("b", "x"): 7, ("b", "y"): 8}, ROWS, COLS, "Total")
    assert texts(grid)[0][0] == "<3"


def test_linked_tables_do_not_give_away_each_others_hidden_cells() -> None:
    # Months by age and by gender share the monthly totals: a total shown in one is shown in both.
    rows = [("jan", "Jan"), ("feb", "Feb")]
    ages = {("jan", "young"): 2, ("jan", "old"): 20, ("feb", "young"): 10, ("feb", "old"): 10}
    genders = {("jan", "f"): 11, ("jan", "m"): 11, ("feb", "f"): 10, ("feb", "m"): 10}
    grids = linked_grids(
        [("age", ages, [("young", "Y"), ("old", "O")]), ("gender", genders, [("f", "F"), ("m", "M")])],
        rows,
        "Total",
    )
    for name in ("age", "gender"):
        assert grids[name].cells[("jan", "total")].text == grids["age"].cells[("jan", "total")].text
    assert grids["age"].cells[("jan", "young")].text == "<5"
    assert grids["age"].cells[("jan", "old")].count is None


def _possible_values(shown: dict[tuple[str, str], int | None], limit: int) -> dict[tuple[str, str], set[int]]:
    """Brute force, independent of the suppression code: every 2 x 2 table with cells from 0 to `limit`
    that agrees with what is shown, and the values each cell takes in them."""

    def fits(key: tuple[str, str], value: int) -> bool:
        return shown[key] is None or shown[key] == value

    possible: dict[tuple[str, str], set[int]] = {}
    span = range(limit + 1)
    for ax, ay in itertools.product(span, span):
        if not (fits(("a", "x"), ax) and fits(("a", "y"), ay) and fits(("a", "total"), ax + ay)):
            continue
        for bx, by in itertools.product(span, span):
            cells = {
                ("a", "x"): ax,
                ("a", "y"): ay,
                ("a", "total"): ax + ay,
                ("b", "x"): bx,
                ("b", "y"): by,
                ("b", "total"): bx + by,
                ("total", "x"): ax + bx,
                ("total", "y"): ay + by,
                ("total", "total"): ax + ay + bx + by,
            }
            if all(fits(key, value) for key, value in cells.items()):
                for key, value in cells.items():
                    possible.setdefault(key, set()).add(value)
    return possible


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=8), min_size=4, max_size=4))
def test_no_hidden_small_group_can_be_worked_out_from_a_two_by_two_table(values: list[int]) -> None:
    counts = dict(zip([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")], values, strict=True))
    grid = simple_grid(counts, ROWS, COLS, "Total")
    shown = {key: cell.count for key, cell in grid.cells.items()}
    # No cell exceeds the grand total, so that is all the reader may assume.
    possible = _possible_values(shown, limit=sum(values))
    for key, cell in grid.cells.items():
        if cell.text == "<5":
            assert len(possible[key]) > 1, f"{key} can be worked out: {texts(grid)}"


@pytest.mark.parametrize("value", [1, 4])
def test_a_lone_small_group_is_hidden_with_its_total(value: int) -> None:
    grid = simple_grid({("a", "x"): value}, ROWS, COLS, "Total")
    assert all(cell.count is None for cell in grid.cells.values() if cell.text != "0")
