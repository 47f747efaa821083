"""The client's documents as the Kanta archive takes them: each version as XHTML (the display form), JSON
(the structured form, valid against the schema kept in the repository) and PDF/A-2b, with the metadata the
standard names; a document that lacks a mandatory element is refused, naming it, and nothing is written."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema_rs
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from lxml import etree

from polku.archive import documents as archive
from polku.audit.models import UseLogEntry
from polku.casework.models import Contact, JournalKind
from polku.casework.services import journal_write
from polku.plans.services import GoalIn, PlanContent, plan_create, plan_review
from tests.conftest import World

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(archive.SCHEMA.read_text(encoding="utf-8"))
PLAN = PlanContent(
    client_view_of_need="Haluan saada laskut hallintaan.",
    professional_view_of_need="Talouden tuki.",
    meeting_frequency="Joka toinen viikko",
    goals=[GoalIn("Laskut maksetaan ajallaan", "client")],
)


def _pdf_a_identification(pdf: bytes) -> tuple[str, str]:
    xmp = pypdf.PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None
    root = etree.fromstring(xmp.rdf_root.toxml().encode())
    ns = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
    part = root.xpath("string(//@pdfaid:part | //pdfaid:part)", namespaces=ns)
    conformance = root.xpath("string(//@pdfaid:conformance | //pdfaid:conformance)", namespaces=ns)
    return part, conformance


def check_exported(document: archive.Document) -> dict[str, Any]:
    exported = archive.export(document)
    data = json.loads(exported.files["json"])
    assert jsonschema_rs.validator_for(SCHEMA).is_valid(data)
    page = etree.fromstring(exported.files["xhtml"])
    assert page.tag == "{http://www.w3.org/1999/xhtml}html"
    assert page.get("lang") == document.language
    assert _pdf_a_identification(exported.files["pdf"]) == ("2", "B")
    return data


def test_a_plans_versions_are_documents_of_their_own_with_the_metadata(world: World) -> None:
    first = plan_create(actor=world.worker, client=world.client, content=PLAN)
    plan_review(actor=world.worker, plan=first.plan, based_on=1, content=PLAN)
    plans = [d for d in archive.documents_of_client(world.client) if d.kind == "client_plan"]
    assert [d.version for d in plans] == [1, 2]
    assert plans[0].oid != plans[1].oid
    data = check_exported(plans[1])
    meta = data["metadata"]
    assert meta["document_oid"] == plans[1].oid and meta["document_oid"].startswith("2.25.")
    assert meta["type"] == {"code": "client_plan", "name": {"fi": "Asiakassuunnitelma", "sv": "Klientplan"}}
    assert meta["service_task"]["system"] == "urn:oid:1.2.246.537.6.1221"
    assert meta["author"]["name"] == world.worker.get_full_name()
    assert meta["register"]["keeper"] == str(world.team.organisation)
    assert meta["confidentiality"]["class"] == "salassa pidettävä"
    assert meta["retention"]["years"] == 10
    assert meta["client_id"] == str(world.client.pk)
    assert data["content"]["goals"] == ["Laskut maksetaan ajallaan"]


def test_a_document_lacking_a_mandatory_element_is_refused_naming_it_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    entry = journal_write(
        actor=world.worker, client=world.client, kind=JournalKind.NOTE, summary="Tapaaminen"
    )
    contact = Contact.objects.create(
        client=world.client,
        sender_organisation="Kela",
        consent=True,
        description="",
        contacted_at=timezone.now(),
        channel="api",
        created_by=world.worker,
        updated_by=world.worker,
    )
    document = archive.SOURCES["contact"].build(contact)
    with pytest.raises(Exception, match="description"):
        archive.export(document)
    errors = io.StringIO()
    call_command("archive_export", day=timezone.localdate().isoformat(), to=str(tmp_path), stderr=errors)
    assert document.oid in errors.getvalue() and "description" in errors.getvalue()
    assert not list(tmp_path.glob(f"{document.oid}.*"))
    narrative = archive.SOURCES["narrative"].build(entry)
    assert sorted(p.name for p in tmp_path.glob(f"{narrative.oid}.*")) == [
        f"{narrative.oid}.json",
        f"{narrative.oid}.pdf",
        f"{narrative.oid}.xhtml",
    ]


def test_the_export_takes_only_the_days_documents_and_refuses_a_bad_day(world: World, tmp_path: Path) -> None:
    journal_write(actor=world.worker, client=world.client, kind=JournalKind.NOTE, summary="Tänään")
    yesterday = timezone.localdate() - timedelta(days=1)
    out = io.StringIO()
    call_command("archive_export", day=yesterday.isoformat(), to=str(tmp_path), stdout=out)
    assert "0 documents written" in out.getvalue()
    assert not list(tmp_path.iterdir())
    for bad in ("0001-01-01", "9999-12-31", "yesterday", "2026-02-30"):
        with pytest.raises(CommandError):
            call_command("archive_export", day=bad, to=str(tmp_path))


def test_the_documents_page_lists_and_downloads_for_the_team_only_and_logs_each_read(
    client: Any, world: World
) -> None:
    entry = journal_write(
        actor=world.worker, client=world.client, kind=JournalKind.NOTE, summary="Muistiinpano"
    )
    oid = archive.SOURCES["narrative"].build(entry).oid
    client.force_login(world.other_worker)
    assert client.get(f"/archive/clients/{world.client.pk}/documents/").status_code == 404
    assert client.get(f"/archive/clients/{world.client.pk}/documents/{oid}.pdf").status_code == 404
    client.force_login(world.worker)
    page = client.get(f"/archive/clients/{world.client.pk}/documents/")
    assert page.status_code == 200 and oid in page.content.decode()
    answer = client.get(f"/archive/clients/{world.client.pk}/documents/{oid}.json")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    assert json.loads(answer.content)["content"]["text"] == "Muistiinpano"
    assert client.get(f"/archive/clients/{world.client.pk}/documents/{oid}.exe").status_code == 404
    assert client.get(f"/archive/clients/{world.client.pk}/documents/2.25.1.pdf").status_code == 404
    # The JSON and the unknown document were read; the unknown form was refused before the client.
    assert UseLogEntry.objects.filter(client_id=world.client.pk, view="archive:document").count() == 2
