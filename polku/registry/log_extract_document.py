"""The printable log extract (PDF, WeasyPrint) in Finnish, Swedish or English, written in the background.

A log extract of a busy client can hold a million rows; as a document that would be some 25,000 pages,
which no one reads and which WeasyPrint lays out whole in memory (107,000 rows took 124 s and 1.2 GB).
So a document covers at most PDF_MAX_USES uses, some 30 pages (measured on PostgreSQL: 9,960 uses took
100 s and +1.2 GB in the worker, 1,391 uses 11 s and +179 MB). The one who orders it chooses a part of the
request's period when the whole period holds more, and the whole extract is always at hand as a file
(JSON, streamed, of any size: log_extract_json.py). The document is written by a task
(`log_extract_pdf_write`, run by `polku worker`) that records its progress in LogExtractExport, so the
page never waits for it.
"""

from __future__ import annotations

from uuid import UUID

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from weasyprint import HTML

from polku.clients.models import Client
from polku.registry.log_extracts import (
    CHUNK,
    LogExtract,
    LogExtractScope,
    disclosure_row,
    extract_disclosures,
    extract_uses,
    period_bounds,
    use_rows,
)
from polku.registry.models import ExportStatus, LogExtractExport

PDF_MAX_USES = 1_000  # some 30 A4 pages: a readable document, written in seconds within 200 MB


def log_extract_document_html(extract: LogExtract) -> str:
    with translation.override(extract.language):
        return render_to_string(
            "registry/log_extract_document.html",
            {
                "extract": extract,
                "language": extract.language,
                "organisation": getattr(extract.generated_by, "organisation", None),
            },
        )


def log_extract_pdf(extract: LogExtract) -> bytes:
    return HTML(string=log_extract_document_html(extract)).write_pdf()  # type: ignore[no-any-return]


def document_scope(export: LogExtractExport, client: Client) -> LogExtractScope:
    """The extract of the export's part of the request's period, signed by the one who ordered it."""
    start, end = period_bounds(export.period_start, export.period_end)
    if export.created_by is None:  # an export is always ordered by someone
        raise ValueError("A log extract document without the one who ordered it.")
    return LogExtractScope(
        request=export.request,
        client=client,
        start=start,
        end=end,
        generated_at=timezone.now(),
        generated_by=export.created_by,
        language=export.language,
    )


def _progress(export_id: UUID, **fields: object) -> None:
    LogExtractExport.objects.filter(pk=export_id).update(updated_at=timezone.now(), **fields)


@task()
def log_extract_pdf_write(export_id: str) -> int:
    """Write the document of one LogExtractExport: read its rows a chunk at a time (rows_done counts
    them), lay the document out and store it. Returns the number of uses in it. The one who ordered it was
    checked and logged when it was ordered, and each download is checked and logged again."""
    export = (
        LogExtractExport.objects.defer("content")
        .select_related("request", "created_by__organisation")
        .get(pk=export_id)
    )
    _progress(export.pk, status=ExportStatus.RUNNING, rows_done=0)
    try:
        client = Client.objects.get(pk=export.request.client_id)
        scope = document_scope(export, client)
        uses = []
        for batch in use_rows(extract_uses(scope).iterator(chunk_size=CHUNK), scope.language):
            uses.extend(batch)
            if len(uses) > PDF_MAX_USES:
                raise ValueError(f"more than {PDF_MAX_USES} uses in the period")
            _progress(export.pk, rows_done=len(uses))
        disclosures = [disclosure_row(row) for row in extract_disclosures(scope)]
        content = log_extract_pdf(LogExtract.of(scope, uses, disclosures))
    except Exception as exc:
        _progress(export.pk, status=ExportStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now())
        raise
    _progress(
        export.pk,
        status=ExportStatus.DONE,
        rows_done=len(uses),
        rows_total=len(uses),
        content=content,
        finished_at=timezone.now(),
    )
    return len(uses)


def document_filename(export: LogExtractExport) -> str:
    return f"lokiote-{export.period_start:%Y%m%d}-{export.period_end:%Y%m%d}.pdf"
