"""The use and disclosure logs are hash chained: `polku audit verify` finds a row changed by hand."""

from __future__ import annotations

import itertools
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from polku.audit.chain import seal, verify
from polku.audit.models import DisclosureLogEntry, LegalBasis, UseLogEntry
from polku.audit.services import disclosure_log_write, use_log_write
from tests.conftest import World


def run_verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def verify_fails() -> str:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    return err.getvalue()


@pytest.fixture
def reads(client: Any, world: World, django_capture_on_commit_callbacks: Any) -> list[UseLogEntry]:
    """Five pages read by a worker, each sealed into the chain when its request commits."""
    client.force_login(world.worker)
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    rows = list(UseLogEntry.objects.order_by("seq"))
    assert len(rows) == 5
    return rows


def test_pages_read_are_sealed_in_order_and_an_intact_log_verifies(reads: list[UseLogEntry]) -> None:
    assert [row.seq for row in reads] == [1, 2, 3, 4, 5]
    assert all(row.prev_hash == before.row_hash for before, row in itertools.pairwise(reads))
    out, err = run_verify()
    assert "use log: intact, 5 rows checked" in out
    assert err == ""


def test_a_row_changed_by_hand_in_the_database_is_reported(reads: list[UseLogEntry]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_uselogentry SET username = %s WHERE id = %s", ["somebody-else", reads[2].pk]
        )
    err = verify_fails()
    assert f"row {reads[2].pk} (place 3 in the chain): the row was altered" in err


def test_a_changed_time_is_reported_as_well(reads: list[UseLogEntry]) -> None:
    UseLogEntry.objects.filter(pk=reads[1].pk).update(at=reads[1].at - timedelta(days=400))
    assert f"row {reads[1].pk} (place 2 in the chain): the row was altered" in verify_fails()


def test_a_removed_row_is_reported(reads: list[UseLogEntry]) -> None:
    UseLogEntry.objects.filter(pk=reads[1].pk).delete()
    assert "rows at place 2 were removed" in verify_fails()


def test_removing_the_newest_rows_is_reported(reads: list[UseLogEntry]) -> None:
    UseLogEntry.objects.filter(seq__gte=4).delete()
    assert "rows after place 3 were removed" in verify_fails()


def test_rows_put_in_another_order_are_reported(reads: list[UseLogEntry]) -> None:
    # Swap the places of rows 2 and 3, hashes and all, as someone hiding the order of reads would.
    a, b = reads[1], reads[2]
    UseLogEntry.objects.filter(pk=a.pk).update(seq=None)
    UseLogEntry.objects.filter(pk=b.pk).update(seq=a.seq, prev_hash=a.prev_hash, row_hash=a.row_hash)
    UseLogEntry.objects.filter(pk=a.pk).update(seq=b.seq, prev_hash=b.prev_hash, row_hash=b.row_hash)
    assert f"row {b.pk} (place 2 in the chain): the row was altered" in verify_fails()


def test_a_row_rehashed_without_the_key_does_not_verify(reads: list[UseLogEntry], settings: Any) -> None:
    settings.AUDIT_CHAIN_KEY = "a key somebody guessed"
    assert "place 1 in the chain): the row was altered" in verify_fails()


def test_rows_left_unsealed_fail_verification_until_sealed(world: World) -> None:
    # Written inside the test's transaction: the after-commit sealing never ran.
    UseLogEntry.objects.create(
        user_id="1",
        username="u",
        user_full_name="U",
        client_id=world.client.pk,
        action="read",
        view="clients:detail",
        object_type="client",
        object_id=str(world.client.pk),
        purpose="client_work",
    )
    UseLogEntry.objects.update(at=timezone.now() - timedelta(hours=1))
    assert "1 rows older than 0:10:00 are not sealed" in verify_fails()
    call_command("audit", "seal", stdout=StringIO())
    out, _ = run_verify()
    assert "use log: intact, 1 rows checked" in out


def test_the_disclosure_log_is_chained_too(world: World, django_capture_on_commit_callbacks: Any) -> None:
    for recipient in ("Kela", "Palveluntuottaja Oy"):
        with django_capture_on_commit_callbacks(execute=True):
            disclosure_log_write(
                actor=world.worker,
                client_id=world.client.pk,
                what="client plan",
                object_type="plan",
                object_id="p1",
                from_organisation="Lapin hyvinvointialue",
                recipient=recipient,
                purpose="service",
                legal_basis=LegalBasis.PURCHASED_SERVICE,
            )
    out, _ = run_verify()
    assert "disclosure log: intact, 2 rows checked" in out
    DisclosureLogEntry.objects.filter(recipient="Kela").update(recipient="Verohallinto")
    assert "disclosure log, row" in verify_fails()


def test_a_disclosure_on_consent_must_name_the_consent(world: World) -> None:
    with pytest.raises(ValueError, match="must name the consent"):
        disclosure_log_write(
            actor=world.worker,
            client_id=world.client.pk,
            what="client plan",
            object_type="plan",
            object_id="p1",
            from_organisation="county",
            recipient="partner",
            purpose="joint plan",
            legal_basis=LegalBasis.CONSENT,
        )
    assert not DisclosureLogEntry.objects.exists()


def test_pruning_removes_only_rows_past_twelve_years_and_the_rest_still_verifies(world: World) -> None:
    for _ in range(3):
        use_log_write(
            actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
        )
    first = UseLogEntry.objects.order_by("id").first()
    assert first is not None
    UseLogEntry.objects.filter(pk=first.pk).update(at=timezone.now() - timedelta(days=365 * 12 + 10))
    seal(UseLogEntry)

    out = StringIO()
    call_command("audit", "prune", stdout=out)
    assert "use log: would remove 1 rows" in out.getvalue()
    assert UseLogEntry.objects.count() == 3

    call_command("audit", "prune", "--apply", stdout=StringIO())
    assert not UseLogEntry.objects.filter(pk=first.pk).exists()
    assert UseLogEntry.objects.count() == 2
    report = verify(UseLogEntry)
    assert report.finding is None
    assert report.checked == 2
