"""Every document of the demo's Ville's story exports as the archive takes it: XHTML, JSON valid against the
schema, and PDF/A-2b, with metadata."""

from __future__ import annotations

from datetime import date

import pytest

from polku.archive import documents as archive
from polku.clients.models import Client
from polku.core.crypto import search_hash
from polku.demo.data import load_demo
from polku.demo.ville import VILLE_HETU
from tests.archive.test_documents import check_exported

pytestmark = pytest.mark.django_db


def test_every_document_of_villes_story_exports() -> None:
    load_demo(clients=12, today=date(2026, 11, 18))
    ville = Client.objects.get(hetu_hash=search_hash(VILLE_HETU))
    documents = list(archive.documents_of_client(ville))
    assert {d.kind for d in documents} == set(archive.KINDS)  # each kind of his story
    for document in documents:
        data = check_exported(document)
        assert data["metadata"]["document_oid"] == document.oid
        assert data["metadata"]["client_id"] == str(ville.pk)
    assert len({d.oid for d in documents}) == len(documents)
