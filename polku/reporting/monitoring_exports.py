"""Streaming exports: CSV row by row, XLSX written row by row by polku.core.xlsx into a temporary file
that is streamed out in chunks. Memory stays constant whatever the number of rows. Text cells go through
polku.core.exports, so that nothing typed is read as a formula. The same writers write the files of the
exports that run in the background (polku/reporting/export_tasks.py), and the rows of the monitoring
exports are made here for both."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from polku.core import xlsx
from polku.core.exports import csv_row
from polku.core.suppression import Cell
from polku.reporting.monitoring import Compliance, EsrTable

XLSX = xlsx.CONTENT_TYPE
CSV = "text/csv; charset=utf-8"
BOM = "\ufeff"  # byte-order mark, so that spreadsheets read UTF-8 (ä, ö) right


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


CSV_CHUNK_ROWS = 500  # rows a piece of the streamed file: a piece a row cost a write to the socket a row


def csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The file's text in pieces of CSV_CHUNK_ROWS lines, the byte-order mark first."""
    writer = csv.writer(_Echo(), delimiter=";")  # Finnish spreadsheets expect semicolons
    chunk = [BOM]
    for row in rows:
        chunk.append(writer.writerow(csv_row(row)))
        if len(chunk) >= CSV_CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_csv(rows: Iterable[Sequence[Any]], out: IO[bytes]) -> None:
    for line in csv_lines(rows):
        out.write(line.encode("utf-8"))


def write_xlsx(rows: Iterable[Sequence[Any]], out: IO[bytes], sheet: str) -> None:
    xlsx.write_xlsx([(sheet, rows)], out)


def xlsx_response(rows: Iterable[Sequence[Any]], filename: str, sheet: str) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when the response is sent)
    write_xlsx(rows, spool, sheet)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)


def _value(cell: Cell) -> Any:
    return cell.count if cell.count is not None else cell.text


def esr_rows(table: EsrTable) -> Iterator[list[Any]]:
    yield [
        _("Project"),
        table.project.name,
        _("From"),
        table.first.isoformat(),
        _("To"),
        table.last.isoformat(),
    ]
    yield [_("Participants"), _("Labour-market status"), *(label for _k, label in table.all.cols)]
    for name, grid in ((_("All participants"), table.all), (_("Women"), table.women)):
        for label, cells in grid.table:
            yield [name, label, *(_value(cell) for cell in cells)]


def compliance_header() -> list[str]:
    return [_("Team"), _("Month"), _("Started in time"), _("Late"), _("Total"), _("Share in time (%)")]


def compliance_body(data: Compliance) -> Iterator[list[Any]]:
    for team in data.teams:
        for _key, label, cells, share in team.rows:
            yield [team.team.name, label, *(_value(cell) for cell in cells), "" if share is None else share]


def compliance_rows(data: Compliance) -> Iterator[list[Any]]:
    yield compliance_header()
    yield from compliance_body(data)
