"""A brute-force reader of suppressed tables, independent of polku.core.suppression: it enumerates every
table of non-negative integers that agrees with what is shown (shown cells and the lines that add up)
and reports each group of hidden cells whose size it can work out as 1 .. threshold-1."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

Key = Hashable


class TooMany(Exception):
    """The table has too many possible completions to enumerate in a test."""


def completions(
    values: dict[Key, int],
    lines: Sequence[tuple[Sequence[Key], Key]],
    shown: set[Key],
    *,
    budget: int = 200_000,
) -> tuple[list[Key], list[tuple[int, ...]]]:
    """The hidden base cells (cells that are no line's total) and every assignment of them that, with the
    totals computed from them, agrees with every shown cell."""
    totals = {total for _parts, total in lines}
    base = [k for k in values if k not in totals]
    hidden = [k for k in base if k not in shown]
    parts_of = {total: list(parts) for parts, total in lines}

    def expand(key: Key) -> list[Key]:
        if key not in parts_of:
            return [key]
        return [b for part in parts_of[key] for b in expand(part)]

    constraints = [(expand(k), values[k]) for k in totals if k in shown]
    limit = sum(values[k] for k in base)
    position = {k: i for i, k in enumerate(hidden)}
    # For each hidden cell, the constraints that become complete once it (the last of theirs) is set.
    checks: list[list[tuple[list[Key], int]]] = [[] for _ in hidden]
    for cells, target in constraints:
        unknown = [position[c] for c in cells if c in position]
        if unknown:
            checks[max(unknown)].append((cells, target))
        elif sum(values[c] for c in cells) != target:
            return hidden, []
    found: list[tuple[int, ...]] = []
    current: dict[Key, int] = {k: values[k] for k in base if k in shown}
    steps = 0

    def partial_ok(i: int) -> bool:
        for cells, target in constraints:
            if sum(current.get(c, 0) for c in cells) > target:
                return False
        return all(sum(current[c] for c in cells) == target for cells, target in checks[i])

    def walk(i: int) -> None:
        nonlocal steps
        if i == len(hidden):
            found.append(tuple(current[k] for k in hidden))
            return
        cells_target = checks[i][0] if checks[i] else None
        if cells_target is not None:
            cells, target = cells_target
            current.pop(hidden[i], None)
            rest = sum(current.get(c, 0) for c in cells)
            candidates: range = range(target - rest, target - rest + 1) if target >= rest else range(0)
        else:
            candidates = range(limit + 1)
        for value in candidates:
            steps += 1
            if steps > budget:
                raise TooMany
            current[hidden[i]] = value
            if partial_ok(i):
                walk(i + 1)
            elif any(sum(current.get(c, 0) for c in cells) > target for cells, target in constraints):
                break  # larger values only overshoot further
        current.pop(hidden[i], None)

    walk(0)
    return hidden, found


def worked_out_small_groups(
    values: dict[Key, int],
    lines: Sequence[tuple[Sequence[Key], Key]],
    shown: set[Key],
    threshold: int,
) -> list[tuple[tuple[Key, ...], int]]:
    """Every group the reader could count as 1..threshold-1: a hidden cell, or the hidden cells of a line
    together (the same in all completions)."""
    hidden, found = completions(values, lines, shown)
    if not hidden or not found:
        return []
    solutions = np.array(found, dtype=np.int64)
    differences = solutions - solutions[0]
    parts_of = {total: list(parts) for parts, total in lines}

    def expand(key: Key) -> list[Key]:
        return [b for part in parts_of[key] for b in expand(part)] if key in parts_of else [key]

    position = {k: i for i, k in enumerate(hidden)}
    groups: set[tuple[int, ...]] = {(i,) for i in range(len(hidden))}
    for _parts, total in lines:
        groups.add(tuple(sorted({position[k] for k in expand(total) if k in position})))
    leaks = []
    for subset in sorted(g for g in groups if g):
        if True:
            mask = np.zeros(len(hidden), dtype=np.int64)
            mask[list(subset)] = 1
            if not (differences @ mask).any():
                total = int(solutions[0] @ mask)
                if 0 < total < threshold:
                    leaks.append((tuple(hidden[i] for i in subset), total))
    return leaks
