"""The client's log extract at size: the page a page of uses at a time in a total order, the whole extract
as a streamed JSON file, and the PDF document written by the background worker with its progress on the
page, offered only to those who may see the client."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from polku.audit.models import UseLogEntry
from polku.audit.services import use_log_write
from polku.registry import views
from polku.registry.log_extract_document import log_extract_pdf_write
from polku.registry.log_extracts import OBJECT_LABELS, log_extract_open
from polku.registry.models import ExportStatus, LogExtractExport, LogExtractRequest
from polku.registry.services import log_extract_request_register
from polku.registry.services import log_extracts as services
from tests.audit.tampering import backdate
from tests.conftest import World
from tests.registry.test_log_extract import pdf_text

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Object types put in distinct words, so that each row of the extract can be told apart.
KINDS = [kind for kind in OBJECT_LABELS if not kind.startswith("log_extract")][:25]


def reads(world: World, count: int) -> list[str]:
    """`count` reads of the client, each of its own kind of data, all at one moment (so that only the
    rows' ids order them); the words each shows, in English, in the order they were written."""
    for kind in KINDS[:count]:
        use_log_write(actor=world.worker, client_ids=[world.client.pk], view="x:y", object_type=kind)
    backdate(UseLogEntry, timezone.now().replace(microsecond=0), client_id=world.client.pk)
    with translation.override("en"):
        return [str(OBJECT_LABELS[kind]) for kind in KINDS[:count]]


def register(world: World) -> LogExtractRequest:
    return log_extract_request_register(actor=world.worker, client=world.client)


def shown(page: str) -> list[str]:
    return [
        html.unescape(what)
        for what in re.findall(r'<tr class="use-row">(?:\s*<td>[^<]*</td>){3}\s*<td>([^<]*)</td>', page)
    ]


def test_the_page_shows_each_use_once_a_page_at_a_time_in_a_stable_order(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    monkeypatch.setattr(views, "USES_PER_PAGE", 10)
    words = reads(world, 25)
    request = register(world)
    client.force_login(world.worker)
    url = reverse("casework:log_extract", kwargs={"log_request_id": request.pk})
    seen = []
    for number in (1, 2, 3):
        with django_assert_max_num_queries(20):
            page = client.get(url, {"page": number, "lang": "en"}).content.decode()
        rows = shown(page)
        assert len(rows) == (10 if number < 3 else 5)
        assert "Rows " in page and " of 25 " in page
        seen.extend(rows)
    assert seen == [w[0].upper() + w[1:] for w in words]
    # Each opening of the page is logged once, and left out of the extract itself.
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="casework:log_extract").count() == 3


def test_the_whole_extract_streams_as_a_json_file_with_each_use_once(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    monkeypatch.setattr("polku.registry.log_extracts.CHUNK", 4)  # many chunks of a few rows
    words = reads(world, 25)
    request = register(world)
    client.force_login(world.worker)
    response = client.get(
        reverse("casework:log_extract_json", kwargs={"log_request_id": request.pk}), {"lang": "en"}
    )
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    with django_assert_max_num_queries(12):  # the rows and their users a chunk at a time, not one by one
        body = json.loads(b"".join(response.streaming_content))
    assert [u["what"] for u in body["uses"]] == words
    assert {u["who"] for u in body["uses"]} == {world.worker.get_full_name()}
    assert body["language"] == "en" and body["request"]["id"] == str(request.pk)
    assert str(world.client.pk) not in json.dumps(body["uses"])
    assert (
        UseLogEntry.objects.filter(client_id=world.client.pk, view="casework:log_extract_json").count() == 1
    )


def test_the_pdf_is_written_in_the_background_with_its_progress_on_the_page(
    client: Any, world: World
) -> None:
    reads(world, 12)
    request = register(world)
    client.force_login(world.worker)
    page_url = reverse("casework:log_extract", kwargs={"log_request_id": request.pk})
    ordered = client.post(reverse("casework:log_extract_pdf", kwargs={"log_request_id": request.pk}))
    assert ordered.status_code == 302
    # Queued for `polku worker` (the database backend of the settings), with the rows it will hold.
    export = LogExtractExport.objects.get(request=request)
    assert (export.status, export.rows_total, export.rows_done) == (ExportStatus.QUEUED, 12, 0)
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(export.pk)]).count() == 1
    documents_url = reverse("casework:log_extract_documents", kwargs={"log_request_id": request.pk})
    page = client.get(page_url).content.decode()
    assert "<progress" in page and f'hx-get="{documents_url}"' in page
    download = reverse("casework:log_extract_document", kwargs={"export_id": export.pk})
    assert client.get(download).status_code == 404  # not written yet

    assert log_extract_pdf_write.call(str(export.pk)) == 12
    export.refresh_from_db()
    assert (export.status, export.rows_done, export.percent) == (ExportStatus.DONE, 12, 100)
    fragment = client.get(documents_url).content.decode()
    assert "hx-trigger" not in fragment and download in fragment  # the polling stops; the file is offered
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert text.count(world.worker.get_full_name()) == 12 + 1  # twelve reads, and the signature
    assert (
        UseLogEntry.objects.filter(client_id=world.client.pk, view="casework:log_extract_document").count()
        == 1
    )


def test_a_pdf_of_more_uses_than_a_readable_document_is_refused_with_their_number(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(services, "PDF_MAX_USES", 5)
    reads(world, 8)
    request = register(world)
    client.force_login(world.worker)
    url = reverse("casework:log_extract_pdf", kwargs={"log_request_id": request.pk})
    refused = client.post(url, {"lang": "en"})
    assert refused.status_code == 400
    assert "Ajanjaksolla on 8 asiakkaan tietojen käyttökertaa" in refused.content.decode()
    outside = client.post(url, {"period_start": "2001-01-01", "lang": "en"})
    assert "Valitse päivä pyynnön ajanjaksolta." in outside.content.decode()
    assert not LogExtractExport.objects.exists()
    # A part of the period without those reads (the day before them) is written.
    day_before = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    assert client.post(url, {"period_end": day_before}).status_code == 302
    assert LogExtractExport.objects.get().status == ExportStatus.DONE


def test_only_those_who_see_the_client_get_the_document(client: Any, world: World, settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    reads(world, 2)
    request = register(world)
    client.force_login(world.worker)
    client.post(reverse("casework:log_extract_pdf", kwargs={"log_request_id": request.pk}))
    export = LogExtractExport.objects.get()
    client.force_login(world.other_worker)
    download = client.get(reverse("casework:log_extract_document", kwargs={"export_id": export.pk}))
    assert download.status_code == 404
    assert world.client.last_name not in download.content.decode()
    assert not UseLogEntry.objects.filter(
        client_id=world.client.pk, user_id=str(world.other_worker.pk)
    ).exists()


def test_a_document_that_fails_says_so(world: World, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = IMMEDIATE

    def broken(extract: Any) -> bytes:
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("polku.registry.log_extract_document.log_extract_pdf", broken)
    reads(world, 1)
    request = register(world)
    scope = log_extract_open(user=world.worker, request_id=request.pk, view="t")
    services.log_extract_document_order(actor=world.worker, scope=scope)
    export = LogExtractExport.objects.get()
    assert (export.status, export.error) == (ExportStatus.FAILED, "fonts missing")
    assert export.content is None
