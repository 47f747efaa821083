"""The one way a cell reaches a CSV or XLSX file, so that text a user typed is never run as a formula.

A spreadsheet reads a cell that starts with = + - @ (or a tab or carriage return before one) as a formula:
a social report titled `=HYPERLINK(...)` would become a live link in the decision-makers' summary. Every
text cell that starts with one of these gets a leading apostrophe (OWASP, "CSV injection"), and an XLSX
cell is always written as a string, never as a formula (polku.core.xlsx, which writes no formulas at all).
Numbers, dates and empty cells stay what they are (a negative number is a number, not text). Every CSV
export writes its rows through `csv_row` and every XLSX export through polku.core.xlsx.write_xlsx, which
makes each text cell safe here; tests/core/test_exports.py fails when a module writes one otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """`value` as a spreadsheet shows it as text: a str starting with a formula character gets a leading
    apostrophe; anything that is not a str is returned as it is."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def csv_row(row: Iterable[Any]) -> list[Any]:
    """A row for csv.writer with every text cell made safe."""
    return [spreadsheet_safe(value) for value in row]
