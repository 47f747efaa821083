"""Streaming exports: CSV row by row, XLSX through openpyxl's write-only mode into a temporary file that
is streamed out in chunks. Memory stays constant whatever the number of rows. Text cells go through
polku.core.exports, so that nothing typed is read as a formula."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from polku.core.exports import csv_row, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")  # Finnish spreadsheets expect semicolons

    def lines() -> Iterator[str]:
        yield "\ufeff"  # byte-order mark, so that spreadsheets read UTF-8 (ä, ö) right
        for row in rows:
            yield writer.writerow(csv_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[Sequence[Any]], filename: str, sheet: str) -> FileResponse:
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet[:31])
    for row in rows:
        worksheet.append(xlsx_row(worksheet, row))
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when the response is sent)
    book.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)
