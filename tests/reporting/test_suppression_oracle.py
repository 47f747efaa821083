"""The monitoring tables (ESR all/women, linked tally tables) against the brute-force reader of
tests/core/oracle.py: no group under the threshold can be worked out from what they show."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from polku.core.suppression import grid_values, linked_grids, threshold
from polku.reporting.monitoring import _linked_by_gender
from tests.core.oracle import TooMany, worked_out_small_groups

SIZES = st.sampled_from([0, 1, 2, 3, 4, 6, 9])
ROWS: list[tuple[Any, str]] = [("a", "A"), ("b", "B")]
COLS: list[tuple[Any, str]] = [("x", "X"), ("y", "Y")]
KEYS: list[tuple[Any, Any]] = [(r, c) for r, _l in ROWS for c, _m in COLS]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _grid_lines(name: str) -> list[tuple[tuple[Any, ...], Any]]:
    rows, cols = ["a", "b"], ["x", "y"]
    lines = [(tuple((name, r, c) for c in cols), (name, r, "total")) for r in [*rows, "total"]]
    lines += [(tuple((name, r, c) for r in rows), (name, "total", c)) for c in [*cols, "total"]]
    return lines


def _check(values: dict[Any, int], lines: list[tuple[tuple[Any, ...], Any]], shown: set[Any]) -> None:
    try:
        found = worked_out_small_groups(values, lines, shown, threshold())
    except TooMany:
        reject()
    assert found == []


@SETTINGS
@given(st.lists(SIZES, min_size=4, max_size=4), st.lists(SIZES, min_size=4, max_size=4))
def test_the_esr_table_gives_away_no_small_group_of_women_or_of_the_others(
    women_sizes: list[int], other_sizes: list[int]
) -> None:
    women = dict(zip(KEYS, women_sizes, strict=True))
    everyone = {k: women[k] + o for k, o in zip(KEYS, other_sizes, strict=True)}
    grids = _linked_by_gender(everyone, women, ROWS, COLS)
    values: dict[Any, int] = {}
    blocks = {"women": women, "others": dict(zip(KEYS, other_sizes, strict=True)), "all": everyone}
    for name, counts in blocks.items():
        for (r, c), value in grid_values(counts, ["a", "b"], ["x", "y"]).items():
            values[(name, r, c)] = value
    lines = _grid_lines("women") + _grid_lines("others")
    # "all" = women + others, cell by cell (margins included).
    lines += [
        ((("women", r, c), ("others", r, c)), ("all", r, c)) for (_n, r, c) in list(values) if _n == "all"
    ]
    shown = {
        (name, *key)
        for name in ("all", "women")
        for key, cell in grids[name].cells.items()
        if cell.count is not None
    }
    _check(values, lines, shown)


@SETTINGS
@given(st.lists(SIZES, min_size=4, max_size=4), st.lists(st.booleans(), min_size=4, max_size=4))
def test_tables_linked_by_their_monthly_totals_give_away_no_small_group(
    sizes: list[int], split: list[bool]
) -> None:
    # Two breakdowns of the same people per month (e.g. by age and by gender) share the row totals.
    ages = dict(zip(KEYS, sizes, strict=True))
    row_totals = {r: ages[(r, "x")] + ages[(r, "y")] for r in ("a", "b")}
    genders: dict[tuple[Any, Any], int] = {}
    for r, half in zip(("a", "b"), split[:2], strict=True):
        genders[(r, "x")] = row_totals[r] // 2 if half else row_totals[r]
        genders[(r, "y")] = row_totals[r] - genders[(r, "x")]
    grids = linked_grids([("age", ages, COLS), ("gender", genders, COLS)], ROWS, "Total")
    values: dict[Any, int] = {}
    lines: list[tuple[tuple[Any, ...], Any]] = []
    for name, counts in (("age", ages), ("gender", genders)):
        for (r, c), value in grid_values(counts, ["a", "b"], ["x", "y"]).items():
            values[(name, r, c) if c != "total" else (r, "total")] = value
        lines += [(tuple((name, r, c) for c in ("x", "y")), (r, "total")) for r in ("a", "b", "total")]
        lines += [(tuple((name, r, c) for r in ("a", "b")), (name, "total", c)) for c in ("x", "y")]
    lines.append(((("a", "total"), ("b", "total")), ("total", "total")))
    shown: set[Any] = set()
    for name in ("age", "gender"):
        for (row, col), cell in grids[name].cells.items():
            if cell.count is not None:
                shown.add((name, row, col) if col != "total" else (row, "total"))
    _check(values, lines, shown)
