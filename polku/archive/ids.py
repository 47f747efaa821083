"""Document ids: each version of a document of the client record has an OID of its own.

The id is a UUID-based OID of ITU-T X.667 (`2.25.<the UUID as a decimal integer>`), unique without a
registry, the UUID made from the document type, the record's UUID and the version, so that the same version
always gets the same id."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c2a52-5b8e-4d0e-9a51-3c7e0f5e2b10")  # Polku's namespace for document ids


def document_oid(document_type: str, object_id: uuid.UUID | int | str, version: int = 1) -> str:
    """The OID of version `version` of the record `object_id` as a document of `document_type`."""
    name = f"{document_type}:{object_id}:{version}"
    return f"2.25.{uuid.uuid5(NAMESPACE, name).int}"
