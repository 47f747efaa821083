"""The small-cell rule, the one implementation for every report, page, export and API answer of Polku.

An aggregate never reveals a group of fewer than POLKU_SMALL_CELL persons (domain.md, "Client data
rules"; default 5). Zero is shown: it reveals no one.

Primary suppression: a cell of 1 .. threshold-1 persons is hidden; in data it is None, on screen "<5"
(`shown`). Secondary (complementary) suppression: hiding the small cells themselves is not enough when
totals are shown: a hidden cell is the total minus the cells beside it, "all" minus "women" gives the
men, and a group of 1 and a group of 2 hidden beside a shown 100 and a total of 103 give away a group of 3.
So a table is given as cells and the lines that add up (parts and their total). The auditor assumes a
reader who solves every line with a single unknown cell, again and again; whenever that reader could work
out a small group (one cell, or the sum of the unknown cells of a line), one more cell is hidden, until
nothing small is left to find. Cells can be unpublished (e.g. "not women", never shown but computable),
and still count as groups. Cells hidden only to protect another are shown as SECONDARY_MARK
(a multiplication sign).

Statistics of a group (means, effect sizes, shares) are sums over the same persons, so they add up along
the same lines as the counts: they are hidden wherever the group's count is hidden (`forced`).

Nothing else in Polku compares a count with the threshold: ask `is_small`, `suppress`, `hidden_cells`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from polku.core.kept import Kept


def threshold() -> int:
    return int(settings.POLKU_SMALL_CELL)


def is_small(count: int) -> bool:
    """A group that a figure must not reveal: 1 .. threshold-1 persons."""
    return 0 < count < threshold()


def suppress(count: int) -> int | None:
    """The count, or None when it would reveal a small group (primary suppression only: use
    `hidden_cells` wherever a total is shown beside it)."""
    return None if is_small(count) else count


def shown(count: int | None) -> str:
    """How a possibly suppressed count is written in a table or a file."""
    return f"<{threshold()}" if count is None else str(count)


SECONDARY_MARK = "×"
SECONDARY_EXPLANATION = _(
    "× = hidden so that a group under the threshold cannot be worked out from the totals."
)

Key = Hashable


@dataclass(frozen=True)
class Line:
    """sum(parts) == total."""

    parts: tuple[Key, ...]
    total: Key

    @property
    def cells(self) -> tuple[Key, ...]:
        return (*self.parts, self.total)


def hidden_cells(
    values: dict[Key, int],
    lines: Sequence[Line],
    published: Iterable[Key],
    forced: Iterable[Key] = (),
    fixed: Iterable[Key] = (),
) -> set[Key]:
    """The published cells to hide so that no small group can be worked out from the rest. `forced`
    cells are hidden whatever their size (e.g. the figures of a group whose count is hidden); `fixed`
    cells are never hidden to protect another (e.g. a figure shown elsewhere as it is).

    The answer depends on nothing but these and the threshold, and finding it can take tens of
    milliseconds for a table with many small cells; the answers for the last tables asked are kept
    (a report page is mostly asked again with the same figures), for tables of up to KEPT_CELLS cells."""
    published, forced, fixed = frozenset(published), frozenset(forced), frozenset(fixed)
    if len(values) > KEPT_CELLS:
        return _hidden_cells(values, lines, published, forced, fixed)
    try:
        found = _hidden_cells_kept(threshold(), tuple(values.items()), tuple(lines), published, forced, fixed)
    except TypeError:  # a key that cannot be hashed: no keeping
        return _hidden_cells(values, lines, published, forced, fixed)
    return set(found)


KEPT_CELLS = 2000  # 256 answers kept, each key at most this many cells: some tens of MB at most


@lru_cache(maxsize=256)
def _hidden_cells_kept(
    _threshold: int,
    values: tuple[tuple[Key, int], ...],
    lines: tuple[Line, ...],
    published: frozenset[Key],
    forced: frozenset[Key],
    fixed: frozenset[Key],
) -> frozenset[Key]:
    return frozenset(_hidden_cells(dict(values), lines, published, forced, fixed))


def _hidden_cells(
    values: dict[Key, int],
    lines: Sequence[Line],
    published: Iterable[Key],
    forced: Iterable[Key],
    fixed: Iterable[Key],
) -> set[Key]:
    published = set(published)
    forced = set(forced) & published
    fixed = set(fixed)
    lines = _with_expansions(lines)
    hidden = {key for key in published if is_small(values[key])} | forced
    for _round in range(len(published) + 1):
        extra = _one_more(values, lines, published, hidden, fixed)
        if not extra:
            break
        hidden |= extra
    # The greedy rounds may hide more than needed: give back every protecting cell, largest first, whose
    # return still lets the reader work out nothing small.
    secondary = sorted(
        (k for k in hidden - forced if not is_small(values[k])), key=lambda k: (-values[k], str(k))
    )
    for key in secondary:
        trial = hidden - {key}
        if not _one_more(values, lines, published, trial, fixed):
            hidden = trial
    return hidden


def _with_expansions(lines: Sequence[Line]) -> list[Line]:
    """The lines, and each line again with every part that is itself a total written as its parts: the
    grand total is also the sum of every inner cell, so "grand total minus the shown cells" is a line the
    reader can solve as well."""
    parts_of = {line.total: line.parts for line in lines}

    def expand(key: Key, depth: int = 0) -> tuple[Key, ...]:
        if key not in parts_of or depth > len(lines):
            return (key,)
        return tuple(inner for part in parts_of[key] for inner in expand(part, depth + 1))

    result = list(lines)
    for line in lines:
        parts = tuple(inner for part in line.parts for inner in expand(part))
        if parts != line.parts and len(set(parts)) == len(parts) and line.total not in parts:
            expanded = Line(parts, line.total)
            if expanded not in result:
                result.append(expanded)
    return result


def _best(values: dict[Key, int], line: Line, candidates: Iterable[Key]) -> Key | None:
    # Hide the smallest non-zero part first: it costs the reader least and protects most.
    ordered = sorted(candidates, key=lambda k: (values[k] == 0, values[k], k == line.total, str(k)))
    return ordered[0] if ordered else None


def _propagate(
    lines: Sequence[Line], shown_cells: set[Key], values: dict[Key, int], *, stop_at_small: bool
) -> tuple[dict[Key, Line], Key | None]:
    """Solve every line with one unknown cell until none is left: the cells a reader can work out, each
    with the line that gave it away, and the first small one found (when asked to stop there)."""
    known = set(shown_cells)
    via: dict[Key, Line] = {}
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [k for k in line.cells if k not in known]
            # One unknown is the rest of the line; unknown parts that must add up to nothing are all
            # zero (no group is smaller than none).
            nothing_left = line.total in known and sum(values[k] for k in unknown) == 0
            if len(unknown) == 1 or (unknown and nothing_left):
                for cell in unknown:
                    known.add(cell)
                    via[cell] = line
                changed = True
                if stop_at_small and is_small(values[unknown[0]]):
                    return via, unknown[0]
    return via, None


def _one_more(
    values: dict[Key, int],
    lines: Sequence[Line],
    published: set[Key],
    hidden: set[Key],
    fixed: frozenset[Key] | set[Key] = frozenset(),
) -> set[Key]:
    shown_cells = published - hidden
    choosable = shown_cells - fixed
    via, revealed = _propagate(lines, shown_cells, values, stop_at_small=True)

    def blame(cell: Key, seen: frozenset[Key] = frozenset()) -> set[Key]:
        """A shown cell of the lines that revealed `cell`: hiding it breaks that chain."""
        line = via[cell]
        choice = _best(values, line, [k for k in line.cells if k != cell and k in choosable])
        if choice is not None:
            return {choice}
        seen = seen | {cell}
        # The cells the reader needed first (not those the same line gave at the same time).
        for other in line.cells:
            if other not in seen and other in via and via[other] is not line:
                found = blame(other, seen)
                if found:
                    return found
        return set()

    if revealed is not None:
        return blame(revealed)
    known = shown_cells | via.keys()
    for line in lines:
        if line.total not in known:
            continue
        unknown = [k for k in line.parts if k not in known]
        if len(unknown) >= 2 and is_small(sum(values[k] for k in unknown)):
            choice = _best(values, line, [k for k in line.cells if k in choosable])
            if choice is not None:
                return {choice}
    return _solved_together(values, lines, known, choosable)


def _free_directions(lines: Sequence[Line], unknown: list[Key]) -> np.ndarray:
    """A basis (columns) of the ways the unknown cells can change with every line still adding up: a sum
    of unknown cells is fixed by what is shown exactly when it does not change along any of them."""
    index = {k: i for i, k in enumerate(unknown)}
    rows = []
    for line in lines:
        row = np.zeros(len(unknown))
        for k in line.parts:
            if k in index:
                row[index[k]] += 1
        if line.total in index:
            row[index[line.total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return np.eye(len(unknown))
    _u, sizes, directions = np.linalg.svd(np.array(rows))
    rank = int((sizes > 1e-9 * sizes[0]).sum()) if len(sizes) else 0
    return np.asarray(directions[rank:].T)


def _solved_together(
    values: dict[Key, int], lines: Sequence[Line], known: set[Key], choosable: set[Key]
) -> set[Key]:
    """A reader who combines several lines at once (e.g. the grand total minus a column minus a row):
    the cells and the lines' unknown parts whose sum is fixed by what is shown, found by linear algebra.
    When one of them is a small group, the shown cell to hide next."""
    unknown = [k for k in values if k not in known]
    if not unknown:
        return set()
    index = {k: i for i, k in enumerate(unknown)}

    def fixed_sum(cells: Sequence[Key], free: np.ndarray) -> bool:
        if free.size == 0:
            return True
        return bool(np.abs(free[[index[k] for k in cells]].sum(axis=0)).max() < 1e-7)

    free = _free_directions(lines, unknown)
    groups: list[tuple[Key, ...]] = [(k,) for k in unknown]
    groups += [tuple(k for k in line.parts if k in index) for line in lines]
    for group in groups:
        if len(group) == 0 or not is_small(sum(values[k] for k in group)) or not fixed_sum(group, free):
            continue
        near = [k for line in lines if set(line.cells) & set(group) for k in line.cells if k in choosable]
        candidates = sorted(set(near) or choosable, key=lambda k: (values[k] == 0, values[k], str(k)))
        for candidate in candidates[:12]:
            trial = [k for k in values if k not in known or k == candidate]
            index = {k: i for i, k in enumerate(trial)}
            if not fixed_sum(group, _free_directions(lines, trial)):
                return {candidate}
        return set(candidates[:1])
    return set()


@dataclass(frozen=True)
class Cell:
    """A figure as a report shows it: the count, or None when hidden, with its text."""

    count: int | None
    text: str
    secondary: bool = False


def cell_of(value: int, hidden: set[Key], key: Key) -> Cell:
    if key not in hidden:
        return Cell(value, str(value))
    if is_small(value):
        return Cell(None, shown(None))
    return Cell(None, SECONDARY_MARK, secondary=True)


def grid_lines(rows: Sequence[Key], cols: Sequence[Key]) -> list[Line]:
    """Lines of a table with a total column ("total") and a total row ("total"): keys are (row, col)."""
    all_rows = [*rows, "total"]
    all_cols = [*cols, "total"]
    lines = [Line(tuple((r, c) for c in cols), (r, "total")) for r in all_rows]
    lines += [Line(tuple((r, c) for r in rows), ("total", c)) for c in all_cols]
    return lines


def grid_values(counts: dict[tuple[Key, Key], int], rows: Sequence[Key], cols: Sequence[Key]) -> dict:
    """Fill a (row, col) -> count mapping with zeros and its row, column and grand totals."""
    values: dict[tuple[Key, Key], int] = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
    for r in rows:
        values[(r, "total")] = sum(values[(r, c)] for c in cols)
    for c in [*cols, "total"]:
        values[("total", c)] = sum(values[(r, c)] for r in rows)
    return values


@dataclass(frozen=True)
class Grid:
    """A suppressed table ready for a page, a file or the API."""

    rows: list[tuple[Key, str]]  # (key, label), the total row last
    cols: list[tuple[Key, str]]
    cells: dict[tuple[Key, Key], Cell]

    def row_cells(self, row: Key) -> list[Cell]:
        return [self.cells[(row, col)] for col, _label in self.cols]

    @property
    def table(self) -> list[tuple[str, list[Cell]]]:
        return [(label, self.row_cells(key)) for key, label in self.rows]

    @property
    def has_secondary(self) -> bool:
        return any(cell.secondary for cell in self.cells.values())


def simple_grid(
    counts: dict[tuple[Key, Key], int],
    rows: Sequence[tuple[Key, str]],
    cols: Sequence[tuple[Key, str]],
    total_label: str,
    *,
    total_row: bool = True,
) -> Grid:
    """One table with its totals, suppressed on its own."""
    return linked_grids([("table", counts, cols)], rows, total_label, total_row=total_row)["table"]


def linked_grids(
    tables: Sequence[tuple[str, dict[tuple[Key, Key], int], Sequence[tuple[Key, str]]]],
    rows: Sequence[tuple[Key, str]],
    total_label: str,
    *,
    total_row: bool = True,
) -> dict[str, Grid]:
    """Several tables over the same rows (e.g. months by age group, by gender, by kind of work) that
    share their total column: suppressed together, so one table cannot give away another's hidden cell.
    Without a total row (e.g. a monthly series), the rows do not constrain each other.

    The grids depend on nothing but these and the threshold: those of the last tables asked are kept
    (a report page and its exports are mostly asked again with the same figures; a deadline export of 14
    teams over ten years spent half its time here, most of it on the hidden cells' key), for tables of up
    to KEPT_CELLS counts (the last 256). The grids given are shared: read them, never change them."""
    if sum(len(counts) for _name, counts, _cols in tables) > KEPT_CELLS:
        return _linked_grids(tables, rows, total_label, total_row=total_row)
    key = (
        threshold(),
        tuple((name, tuple(counts.items()), _labelled(cols)) for name, counts, cols in tables),
        _labelled(rows),
        str(total_label),
        total_row,
    )
    try:
        hash(key)
    except TypeError:  # a key that cannot be hashed: no keeping
        return _linked_grids(tables, rows, total_label, total_row=total_row)
    return dict(
        _KEPT_GRIDS.get_or_make(key, lambda: _linked_grids(tables, rows, total_label, total_row=total_row))
    )


def _labelled(keys: Sequence[tuple[Key, str]]) -> tuple[tuple[Key, str], ...]:
    """(key, label) pairs with the labels as text: a lazy label would compare in the reader's language."""
    return tuple((key, str(label)) for key, label in keys)


_KEPT_GRIDS: Kept[dict[str, Grid]] = Kept(256)


def _linked_grids(
    tables: Sequence[tuple[str, dict[tuple[Key, Key], int], Sequence[tuple[Key, str]]]],
    rows: Sequence[tuple[Key, str]],
    total_label: str,
    *,
    total_row: bool,
) -> dict[str, Grid]:
    row_keys = [k for k, _l in rows]
    shown_rows = [*row_keys, "total"] if total_row else row_keys

    def key(name: str, row: Key, col: Key) -> Key:
        return (row, "total") if col == "total" else (name, row, col)

    values: dict[Key, int] = {}
    lines = [Line(tuple((r, "total") for r in row_keys), ("total", "total"))] if total_row else []
    for name, counts, cols in tables:
        col_keys = [k for k, _l in cols]
        for (row, col), value in grid_values(counts, row_keys, col_keys).items():
            if row in shown_rows:
                values[key(name, row, col)] = value
        lines += [Line(tuple(key(name, r, c) for c in col_keys), (r, "total")) for r in shown_rows]
        if total_row:
            lines += [Line(tuple(key(name, r, c) for r in row_keys), key(name, "total", c)) for c in col_keys]
    hidden = hidden_cells(values, lines, values.keys())
    grids: dict[str, Grid] = {}
    for name, _counts, cols in tables:
        col_keys = [*(k for k, _l in cols), "total"]
        grids[name] = Grid(
            rows=[*rows, ("total", total_label)] if total_row else list(rows),
            cols=[*cols, ("total", total_label)],
            cells={
                (r, c): cell_of(values[key(name, r, c)], hidden, key(name, r, c))
                for r in shown_rows
                for c in col_keys
            },
        )
    return grids
