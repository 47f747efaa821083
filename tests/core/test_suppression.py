"""The one small-cell rule against a brute-force reader (tests/core/oracle.py): for random 1-D tables
with a total, 2-D tables with margins and the effectiveness report's table, no group under the threshold
(a hidden cell, or several hidden cells together) can be worked out from what is shown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from polku.core.suppression import Line, grid_lines, grid_values, hidden_cells, simple_grid, threshold
from polku.reporting.effectiveness import OUTCOMES, TOTAL, Figures, suppress_domains, suppress_table
from tests.core.oracle import TooMany, worked_out_small_groups

SIZES = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 9, 14])
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def leaks(values: dict[Any, int], lines: list[Line], hidden: set[Any]) -> list[Any]:
    shown = set(values) - hidden
    try:
        return worked_out_small_groups(values, [(ln.parts, ln.total) for ln in lines], shown, threshold())
    except TooMany:
        reject()


def test_a_row_of_nothing_gives_its_hidden_cells_away_and_is_protected_against() -> None:
    # Found by the oracle: a row total of 0 tells that every cell of the row is 0 (no negative groups), so
    # hiding those zeros protected nothing and the 1 in the corner could be worked out.
    counts: dict[tuple[Any, Any], int] = {(0, 0): 1, (0, 1): 5, (1, 0): 0, (1, 1): 0, (2, 0): 5, (2, 1): 0}
    grid = simple_grid(counts, [(r, str(r)) for r in range(3)], [(c, str(c)) for c in range(2)], "T")
    hidden = {key for key, cell in grid.cells.items() if cell.count is None}
    values = grid_values(counts, [0, 1, 2], [0, 1])
    assert leaks(values, grid_lines([0, 1, 2], [0, 1]), hidden) == []


def test_a_reader_combining_the_grand_total_a_column_and_a_row_finds_no_small_group() -> None:
    # Found by the oracle: 11 in all, minus the last column's 5, minus the middle row's 5, left the 1 of
    # the bottom row's middle cell, though no single line gave it away.
    rows, cols = [0, 1, 2], [0, 1, 2]
    sizes = [[0, 0, 2], [1, 4, 0], [0, 1, 3]]
    counts: dict[tuple[Any, Any], int] = {(r, c): sizes[r][c] for r in rows for c in cols}
    grid = simple_grid(counts, [(r, str(r)) for r in rows], [(c, str(c)) for c in cols], "T")
    hidden = {key for key, cell in grid.cells.items() if cell.count is None}
    assert leaks(grid_values(counts, rows, cols), grid_lines(rows, cols), hidden) == []


def test_groups_of_one_and_two_beside_a_hundred_are_protected_together() -> None:
    # Issue 10: 1, 2 and 100 with the total 103 shown gave the 3 of the two hidden groups.
    values: dict[Any, int] = {"a": 1, "b": 2, "c": 100, "total": 103}
    lines = [Line(("a", "b", "c"), "total")]
    hidden = hidden_cells(values, lines, values)
    assert {"a", "b", "c"} <= hidden and "total" not in hidden
    assert leaks(values, lines, hidden) == []
    # What the reader of the old rule (only "exactly one hidden group") had to go on:
    assert leaks(values, lines, {"a", "b"}) == [(("a", "b"), 3)]


@SETTINGS
@given(st.lists(SIZES, min_size=1, max_size=5))
def test_no_small_group_can_be_worked_out_of_a_breakdown_with_its_total(sizes: list[int]) -> None:
    values: dict[Any, int] = {i: n for i, n in enumerate(sizes)} | {"total": sum(sizes)}
    lines = [Line(tuple(range(len(sizes))), "total")]
    assert leaks(values, lines, hidden_cells(values, lines, values)) == []


@SETTINGS
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_no_small_group_can_be_worked_out_of_a_table_with_its_margins(
    rows: int, cols: int, data: Any
) -> None:
    counts: dict[tuple[Any, Any], int] = {(r, c): data.draw(SIZES) for r in range(rows) for c in range(cols)}
    values = grid_values(counts, list(range(rows)), list(range(cols)))
    lines = grid_lines(list(range(rows)), list(range(cols)))
    grid = simple_grid(counts, [(r, str(r)) for r in range(rows)], [(c, str(c)) for c in range(cols)], "T")
    hidden = {key for key, cell in grid.cells.items() if cell.count is None}
    assert leaks(values, lines, hidden) == []
    for key, cell in grid.cells.items():  # "<5" for the small ones, the secondary mark for the others
        if cell.count is None:
            assert cell.text == ("<5" if 0 < values[key] < 5 else "×")


@SETTINGS
@given(st.lists(st.tuples(SIZES, SIZES, SIZES), min_size=0, max_size=3))
def test_the_effectiveness_table_hides_every_group_and_share_that_would_reveal_a_small_group(
    groups: list[tuple[int, int, int]],
) -> None:
    rows = [g for g in groups if sum(g)]
    total_counts = tuple(sum(g[i] for g in rows) for i in range(3)) if rows else (3, 4, 6)
    total = Figures(value="", label="all", n=sum(total_counts), counts=total_counts, sums=(0, 0))  # type: ignore[arg-type]
    figures = [
        Figures(value=str(i), label=str(i), n=sum(c), counts=c, sums=(0, 0)) for i, c in enumerate(rows)
    ]
    for f in [total, *figures]:
        f.improved, f.unchanged, f.worsened = (100 * c / f.n for c in f.counts)
        f.mean = 1.0
    shown_total, shown_groups = suppress_table(total, figures)
    values: dict[Any, int] = {}
    hidden: set[Any] = set()
    for key, f, counts in [
        (TOTAL, shown_total, total_counts),
        *((i, g, rows[i]) for i, g in enumerate(shown_groups)),
    ]:
        values[(key, "n")] = sum(counts)
        if f.suppressed:
            hidden.add((key, "n"))
            assert f.mean is None and f.shares == (None, None, None)
            assert f.n_shown == ("<5" if 0 < sum(counts) < 5 else "×")
        for outcome, count, share in zip(OUTCOMES, counts, f.shares, strict=True):
            values[(key, outcome)] = count
            if share is None:
                hidden.add((key, outcome))
    lines = [Line(tuple((k, o) for o in OUTCOMES), (k, "n")) for k in [TOTAL, *range(len(rows))]]
    if rows:
        lines += [Line(tuple((i, c) for i in range(len(rows))), (TOTAL, c)) for c in (*OUTCOMES, "n")]
    assert leaks(values, lines, hidden) == []


def test_a_group_hidden_in_one_domain_of_the_report_is_hidden_in_every_domain() -> None:
    def table(sizes: list[int]) -> tuple[Figures, list[Figures]]:
        groups = [Figures(value=v, label=v, n=n, counts=(n, 0, 0)) for v, n in zip("abc", sizes, strict=True)]
        return Figures(value="", label="all", n=sum(sizes), counts=(sum(sizes), 0, 0)), groups

    # In "work" the 2 of group a are hidden with the 7 of b; "housing" has no small group, but its 7 for
    # b shown beside "work" (the same clients, mostly) would give a's 2 away: 21 - 7 - 12.
    result = suppress_domains({"work": table([2, 7, 12]), "housing": table([7, 7, 12])})
    for domain in ("work", "housing"):
        _total, (a, b, c) = result[domain]
        assert a.suppressed and b.suppressed and not c.suppressed
    assert result["housing"][1][0].n_shown == "×"


def test_no_module_but_the_one_rule_compares_a_count_with_the_threshold() -> None:
    """Every report, page, export and API answer asks polku.core.suppression; none has its own rule."""
    root = Path(__file__).resolve().parents[2] / "polku"
    own_rule = re.compile(
        r"POLKU_SMALL_CELL|[<>]=?\s*threshold\(\)|threshold\(\)\s*[<>]|min_cell|SMALL_CELL"
        r"|(?:\bn|count|size|len\([^)]*\))\s*[<>]=?\s*5\b"
    )
    found = []
    for path in root.rglob("*.py"):
        if path.name == "suppression.py" and path.parent.name == "core":
            continue
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if own_rule.search(code):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert found == []
    assert not (root / "core" / "smallcell.py").exists()


def test_kept_grids_are_those_of_the_same_counts_labels_and_threshold() -> None:
    counts = {("jan", "a"): 3, ("jan", "b"): 10, ("feb", "a"): 7, ("feb", "b"): 8}
    rows = [("jan", "Jan"), ("feb", "Feb")]

    def grid(counts: dict[Any, int], language: str = "fi") -> Any:
        with translation.override(language):  # the labels as the reports give them: text in one language
            cols = [("a", str(gettext_lazy("Total"))), ("b", "b")]
            return simple_grid(dict(counts), rows, cols, str(gettext_lazy("Total")))

    first = grid(counts)
    assert grid(counts) == first
    assert first.cells[("jan", "a")].count is None  # 3 is small
    assert grid(counts | {("jan", "a"): 5}).cells[("jan", "a")].count == 5
    with override_settings(POLKU_SMALL_CELL=3):
        assert grid(counts).cells[("jan", "a")].count == 3
    assert [label for _k, label in grid(counts, "en").cols] == ["Total", "b", "Total"]
    assert [label for _k, label in grid(counts, "sv").cols] == ["Totalt", "b", "Totalt"]
