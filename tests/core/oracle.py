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
    totals computed from them, agrees with every shown cell and with every line (a total given by two
    lines, e.g. a month's people by age and by gender, must be the same by both)."""
    totals = {total for _parts, total in lines}
    base = [k for k in values if k not in totals]
    hidden = [k for k in base if k not in shown]
    parts_of: dict[Key, list[Key]] = {}
    for parts, total in lines:
        parts_of.setdefault(total, list(parts))

    def expand(key: Key) -> list[Key]:
        if key not in parts_of:
            return [key]
        return [b for part in parts_of[key] for b in expand(part)]

    def signed(plus: list[Key], minus: list[Key]) -> dict[Key, int]:
        coefficients: dict[Key, int] = {}
        for k in plus:
            coefficients[k] = coefficients.get(k, 0) + 1
        for k in minus:
            coefficients[k] = coefficients.get(k, 0) - 1
        return {k: c for k, c in coefficients.items() if c}

    # (coefficients, target, a plain sum): shown totals, then every line as an equation.
    constraints = [(signed(expand(k), []), values[k], True) for k in totals if k in shown]
    for parts, total in lines:
        equation = signed([b for part in parts for b in expand(part)], expand(total))
        if equation:
            constraints.append((equation, 0, False))
    sums = [(c, t) for c, t, plain in constraints if plain]
    limit = sum(values[k] for k in base)
    position = {k: i for i, k in enumerate(hidden)}
    # For each hidden cell, the constraints that become complete once it (the last of theirs) is set.
    checks: list[list[tuple[dict[Key, int], int]]] = [[] for _ in hidden]
    for coefficients, target, _plain in constraints:
        unknown = [position[c] for c in coefficients if c in position]
        if unknown:
            checks[max(unknown)].append((coefficients, target))
        elif sum(values[c] * n for c, n in coefficients.items()) != target:
            return hidden, []
    found: list[tuple[int, ...]] = []
    current: dict[Key, int] = {k: values[k] for k in base if k in shown}
    steps = 0

    def overshoots() -> bool:
        return any(sum(current.get(c, 0) for c in cells) > target for cells, target in sums)

    def complete(i: int) -> bool:
        return all(sum(current[c] * n for c, n in cf.items()) == target for cf, target in checks[i])

    def walk(i: int) -> None:
        nonlocal steps
        if i == len(hidden):
            found.append(tuple(current[k] for k in hidden))
            return
        key = hidden[i]
        candidates: Sequence[int] = range(limit + 1)
        if checks[i]:  # the last unknown of an equation: solved, not searched
            coefficients, target = checks[i][0]
            rest = sum(current[c] * n for c, n in coefficients.items() if c != key)
            value, remainder = divmod(target - rest, coefficients[key])
            candidates = [value] if remainder == 0 and value >= 0 else []
        for value in candidates:
            steps += 1
            if steps > budget:
                raise TooMany
            current[key] = value
            if overshoots():
                break  # larger values only overshoot further
            if complete(i):
                walk(i + 1)
        current.pop(key, None)

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
