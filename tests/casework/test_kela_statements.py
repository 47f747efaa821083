"""The social welfare statement to Kela: written by a worker who may see the client, read once by Kela's
token (200, then 410; of two reads at once exactly one 200), each read a disclosure-log row; another
organisation's token gets 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client as Browser
from django.utils import timezone, translation

from polku.accounts.models import Organisation, OrganisationKind, Qualification, Role
from polku.accounts.services import token_create
from polku.audit.models import DisclosureLogEntry, LegalBasis
from polku.casework.models import Contact, JournalEntry, JournalKind, KelaStatement
from polku.casework.statements import statement_make
from polku.clients.models import BanScope, ClientRelationship, DisclosureBan
from polku.registry.retention import client_records
from tests.casework.test_contact_intake import message
from tests.conftest import World
from tests.factories import UserFactory
from tests.races import run_at_once


def _integration(name: str) -> tuple[Any, dict[str, str]]:
    organisation = Organisation.objects.create(name=name, kind=OrganisationKind.AUTHORITY)
    user: Any = UserFactory(
        role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER, organisation=organisation
    )
    return user, {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def _kela_contact(world: World, headers: dict[str, str]) -> Contact:
    world.team.receives_unrouted = True
    world.team.save()
    body = message(
        person={"hetu": world.client.hetu, "first_name": "V", "last_name": "E"},
        notice_type="basic_amount_reduction",
    )
    answer = Browser().post(
        "/api/v1/contacts", json.dumps(body, default=str), content_type="application/json", **headers
    )
    assert answer.status_code == 201, answer.content
    return Contact.objects.select_related("created_by", "client").get(pk=answer.json()["id"])


@pytest.fixture
def setting(world: World) -> dict[str, Any]:
    kela, kela_headers = _integration("Kela")
    _other, other_headers = _integration("Toinen viranomainen")
    contact = _kela_contact(world, kela_headers)
    return {"kela": kela, "kela_headers": kela_headers, "other_headers": other_headers, "contact": contact}


def _page(initiation_pk: Any) -> str:
    return f"/casework/initiations/{initiation_pk}/kela-statement/"


@pytest.mark.django_db
def test_kela_reads_a_statement_once_and_the_read_is_a_disclosure(
    client: Any, world: World, setting: dict[str, Any]
) -> None:
    contact = setting["contact"]
    statement = statement_make(actor=world.worker, contact=contact, text="Asiakas on sosiaalityön asiakas.")
    listed = client.get("/api/v1/statements", **setting["kela_headers"])
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [str(statement.pk)]
    assert listed.json()[0]["contact_id"] == str(contact.pk)
    assert "text" not in listed.json()[0]
    assert not DisclosureLogEntry.objects.exists()  # the list carries no client data

    first = client.get(f"/api/v1/statements/{statement.pk}", **setting["kela_headers"])
    assert first.status_code == 200, first.content
    assert first.json()["text"] == "Asiakas on sosiaalityön asiakas."
    assert first.json()["client_id"] == str(world.client.pk)
    again = client.get(f"/api/v1/statements/{statement.pk}", **setting["kela_headers"])
    assert again.status_code == 410
    assert client.get("/api/v1/statements", **setting["kela_headers"]).json() == []

    statement.refresh_from_db()
    assert statement.read_at is not None and statement.read_by == setting["kela"]
    row = DisclosureLogEntry.objects.get()
    assert row.client_id == world.client.pk
    assert row.object_type == "kela_statement" and row.object_id == str(statement.pk)
    assert row.recipient == "Kela"
    assert row.recipient_organisation_id == str(setting["kela"].organisation_id)
    assert row.legal_basis == LegalBasis.LAW
    assert "1412/1997" in row.basis_detail
    assert row.user_id == str(world.worker.pk)  # the author disclosed it


@pytest.mark.django_db
def test_a_ban_does_not_stop_a_statement_the_law_orders(world: World, setting: dict[str, Any]) -> None:
    DisclosureBan.objects.create(
        client=world.client,
        scope=BanScope.ORGANISATION,
        organisation=setting["kela"].organisation,
        given_on=timezone.localdate(),
    )
    statement = statement_make(actor=world.worker, contact=setting["contact"], text="Lausunto.")
    answer = Browser().get(f"/api/v1/statements/{statement.pk}", **setting["kela_headers"])
    assert answer.status_code == 200
    assert DisclosureLogEntry.objects.get().legal_basis == LegalBasis.LAW


@pytest.mark.django_db
def test_another_organisation_and_other_roles_cannot_read_it(
    client: Any, world: World, setting: dict[str, Any]
) -> None:
    statement = statement_make(actor=world.worker, contact=setting["contact"], text="Lausunto.")
    assert client.get(f"/api/v1/statements/{statement.pk}", **setting["other_headers"]).status_code == 404
    assert client.get("/api/v1/statements", **setting["other_headers"]).json() == []
    client.force_login(world.worker)
    assert client.get(f"/api/v1/statements/{statement.pk}").status_code == 403
    assert client.get("/api/v1/statements").status_code == 403
    statement.refresh_from_db()
    assert statement.read_at is None
    assert not DisclosureLogEntry.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reads_at_once_give_exactly_one_statement(world: World, setting: dict[str, Any]) -> None:
    statement = statement_make(actor=world.worker, contact=setting["contact"], text="Lausunto.")
    url = f"/api/v1/statements/{statement.pk}"
    answers = run_at_once(4, lambda _i: Browser().get(url, **setting["kela_headers"]).status_code)
    assert sorted(answers) == [200, 410, 410, 410]
    assert DisclosureLogEntry.objects.count() == 1


@pytest.mark.django_db
def test_the_worker_writes_it_on_the_page_and_sees_when_kela_read_it(
    client: Any, world: World, setting: dict[str, Any]
) -> None:
    initiation = setting["contact"].initiation
    client.force_login(world.worker)
    page = client.get(_page(initiation.pk))
    assert page.status_code == 200
    made = client.post(_page(initiation.pk), {"text": "Suosittelemme harkintaa."})
    assert made.status_code == 302
    statement = KelaStatement.objects.get()
    assert (statement.author, statement.recipient) == (world.worker, setting["kela"].organisation)
    entry = JournalEntry.objects.get(client=world.client, kind=JournalKind.KELA_STATEMENT)
    with translation.override("sv"):
        assert entry.text == "Utlåtande till Kela: Suosittelemme harkintaa."
    assert "Kela ei ole vielä lukenut sitä" in client.get(_page(initiation.pk)).content.decode()
    Browser().get(f"/api/v1/statements/{statement.pk}", **setting["kela_headers"])
    assert "Kela luki sen" in client.get(_page(initiation.pk)).content.decode()
    # A second one is a correction of the latest, final too.
    client.post(_page(initiation.pk), {"text": "Korjattu lausunto."})
    correction = KelaStatement.objects.exclude(pk=statement.pk).get()
    assert correction.replaces == statement


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001, "NUL\x00"])
def test_a_refused_statement_stores_nothing(
    client: Any, world: World, setting: dict[str, Any], text: str
) -> None:
    client.force_login(world.worker)
    answer = client.post(_page(setting["contact"].initiation.pk), {"text": text})
    assert answer.status_code == 200
    assert not KelaStatement.objects.exists()


@pytest.mark.django_db
def test_a_worker_who_may_not_see_the_client_gets_404(
    client: Any, world: World, setting: dict[str, Any]
) -> None:
    client.force_login(world.other_worker)
    assert client.post(_page(setting["contact"].initiation.pk), {"text": "Lausunto."}).status_code == 404
    with pytest.raises(Http404):
        statement_make(actor=world.other_worker, contact=setting["contact"], text="Lausunto.")
    # Nor once the client's relationship has ended.
    ClientRelationship.objects.filter(client=world.client).update(ended_at=timezone.now())
    client.force_login(world.manager)
    with pytest.raises(Http404):
        statement_make(actor=world.manager, contact=setting["contact"], text="Lausunto.")
    assert not KelaStatement.objects.exists()


@pytest.mark.django_db
def test_a_statement_is_final_and_only_the_latest_is_corrected(world: World, setting: dict[str, Any]) -> None:
    first = statement_make(actor=world.worker, contact=setting["contact"], text="Ensimmäinen.")
    with pytest.raises(ValidationError) as refused:
        statement_make(actor=world.worker, contact=setting["contact"], text="Toinen.")
    assert "replaces" in refused.value.message_dict
    second = statement_make(actor=world.worker, contact=setting["contact"], text="Korjaus.", replaces=first)
    with pytest.raises(ValidationError):
        statement_make(actor=world.worker, contact=setting["contact"], text="Kolmas.", replaces=first)
    assert KelaStatement.objects.count() == 2
    assert second.replaces == first


@pytest.mark.django_db
def test_a_statement_and_its_correction_go_with_the_clients_records(
    world: World, setting: dict[str, Any]
) -> None:
    first = statement_make(actor=world.worker, contact=setting["contact"], text="Ensimmäinen.")
    statement_make(actor=world.worker, contact=setting["contact"], text="Korjaus.", replaces=first)
    records = client_records(world.client.pk)
    assert len(records.rows[KelaStatement]) == 2
    # As retention removes them (polku/registry/services/retention.py): the model's rows in one delete.
    KelaStatement.objects.filter(pk__in=records.rows[KelaStatement]).delete()
    assert not KelaStatement.objects.exists()
