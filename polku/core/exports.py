"""The one way a cell reaches a CSV or XLSX file, so that text a user typed is never run as a formula.

A spreadsheet reads a cell that starts with = + - @ (or a tab or carriage return before one) as a formula:
a social report titled `=HYPERLINK(...)` would become a live link in the decision-makers' summary. Every
text cell that starts with one of these gets a leading apostrophe (OWASP, "CSV injection"), and an XLSX
cell is always written as a string, never as a formula. Numbers, dates and empty cells stay what they are
(a negative number is a number, not text). Every CSV and XLSX export writes its rows through `csv_row` or
`xlsx_row`; tests/core/test_exports.py fails when a module writes one without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters that an XLSX file cannot hold (openpyxl refuses them with an error).
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def spreadsheet_safe(value: Any) -> Any:
    """`value` as a spreadsheet shows it as text: a str starting with a formula character gets a leading
    apostrophe; anything that is not a str is returned as it is."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def csv_row(row: Iterable[Any]) -> list[Any]:
    """A row for csv.writer with every text cell made safe."""
    return [spreadsheet_safe(value) for value in row]


def xlsx_row(sheet: WriteOnlyWorksheet, row: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet's append(): text cells are made safe, stripped of the control
    characters XLSX cannot hold, and written as strings (data type 's'), never as formulas."""
    cells: list[Any] = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(_ILLEGAL_IN_XLSX.sub("", value)))
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells
