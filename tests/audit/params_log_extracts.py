"""URL parameter values of the client's log extract pages (ATL 11) for the use-log walker."""

from __future__ import annotations

from typing import Any

from polku.registry.log_extract_document import log_extract_pdf_write
from polku.registry.models import ExportStatus, LogExtractExport
from polku.registry.services import log_extract_request_register
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    request = log_extract_request_register(actor=world.worker, client=world.client, how_received="kirje")
    document = LogExtractExport.objects.create(
        request=request,
        language="fi",
        period_start=request.period_start,
        period_end=request.period_end,
        status=ExportStatus.QUEUED,
        created_by=world.worker,
    )
    # The document the background worker writes, so that what the walkers read is the real PDF.
    log_extract_pdf_write.call(str(document.pk))
    document.refresh_from_db()
    assert document.status == ExportStatus.DONE, document.error
    return {"log_request_id": request.pk, "export_id": document.pk}
