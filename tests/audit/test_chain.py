"""The use and disclosure logs are hash chained: `polku audit verify` finds a row changed by hand."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import uuid
from datetime import UTC, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.audit import chain
from polku.audit.chain import prune, seal, seal_report, verify
from polku.audit.models import (
    ChainHead,
    DisclosureLogEntry,
    LegalBasis,
    UseLogEntry,
    content_mac,
    content_macs,
)
from polku.audit.services import disclosure_log_write, use_log_write
from tests.audit.tampering import backdate, tampering
from tests.conftest import World
from tests.races import run_at_once


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
def reads(client: Any, world: World) -> list[UseLogEntry]:
    """Five pages read by a worker, then sealed into the chain by the background worker's round."""
    client.force_login(world.worker)
    for _ in range(5):
        client.get(reverse("clients:detail", kwargs={"client_id": world.client.pk}))
    assert chain.seal_all() == {"use": 5, "disclosure": 0, "security": 0}
    rows = list(UseLogEntry.objects.order_by("seq"))
    assert len(rows) == 5
    return rows


def test_a_page_view_writes_its_log_row_and_never_waits_for_the_chain(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """No request takes the chain head's lock: sealing is the background worker's, so page views do not
    queue behind one global lock. The row is protected meanwhile by its own MAC."""
    client.force_login(world.worker)
    path = reverse("clients:detail", kwargs={"client_id": world.client.pk})
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        assert client.get(path).status_code == 200
    sql = [query["sql"] for query in queries]
    assert [q for q in sql if "audit_chainhead" in q or (q.startswith("UPDATE") and "audit_" in q)] == []
    row = UseLogEntry.objects.get()
    assert row.seq is None
    assert row.row_mac == content_mac(UseLogEntry, {n: getattr(row, n) for n in UseLogEntry.HASHED_FIELDS})
    out, err = run_verify()
    assert "use log: 1 new rows are being sealed" in out
    assert err == ""


def test_pages_read_are_sealed_in_order_and_an_intact_log_verifies(reads: list[UseLogEntry]) -> None:
    assert [row.seq for row in reads] == [1, 2, 3, 4, 5]
    assert all(row.prev_hash == before.row_hash for before, row in itertools.pairwise(reads))
    out, err = run_verify()
    assert "use log: intact, 5 rows checked" in out
    assert err == ""


def test_a_row_changed_by_hand_in_the_database_is_reported(reads: list[UseLogEntry]) -> None:
    with tampering(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_uselogentry SET username = %s WHERE id = %s", ["somebody-else", reads[2].pk]
        )
    err = verify_fails()
    assert f"row {reads[2].pk} (place 3 in the chain): the row was altered" in err


def test_a_changed_time_is_reported_as_well(reads: list[UseLogEntry]) -> None:
    with tampering():
        UseLogEntry.objects.filter(pk=reads[1].pk).update(at=reads[1].at - timedelta(days=400))
    assert f"row {reads[1].pk} (place 2 in the chain): the row was altered" in verify_fails()


def test_a_removed_row_is_reported(reads: list[UseLogEntry]) -> None:
    with tampering():
        UseLogEntry.objects.filter(pk=reads[1].pk).delete()
    assert "rows at place 2 were removed" in verify_fails()


def test_removing_the_newest_rows_is_reported(reads: list[UseLogEntry]) -> None:
    with tampering():
        UseLogEntry.objects.filter(seq__gte=4).delete()
    assert "rows after place 3 were removed" in verify_fails()


def test_rows_put_in_another_order_are_reported(reads: list[UseLogEntry]) -> None:
    # Swap the places of rows 2 and 3, hashes and all, as someone hiding the order of reads would.
    a, b = reads[1], reads[2]
    with tampering():
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
    backdate(UseLogEntry, timezone.now() - timedelta(hours=1))
    assert "1 rows older than 0:10:00 are not sealed" in verify_fails()
    call_command("audit", "seal", stdout=StringIO())
    out, _ = run_verify()
    assert "use log: intact, 1 rows checked" in out


def test_the_disclosure_log_is_chained_too(world: World) -> None:
    for recipient in ("Kela", "Palveluntuottaja Oy"):
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
    assert chain.seal_all()["disclosure"] == 2
    out, _ = run_verify()
    assert "disclosure log: intact, 2 rows checked" in out
    with tampering():
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
    backdate(UseLogEntry, timezone.now() - timedelta(days=365 * 12 + 10), pk=first.pk)
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


# --- Cutting the chain, rewriting and forging rows (issue #10, items 5-7) ---------------------------------


def verify_fails_with(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", *args, stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    return err.getvalue()


def written(world: World, count: int) -> list[UseLogEntry]:
    """`count` reads logged and sealed, as after `count` requests."""
    for _ in range(count):
        use_log_write(
            actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
        )
        seal(UseLogEntry)
    return list(UseLogEntry.objects.order_by("seq"))


@pytest.fixture
def witness(settings: Any, tmp_path: Path) -> Path:
    """The sealer writes a checkpoint after every row (the default: every 1000 rows or 10 minutes)."""
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.log")
    settings.AUDIT_CHECKPOINT_EVERY_ROWS = 1
    return tmp_path / "checkpoints.log"


def head_values() -> dict[str, Any]:
    return dict(ChainHead.objects.filter(chain="use").values().get())


def test_the_sealer_writes_signed_checkpoints_and_an_intact_chain_matches_them(
    world: World, witness: Path
) -> None:
    rows = written(world, 3)
    lines = [json.loads(line) for line in witness.read_text().splitlines()]
    assert [(line["chain"], line["seq"]) for line in lines] == [("use", 1), ("use", 2), ("use", 3)]
    assert lines[-1]["hash"] == rows[-1].row_hash
    assert set(lines[-1]) == {"chain", "seq", "hash", "at", "mac"}
    out = StringIO()
    call_command("audit", "verify", "--checkpoints", str(witness), stdout=out, stderr=StringIO())
    assert "every chain still matches them" in out.getvalue()


def test_the_checkpoint_command_appends_the_signed_heads(world: World, tmp_path: Path) -> None:
    rows = written(world, 2)
    target = tmp_path / "witness.log"
    for _ in range(2):
        call_command("audit", "checkpoint", "--file", str(target), stdout=StringIO())
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["chain"] for line in lines] == ["use", "disclosure", "security"] * 2
    assert lines[0]["seq"] == 2 and lines[0]["hash"] == rows[-1].row_hash
    # A line written without the key is no witness.
    forged = dict(lines[0], seq=1, mac="0" * 64)
    target.write_text(target.read_text() + json.dumps(forged) + "\n")
    assert "line 7 of" in verify_fails_with("--checkpoints", str(target))


def test_truncating_the_end_and_rolling_back_to_an_earlier_signed_head_is_caught_by_the_checkpoints(
    world: World, witness: Path
) -> None:
    written(world, 3)
    earlier_head = head_values()  # a genuine, signed head, copied by someone planning ahead
    written(world, 2)
    with tampering():
        UseLogEntry.objects.filter(seq__gt=3).delete()
    ChainHead.objects.filter(chain="use").update(**earlier_head)
    run_verify()  # the database alone cannot tell: it is as it was after the third row
    err = verify_fails_with("--checkpoints", str(witness))
    assert "use log, the chain: the chain ends at place 3, before the checkpoint at line 4 (place 4" in err


def test_truncating_the_end_and_moving_the_head_back_without_the_key_is_caught(world: World) -> None:
    rows = written(world, 5)
    with tampering():
        UseLogEntry.objects.filter(seq__gt=3).delete()
    ChainHead.objects.filter(chain="use").update(seq=3, last_hash=rows[2].row_hash)
    assert "use log, the chain (place 3 in the chain): the chain's head is not signed with the key" in (
        verify_fails()
    )


def test_the_sealer_does_not_sign_a_head_moved_back_by_hand(world: World) -> None:
    rows = written(world, 3)
    with tampering():
        UseLogEntry.objects.filter(seq=3).delete()
    ChainHead.objects.filter(chain="use").update(seq=2, last_hash=rows[1].row_hash)
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "seal", stdout=StringIO(), stderr=err)
    assert "use log: the chain's head is not signed with the key" in err.getvalue()
    assert ChainHead.objects.get(chain="use").seq == 2  # not re-signed: verify still sees the cut
    assert "the chain's head is not signed with the key" in verify_fails()


def test_moving_the_anchor_forward_over_young_rows_is_caught(world: World) -> None:
    rows = written(world, 4)
    with tampering():
        UseLogEntry.objects.filter(seq__lte=2).delete()
    ChainHead.objects.filter(chain="use").update(pruned_through_seq=2, anchor_hash=rows[1].row_hash)
    assert "the chain's head is not signed with the key" in verify_fails()
    # Even a head signed with the key (say, by a run of prune given the wrong date) is refused: the
    # anchor row is days old, not 12 years.
    head = ChainHead.objects.get(chain="use")
    head.anchor_at = rows[1].at
    head.sign()
    head.save()
    assert "the start of the chain was moved past rows younger than 12 years" in verify_fails()


def test_pruning_refuses_to_cut_rows_younger_than_the_retention_period(world: World) -> None:
    written(world, 2)
    with pytest.raises(ValueError, match="kept 12 years"):
        prune(UseLogEntry, before=timezone.now(), dry_run=False)
    assert UseLogEntry.objects.count() == 2


def test_a_checkpoint_of_rows_pruned_at_the_end_of_retention_still_holds(world: World, witness: Path) -> None:
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
    )
    backdate(UseLogEntry, timezone.now() - timedelta(days=365 * 12 + 10))
    written(world, 2)  # seals the old row at place 1 (a checkpoint of it), then two new ones
    call_command("audit", "prune", "--apply", stdout=StringIO())
    assert list(UseLogEntry.objects.values_list("seq", flat=True).order_by("seq")) == [2, 3]
    out = StringIO()
    call_command("audit", "verify", "--checkpoints", str(witness), stdout=out, stderr=StringIO())
    assert "use log: intact, 2 rows checked" in out.getvalue()
    assert "every chain still matches them" in out.getvalue()


def test_deleting_everything_and_resetting_the_head_is_caught(world: World, witness: Path) -> None:
    written(world, 3)
    with tampering():
        UseLogEntry.objects.all().delete()
    ChainHead.objects.filter(chain="use").update(seq=0, last_hash="", head_mac="")
    assert "the chain's head is not signed with the key" in verify_fails()
    # The head removed as well: the database looks new, and only the witness outside it knows better.
    ChainHead.objects.filter(chain="use").delete()
    run_verify()
    assert (
        "use log, the chain: the chain ends at place 0, before the checkpoint at line 1"
        in verify_fails_with("--checkpoints", str(witness))
    )


def test_an_unsealed_row_rewritten_before_its_seal_is_refused_and_named(world: World) -> None:
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
    )
    row = UseLogEntry.objects.get()
    with tampering():
        UseLogEntry.objects.filter(pk=row.pk).update(username="somebody-else")
    assert f"row {row.pk}: the row, not yet sealed, was altered or forged" in verify_fails()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "seal", stdout=StringIO(), stderr=err)
    assert (
        f"use log, row {row.pk}: does not match its own MAC (altered or forged); not sealed" in err.getvalue()
    )
    assert UseLogEntry.objects.get(pk=row.pk).seq is None


def test_a_forged_row_is_not_sealed(world: World) -> None:
    written(world, 1)
    ghost = UseLogEntry(
        at=timezone.now(),
        user_id="1",
        username="ghost",
        user_full_name="Ghost",
        client_id=world.client.pk,
        action="read",
        view="clients:detail",
        object_type="client",
        object_id="x",
        purpose="client_work",
        row_mac="f" * 64,  # INSERT is allowed; the forger has no key for the row's own MAC
    )
    QuerySet(UseLogEntry).bulk_create([ghost])  # past the model's manager, as plain SQL would
    forged = UseLogEntry.objects.get(username="ghost")
    assert seal_report(UseLogEntry).refused == [forged.pk]
    assert f"row {forged.pk}: the row, not yet sealed, was altered or forged" in verify_fails()


def test_a_row_removed_before_its_seal_leaves_a_gap_or_is_refused(world: World) -> None:
    for _ in range(3):
        use_log_write(
            actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
        )
    middle = UseLogEntry.objects.order_by("id")[1]
    if connection.vendor == "postgresql":
        # The trigger refuses the DELETE to the application's role (and to anyone not pruning).
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            UseLogEntry.objects.filter(pk=middle.pk).delete()
        assert seal_report(UseLogEntry).sealed == 3
    else:
        UseLogEntry.objects.filter(pk=middle.pk).delete()
        report = seal_report(UseLogEntry)
        assert report.gaps == [(middle.pk, middle.pk)]
        assert f"rows with id {middle.pk} were removed from the insert sequence" in verify_fails()


def test_the_log_tables_refuse_update_and_delete_on_postgresql(world: World) -> None:
    rows = written(world, 2)
    if connection.vendor == "postgresql":
        for statement in (
            "UPDATE audit_uselogentry SET username = 'x' WHERE id = %s",
            "UPDATE audit_uselogentry SET seq = 99 WHERE id = %s",
            "DELETE FROM audit_uselogentry WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [rows[0].pk])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'polku_append_only' AND NOT tgisinternal"
            )
            assert cursor.fetchone()[0] == 3  # use, disclosure and security logs
    else:
        # SQLite has no roles to keep triggers from their owner: the migration installs nothing there.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchone()[0] == 0
    assert verify(UseLogEntry).finding is None


def test_one_seal_is_bounded_and_a_backlog_is_sealed_over_calls_in_one_update_per_batch(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request that meets a backlog (rows a timed-out process left) seals a bounded share and returns;
    `polku audit seal` takes the rest; nothing is skipped or sealed twice."""
    monkeypatch.setattr(chain, "SEAL_BATCH", 2)
    monkeypatch.setattr(chain, "SEAL_MAX_ROWS_PER_CALL", 4)
    use_log_write(
        actor=world.worker,
        client_ids=[world.client.pk] * 7,
        view="casework:caseload",
        object_type="client",
    )
    with CaptureQueriesContext(connection) as queries:
        assert seal(UseLogEntry) == 4
    log_updates = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{UseLogEntry._meta.db_table}"')]
    assert len(log_updates) == 2  # two batches of two rows: one statement each, not one per row
    assert UseLogEntry.objects.filter(seq__isnull=True).count() == 3
    out = StringIO()
    call_command("audit", "seal", stdout=out)
    assert "use log: sealed 3 rows" in out.getvalue()
    assert UseLogEntry.objects.filter(seq__isnull=True).count() == 0
    assert sorted(UseLogEntry.objects.values_list("seq", flat=True)) == list(range(1, 8))
    assert "use log: intact, 7 rows checked" in run_verify()[0]


def test_a_long_list_logs_every_client_in_one_statement_per_batch_and_every_row_verifies(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list page writes one row per client shown without a model instance per row: the rows carry the
    same content and MAC the ORM would have given them, the sealer accepts them, and verify holds. On SQLite
    a long list goes in batches (its limit on parameters); on PostgreSQL always one statement."""
    from polku.audit import models as audit_models

    monkeypatch.setattr(audit_models, "SQLITE_ROWS_PER_INSERT", 3)
    others = [uuid.uuid4() for _ in range(6)]
    ids = [world.client.pk, *others, str(others[0]).upper()]  # a client named as text is the same client
    with CaptureQueriesContext(connection) as queries:
        use_log_write(actor=world.worker, client_ids=ids, view="casework:caseload", object_type="caseload")
    inserts = [q for q in queries if q["sql"].startswith(f'INSERT INTO "{UseLogEntry._meta.db_table}"')]
    assert len(inserts) == (1 if connection.vendor == "postgresql" else 3)
    rows = list(UseLogEntry.objects.order_by("id"))
    assert [row.client_id for row in rows] == [world.client.pk, *others, others[0]]
    assert [row.object_id for row in rows] == [str(row.client_id) for row in rows]
    assert {(row.user_id, row.username, row.view, row.object_type, row.action) for row in rows} == {
        (str(world.worker.pk), world.worker.username, "casework:caseload", "caseload", "read")
    }
    assert len({row.at for row in rows}) == 1  # one page shown, one time
    for row in rows:
        assert row.row_mac == content_mac(
            UseLogEntry, {n: getattr(row, n) for n in UseLogEntry.HASHED_FIELDS}
        )
    assert chain.seal_all()["use"] == 8
    assert "use log: intact, 8 rows checked" in run_verify()[0]


def test_a_backlog_with_a_forged_row_is_sealed_around_it_and_the_row_is_named_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chain, "SEAL_BATCH", 2)
    monkeypatch.setattr(chain, "SEAL_MAX_ROWS_PER_CALL", 4)
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk] * 9, view="casework:caseload", object_type="client"
    )
    first = UseLogEntry.objects.order_by("id").first()
    assert first is not None
    with tampering():
        UseLogEntry.objects.filter(pk=first.pk).update(username="somebody-else")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "seal", stdout=StringIO(), stderr=err)
    assert err.getvalue().count(f"row {first.pk}: does not match its own MAC") == 1
    assert list(UseLogEntry.objects.filter(seq__isnull=True).values_list("pk", flat=True)) == [first.pk]
    assert sorted(UseLogEntry.objects.exclude(seq=None).values_list("seq", flat=True)) == list(range(1, 9))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sealing_at_once_seal_each_row_once_in_one_chain(world: World) -> None:
    """Two `polku worker` processes: on PostgreSQL one seals while the other skips the locked head (it
    does not queue behind it); on SQLite they take turns. Either way each row gets one place."""
    use_log_write(
        actor=world.worker,
        client_ids=[world.client.pk] * 30,
        view="clients:detail",
        object_type="client",
    )
    results = run_at_once(2, lambda _: chain.seal_all())
    assert sum(result["use"] for result in results) == 30
    assert sorted(UseLogEntry.objects.values_list("seq", flat=True)) == list(range(1, 31))
    assert verify(UseLogEntry).finding is None


@pytest.mark.parametrize(
    "names",
    [("Matti", "Virtanen"), ("Åsa-Märta", 'Ölund "nimimerkki" \\ x'), ("", "名前")],
)
def test_a_rows_mac_is_the_keyed_hash_of_its_sorted_canonical_json(names: tuple[str, str]) -> None:
    """The MAC the sealer and `polku audit verify` check: HMAC-SHA256 under the audit key of the row's
    hashed fields and its chain, as compact JSON with sorted keys (written out here by the standard
    library, not by Polku's own writer), for rows written one by one or many at once."""
    at = timezone.now()
    client_ids = [uuid.uuid4(), uuid.uuid4()]
    rows = [
        {
            "at": at,
            "user_id": "7",
            "username": "tester",
            "user_full_name": " ".join(names),
            "client_id": client_id,
            "action": "read",
            "view": "clients:detail",
            "object_type": "client",
            "object_id": None if index else str(client_id),
            "purpose": "client_work",
        }
        for index, client_id in enumerate(client_ids)
    ]

    def expected(row: dict[str, Any]) -> str:
        payload = {name: None if row[name] is None else str(row[name]) for name in UseLogEntry.HASHED_FIELDS}
        payload["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
        payload["chain"] = "use"
        message = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()

    assert content_macs(UseLogEntry, rows) == [expected(row) for row in rows]
    assert [content_mac(UseLogEntry, row) for row in rows] == [expected(row) for row in rows]
