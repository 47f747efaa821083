"""The whole log extract as one JSON file, streamed: the rows are read from the database CHUNK at a time
(a server-side cursor on PostgreSQL) and each is written as it is read, so that memory stays the same for
ten rows or a million. The page offers it as a download and the API answers with it; its shape is the
API's ExtractOut."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation

from polku.registry.log_extracts import (
    CHUNK,
    LogExtractScope,
    disclosure_row,
    extract_disclosures,
    extract_uses,
    use_rows,
)

BUFFER = 64 * 1024  # characters handed to the server at a time


def _request(scope: LogExtractScope) -> dict[str, Any]:
    r = scope.request
    return {
        "id": str(r.pk),
        "client_id": str(r.client_id),
        "received_on": r.received_on.isoformat(),
        "due_on": r.due_on.isoformat(),
        "how_received": r.how_received,
        "period_start": r.period_start.isoformat(),
        "period_end": r.period_end.isoformat(),
        "special_reason": r.special_reason,
        "status": r.status,
        "answered_at": r.answered_at.isoformat() if r.answered_at else None,
        "version": r.version,
    }


def extract_json(scope: LogExtractScope) -> Iterator[str]:
    """The extract as JSON text in pieces of about BUFFER characters."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = {
        "request": _request(scope),
        "language": scope.language,
        "period_start": scope.request.period_start.isoformat(),
        "period_end": scope.request.period_end.isoformat(),
    }
    parts = [dumps(head)[:-1], ',"uses":[']
    size = 0
    separator = ""
    for batch in use_rows(extract_uses(scope).iterator(chunk_size=CHUNK), scope.language):
        for u in batch:
            line = separator + dumps(
                {
                    "at": u.at.isoformat(),
                    "who": u.who,
                    "organisation": u.organisation,
                    "what": u.what,
                    "action": u.action,
                    "purpose": u.purpose,
                }
            )
            separator = ","
            parts.append(line)
            size += len(line)
        if size >= BUFFER:
            yield "".join(parts)
            parts, size = [], 0
    parts.append('],"disclosures":[')
    separator = ""
    with translation.override(scope.language):
        for row in extract_disclosures(scope).iterator(chunk_size=CHUNK):
            d = disclosure_row(row)
            parts.append(
                separator
                + dumps(
                    {
                        "at": d.at.isoformat(),
                        "what": d.what,
                        "recipient": d.recipient,
                        "basis": str(d.basis),
                        "basis_detail": d.basis_detail,
                    }
                )
            )
            separator = ","
    parts.append("]}")
    yield "".join(parts)


def extract_json_response(scope: LogExtractScope, *, download: bool) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (piece.encode() for piece in extract_json(scope)), content_type="application/json; charset=utf-8"
    )
    if download:
        name = f"lokiote-{scope.request.period_start:%Y%m%d}-{scope.request.period_end:%Y%m%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
