"""URL parameter values of the archive's document downloads for the use-log walker and the access matrix: a
journal entry of the world's client (a client narrative document) as JSON."""

from __future__ import annotations

from typing import Any

from polku.archive.ids import document_oid
from polku.casework.models import JournalKind
from polku.casework.services import journal_write
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    entry = journal_write(
        actor=world.worker, client=world.client, kind=JournalKind.NOTE, summary="Walker's note"
    )
    return {"oid": document_oid("narrative", entry.pk, 1), "fmt": "json"}
