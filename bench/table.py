"""The printed table: one row per page and number of connections, as Markdown (it goes into README.md
as it is)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.load import Result
from bench.sampler import LockShare

COLUMNS = (
    "page",
    "conn",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "× bare",
    "SQL/req",
    "errors",
    "lock waits",
)


@dataclass
class Row:
    page: str
    result: Result
    bare: Result | None  # the bare page at the same connections; None for the bare page itself
    locks: LockShare | None = None


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def cells(row: Row) -> list[str]:
    result = row.result
    ratio = None
    if row.bare is not None and row.bare.per_second > 0:
        ratio = result.per_second / row.bare.per_second
    share = row.locks.share if row.locks is not None else None
    return [
        row.page,
        str(result.connections),
        _number(result.per_second),
        _number(result.latency_ms(50)),
        _number(result.latency_ms(95)),
        _number(result.latency_ms(99)),
        "1" if row.bare is None else _number(ratio, 2),
        _number(result.queries),
        f"{result.errors}/{result.requests}" if result.errors else "0",
        "" if share is None else f"{share:.0%}",
    ]


def render(rows: Sequence[Row]) -> str:
    body = [cells(row) for row in rows]
    widths = [max(len(title), *(len(line[i]) for line in body)) for i, title in enumerate(COLUMNS)]

    def line(values: Sequence[str]) -> str:
        padded = [
            value.ljust(width) if i == 0 else value.rjust(width)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1)) + ("-" if i == 0 else ":") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(COLUMNS), rule, *(line(values) for values in body)])
