"""polku.core.xlsx writes the XLSX files of every export: read back with openpyxl, each cell has the type
and value it was given, text is text (never a formula), and the sheets are named as asked."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from polku.core.xlsx import column_letters, sheet_names, write_xlsx

# A spreadsheet's times have no time zone: what openpyxl reads back is naive.
JAN_31 = datetime(2026, 1, 31)  # noqa: DTZ001
JAN_31_AFTERNOON = datetime(2026, 1, 31, 13, 45, 30)  # noqa: DTZ001


def _written(sheets: list[tuple[str, Any]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(sheets, out)
    return out.getvalue()


def _read(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def test_each_type_reads_back_as_itself() -> None:
    row = [
        "Tiimi <A> & B",
        -3,
        2.5,
        Decimal("1.25"),
        True,
        date(2026, 1, 31),
        JAN_31_AFTERNOON,
        None,
        "",
        "  spaces kept  ",
        "rivi 1\nrivi 2",
        gettext_lazy("Total"),
    ]
    sheet = _read(_written([("Sheet", [["header"], row])])).active
    cells = next(iter(sheet.iter_rows(min_row=2)))
    values = [cell.value for cell in cells]
    assert values[:5] == ["Tiimi <A> & B", -3, 2.5, 1.25, True]
    assert values[5] == JAN_31 and cells[5].is_date
    assert values[6] == JAN_31_AFTERNOON and cells[6].is_date
    assert values[7:] == [None, None, "  spaces kept  ", "rivi 1\nrivi 2", str(gettext_lazy("Total"))]
    assert [c.data_type for c in cells[:5]] == ["s", "n", "n", "n", "b"]


def test_an_aware_time_is_written_in_local_time() -> None:
    sheet = _read(_written([("x", [[datetime(2026, 6, 1, 9, 0, tzinfo=UTC)]])])).active
    assert sheet["A1"].value == datetime(2026, 6, 1, 12, 0)  # noqa: DTZ001  (Helsinki in summer)


def test_a_number_that_is_not_finite_leaves_its_cell_empty() -> None:
    sheet = _read(_written([("x", [[float("nan"), float("inf"), 1]])])).active
    assert [c.value for c in sheet[1]] == [None, None, 1]


def test_text_is_never_a_formula_and_loses_what_xml_cannot_hold() -> None:
    sheet = _read(_written([("x", [["=1+1", "a\x01b\ufffe", "@SUM(A1)", "x" * 40000]])])).active
    assert [c.value for c in sheet[1]][:3] == ["'=1+1", "ab", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in sheet[1])
    assert len(sheet["D1"].value) == 32767
    content = _written([("x", [["=1+1"]])])
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")


def test_several_sheets_with_names_a_workbook_accepts() -> None:
    book = _read(_written([("Teemat", [["a"]]), ("Raportit: 2025/1 [kaikki]", [["b"]]), ("teemat", [])]))
    assert book.sheetnames == ["Teemat", "Raportit_ 2025_1 _kaikki_", "teemat (2)"]
    assert book["Teemat"]["A1"].value == "a" and book["Raportit_ 2025_1 _kaikki_"]["A1"].value == "b"
    assert sheet_names(["x" * 40, "x" * 40]) == ["x" * 31, "x" * 27 + " (2)"]


def test_a_wide_and_long_sheet() -> None:
    rows = [[r * 1000 + c for c in range(800)] for r in range(3)] + [[i] for i in range(2000)]
    sheet = _read(_written([("x", rows)])).active
    assert sheet.max_column == 800 and sheet.max_row == 2003
    assert sheet.cell(row=2, column=800).value == 1799 and sheet.cell(row=2003, column=1).value == 1999
    assert [column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
