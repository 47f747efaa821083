"""`polku seed`: N synthetic clients with their whole process, in chunks of CHUNK clients, one transaction
each, written with binary COPY on PostgreSQL (executemany elsewhere). A bulk load (BULK) is one transaction
for all the chunks, written without the tables' secondary indexes, which it builds at its end.

Making a chunk's rows is pure Python (`_chunk_make`: no database), so with more than one chunk it runs in
other processes, one per core, while this process writes the chunk before: the writing stays here, in
order, in this process's transaction. Those processes are forked, so they share the run (`_Run`) without
sending it, and they never use this process's database connection.

Deterministic for a seed and a day (`today`), in one process or several: the same seed gives the same
people, the same process and the same log rows. The people (henkilötunnus 900-999, names) depend on the
seed only, so running again finds them already there and adds nothing for them.

Use-log rows are written sealed: each carries its own MAC (computed with the chunk) and its place in the
chain (seq, the previous row's hash, its hash), computed here in order under the chain head's lock, and
the head is moved and signed at the end of each chunk, so `polku audit verify` holds afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import multiprocessing
import random
import struct
import time as clock
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from multiprocessing.pool import AsyncResult

import joblib
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Max

from polku.accounts.models import Organisation, OrganisationKind
from polku.audit.chain import seal_report
from polku.audit.models import ChainHead, UseLogEntry
from polku.casework.models import DeadlinePolicy, ReasonCode
from polku.clients.hetu import make_hetu
from polku.clients.models import Client
from polku.clients.synthetic import LABOUR_MARKET_WEIGHTS
from polku.core.crypto import encrypt_text, search_hash
from polku.demo.data import COUNTY, load_organisations
from polku.demo.seeding.pools import Pools, pools_make
from polku.demo.seeding.process import FOLLOWED, Context, client_process, profile_of
from polku.demo.seeding.staff import Staff, staff_load
from polku.demo.seeding.tables import Tables
from polku.demo.seeding.writer import (
    COPY_SIGNATURE,
    COPY_TRAILER,
    BinaryFields,
    Table,
    copy_write,
    indexes_build,
    secondary_indexes_drop,
    skip_foreign_key_triggers,
)
from polku.instruments.definitions import Instrument, instrument_get
from polku.provision.models import Goal

CHUNK = 10_000
# From this many clients, and more than there are already, a load on PostgreSQL writes the tables without
# their secondary indexes and builds them at the end: one sort per index instead of millions of inserts into
# it (at 10,000 clients the two cost about the same). Building costs as much per row there as per row added,
# so not for a load smaller than the tables; not for running again, which finds everyone there.
BULK = 50_000
PEOPLE_DAY = date(2026, 1, 1)  # the people's ages are fixed to this day, so that a seed always gives them
LANGUAGES = (("fi", 85), ("sv", 6), ("se", 1), ("en", 4), ("other", 4))


@dataclass
class SeedResult:
    created: int
    existing: int
    workers: int = 0
    teams: int = 0
    rows: int = 0
    seconds: float = 0.0


def _weighted(pairs: tuple[tuple[str, int], ...] | list[tuple[str, int]]) -> list[str]:
    return [value for value, weight in pairs for _ in range(weight)]


def _people(seed: int, pools: Pools) -> Callable[[], dict]:
    """A stream of distinct synthetic people for the seed."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not security)
    seen: set[int] = set()
    languages = _weighted(LANGUAGES)
    statuses = _weighted([(str(k), v) for k, v in LABOUR_MARKET_WEIGHTS.items()])

    def person() -> dict:
        while True:
            days = rng.randint(18 * 365, 92 * 365)
            number = rng.randint(900, 999)
            key = days * 1000 + number
            if key not in seen:
                break
        seen.add(key)
        born = PEOPLE_DAY - timedelta(days=days)
        hetu = make_hetu(born, number)
        r = rng.random
        female = r() < 0.5
        first = pools.first_name(rng, female)
        return {
            "hetu": hetu, "birth_date": born, "first_name": first, "last_name": pools.last_name(rng),
            "language": languages[int(r() * len(languages))], "female": female,
            "phone": pools.phones[int(r() * len(pools.phones))], "email_n": int(r() * 9999) + 1,
            "street": pools.streets[int(r() * len(pools.streets))],
            "postcode": pools.postcodes[int(r() * len(pools.postcodes))],
            "city": pools.cities[int(r() * len(pools.cities))], "protected": r() < 0.02,
            "status": statuses[int(r() * len(statuses))],
        }  # fmt: skip

    return person


def _seal_backlog() -> None:
    """Seal what earlier writes left, so that the seeded rows follow them in the chain."""
    while True:
        report = seal_report(UseLogEntry)
        if not report.bounded:
            return


class _Macs:
    """The use log's row MAC and row hash, computed as polku.audit.models.keyed_mac computes them (the same
    canonical JSON, built here from each field's JSON string; `polku audit verify` checks the result).

    A row's hash covers its place in the chain (seq and the previous row's hash), known only to the process
    that writes it, in order: the chunk gives the message around those two (`own_and_parts`), and the
    writer puts them in (`chained`)."""

    def __init__(self) -> None:
        self.base = hmac.new(settings.AUDIT_CHAIN_KEY.encode("utf-8"), digestmod=hashlib.sha256)
        self.fields = UseLogEntry.HASHED_FIELDS
        self.own_keys = sorted([*self.fields, "chain"])
        keys = sorted([*self.fields, "seq", "prev"])
        prev, seq = keys.index("prev"), keys.index("seq")
        assert prev < seq  # noqa: S101  (the order own_and_parts writes them in)
        self.before_prev, self.between, self.after_seq = keys[:prev], keys[prev + 1 : seq], keys[seq + 1 :]
        self.chain = f'"chain":{encode_basestring(UseLogEntry.CHAIN)}'

    def _digest(self, message: str) -> str:
        mac = self.base.copy()
        mac.update(message.encode("utf-8"))
        return mac.hexdigest()

    def own_and_parts(self, items: dict[str, str]) -> tuple[str, tuple[str, str, str]]:
        """The row's own MAC, of its JSON-encoded field values (not of its place in the chain), and the
        message of its hash before the previous row's hash, between it and seq, and after seq. `items`:
        each hashed field as the JSON writes it, `"name":value`."""
        items["chain"] = self.chain
        own = self._digest("{" + ",".join([items[key] for key in self.own_keys]) + "}")
        before = ",".join([*(items[key] for key in self.before_prev), '"prev":'])
        between = ",".join(["", *(items[key] for key in self.between), '"seq":'])
        after = ",".join(["", *(items[key] for key in self.after_seq)]) if self.after_seq else ""
        return own, ("{" + before, between, after + "}")

    def chained(self, parts: tuple[str, str, str], seq: int, prev: str) -> str:
        """The row's hash: its values with its place in the chain (`prev` is hex: JSON as it is, quoted)."""
        before, between, after = parts
        return self._digest(f'{before}"{prev}"{between}{seq}{after}')


# A use-log row as a chunk gives it: its columns before seq, prev_hash and row_hash (row_mac first), as
# values or, for a binary COPY, already in that form (`_LOG_FIELDS` fields without the row's field count);
# and the parts of its hash's message (`_Macs.own_and_parts`). Few objects a row: the chunk is pickled to the
# writing process, and a tuple of values and a dict of their JSON a row cost more to send than to make.
LogRow = tuple[tuple | bytes, tuple[str, str, str]]
# The use log's columns as the seed writes them: the row's own (row_mac first), then its place in the chain.
_LOG_COLUMNS = ("row_mac", "at", *UseLogEntry.HASHED_FIELDS[1:], "seq", "prev_hash", "row_hash")
_LOG_FIELDS = len(_LOG_COLUMNS)
_HASH_LENGTH = (64).to_bytes(4, "big")  # a row hash's field length: 64 hex digits
LOG = "use_log"  # the use log's column types in _Run.types


def _log_table() -> Table:
    table = Table(UseLogEntry, _LOG_COLUMNS)
    assert not table.tail_columns  # noqa: S101  (the binary rows carry every column of the table)
    return table


def _log_rows(events: list[tuple], types: list[int] | None) -> list[LogRow]:
    """The chunk's use-log events as rows with their own MACs, ready for their place in the chain: binary
    COPY fields for a load on PostgreSQL (`types`: the columns' type oids), values elsewhere."""
    macs = _Macs()
    rows: list[LogRow] = []
    binary = BinaryFields(types[: _LOG_FIELDS - 3]) if types is not None else None
    # A chunk's rows name a few hundred people and a few dozen kinds of use: their fields are written once.
    people: dict[object, dict[str, str]] = {}
    uses: dict[tuple[str, ...], dict[str, str]] = {}
    for at, who, client, action, view, kind, obj, purpose in events:
        person = people.get(who.id)
        if person is None:
            person = people[who.id] = _items(user_id=str(who.id), username=who.username,
                                             user_full_name=who.full_name)  # fmt: skip
        use = uses.get((action, view, kind, purpose))
        if use is None:
            use = uses[(action, view, kind, purpose)] = _items(action=action, view=view, object_type=kind,
                                                               purpose=purpose)  # fmt: skip
        items = person | use | _items(at=at.astimezone(UTC).isoformat(timespec="microseconds"),
                                      client_id=str(client), object_id=obj)  # fmt: skip
        own, parts = macs.own_and_parts(items)
        row = (own, at, str(who.id), who.username, who.full_name, client, action, view, kind, obj, purpose)
        rows.append((binary(row) if binary is not None else row, parts))
    return rows


def _items(**values: str) -> dict[str, str]:
    """Each field as the canonical JSON writes it: `"name":"value"`."""
    return {name: f'"{name}":{encode_basestring(value)}' for name, value in values.items()}


def _write_log(rows: list[LogRow], head: ChainHead) -> int:
    """Chain the rows after the head, write them, and move and sign the head."""
    seq, prev = head.seq, head.last_hash
    macs = _Macs()
    if rows and isinstance(rows[0][0], bytes):
        # Binary COPY: each row's field count and own fields, then seq (int8), prev_hash and row_hash (text).
        stream = bytearray(COPY_SIGNATURE)
        count, pack = _LOG_FIELDS.to_bytes(2, "big"), struct.Struct(">iqi").pack
        for fields, parts in rows:
            assert isinstance(fields, bytes)  # noqa: S101  (a chunk's rows are all of one form)
            seq += 1
            digest = macs.chained(parts, seq, prev)
            stream += (
                count + fields + pack(8, seq, len(prev)) + prev.encode() + _HASH_LENGTH + digest.encode()
            )
            prev = digest
        stream += COPY_TRAILER
        copy_write(UseLogEntry._meta.db_table, list(_LOG_COLUMNS), bytes(stream))
        written = len(rows)
    else:
        table = _log_table()
        for row, parts in rows:
            seq += 1
            digest = macs.chained(parts, seq, prev)
            table.add(*row, seq, prev, digest)
            prev = digest
        written = table.flush()
    head.seq, head.last_hash = seq, prev
    head.sign()
    head.save(update_fields=["seq", "last_hash", "head_mac"])
    return written


def _sessions(ctx: Context, tables: Tables) -> None:
    """Weekly sessions of the chunk's groups, and each member's attendance while their service runs."""
    for kind, group, members in ctx.chunk_groups:
        provider_worker = ctx.staff.providers[kind][2]
        first = min(start for _, start, _ in members)
        last = min(max(end for _, _, end in members), ctx.today)
        day, week = first, 0
        while day <= last and week < 40:
            session = ctx.uid()
            when = ctx.at(day)
            tables.sessions.add(session, when, when, provider_worker.id, provider_worker.id, 1, group, day,
                                f"Tapaaminen {week + 1}")  # fmt: skip
            for episode, start, end in members:
                if start <= day <= end:
                    u = ctx.rng.random()
                    status = "present" if u < 0.8 else "absent" if u < 0.9 else "excused"
                    tables.attendance.add(1, session, episode, status, provider_worker.id)
            day += timedelta(weeks=1)
            week += 1
    ctx.groups.clear()
    ctx.chunk_groups.clear()


@dataclass(frozen=True)
class _Run:
    """What every chunk of one run shares."""

    seed: int
    today: date
    staff: Staff
    instrument: Instrument | None
    reasons: list[ReasonCode]
    policy: tuple[int | None, int | None]
    # On PostgreSQL, the column types of each of Tables' tables: a chunk comes as binary COPY streams.
    types: dict[str, list[int]] | None


@dataclass
class _Chunk:
    """A chunk's rows, made by `_chunk_make`: Tables' rows by attribute name (as rows, or as a count and a
    binary COPY stream), the use log's rows, the sums of its self-assessment pairs, and how many provision
    goals it numbered from 1 (the writer moves them on)."""

    tables: dict[str, tuple[list[tuple], tuple[int, bytes] | None]]
    log: list[LogRow]
    aggregates: dict
    goals: int
    created: int
    existing: int


# The tables whose ids the writer sets (`_goals_number`), so they come as rows.
RENUMBERED = ("goals", "goal_ratings")
# The run a forked process makes chunks for: set before the processes start, inherited, never sent.
_run: _Run | None = None
# In a forked process, the parent's connections it must never close (see _forget_connections).
_inherited: list[object] = []


def _chunk_make(
    number: int, people: list[dict], hashes: list[str], there: set[str], profiles: list[str], slot: int,
) -> _Chunk:  # fmt: skip
    """The rows of chunk `number` (its people, their hashes, those already in the register, their profiles,
    and the first personal-worker slot of the chunk). Pure: it reads and writes no database."""
    run = _run
    assert run is not None  # noqa: S101
    tables = Tables()
    ctx = Context(
        staff=run.staff, today=run.today, instrument=run.instrument, reasons=run.reasons, policy=run.policy,
        tables=tables, rng=random.Random(run.seed * 1_000_003 + number),  # noqa: S311
    )  # fmt: skip
    created = existing = 0
    for p, hetu_hash, profile in zip(people, hashes, profiles, strict=True):
        mine = slot if profile == FOLLOWED else None
        slot += profile == FOLLOWED
        if hetu_hash in there:
            existing += 1
            continue
        cid = ctx.uid()
        stamp = ctx.at(PEOPLE_DAY)
        tables.clients.add(
            cid, stamp, stamp, None, None, 1, encrypt_text(p["hetu"]), hetu_hash, p["birth_date"],
            p["first_name"], p["last_name"], p["language"], p["phone"],
            f"{p['first_name'].lower()}.{p['email_n']}@example.fi", p["street"], p["postcode"], p["city"],
            None, p["protected"], "female" if p["female"] else "male", p["status"],
        )  # fmt: skip
        client = {"id": cid, "birth_date": p["birth_date"], "municipality_id": None,
                  "gender": "female" if p["female"] else "male", "language": p["language"]}  # fmt: skip
        client_process(ctx, client, profile, mine)
        created += 1
    _municipalities(tables, ctx)
    _sessions(ctx, tables)
    made = {}
    for name, table in tables.named().items():
        if run.types and name not in RENUMBERED:
            table.encode(run.types[name])
        made[name] = (table.rows, table.encoded)
    log = _log_rows(tables.events, run.types[LOG] if run.types else None)
    return _Chunk(made, log, ctx.aggregates, ctx.goal_id, created, existing)


def _forget_connections() -> None:
    """In a forked process: leave the parent's database connections alone (their sockets are the parent's;
    a query here would interleave with its transaction, and closing one would end its session). They are
    kept referenced, so that nothing closes them, and a query would open a connection of its own."""
    for alias in connections:
        wrapper = connections[alias]
        _inherited.append(wrapper.connection)
        wrapper.connection = None


def _chunks_made(specs: Iterator[tuple], processes: int) -> Generator[_Chunk, None, None]:
    """The chunks of `specs` in order: made here (processes=0), or by that many forked processes, at most
    one more ahead than there are processes, so the memory stays bounded however large the load."""
    if processes <= 0:
        for spec in specs:
            yield _chunk_make(*spec)
        return
    # A pool forks all its processes when it starts, before it starts its own threads.
    with multiprocessing.get_context("fork").Pool(processes, initializer=_forget_connections) as pool:
        pending: deque[AsyncResult[_Chunk]] = deque()
        for spec in specs:
            pending.append(pool.apply_async(_chunk_make, spec))
            if len(pending) > processes:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def seed_process(
    *, count: int, seed: int, today: date, progress: Callable[[str], None] | None = None, chunk: int = CHUNK,
    bulk: bool | None = None, processes: int | None = None,
) -> SeedResult:  # fmt: skip
    """Seed `count` clients. `bulk` (default: decided by the size of the load, see BULK) writes the whole
    load in one transaction without the tables' secondary indexes and builds them at its end: an interrupted
    bulk load leaves nothing behind, and the tables are locked for it. `processes`: how many make the chunks'
    rows while this one writes (default: one per CPU this process may use when there is more than one chunk;
    0: this one)."""
    global _run
    began = clock.monotonic()
    load_organisations()
    pools = pools_make(seed)
    profiles_rng = random.Random(seed * 7 + 1)  # noqa: S311
    profiles = [profile_of(profiles_rng.random()) for _ in range(count)]
    slots = sum(1 for p in profiles if p == FOLLOWED)
    staff = staff_load(seed=seed, personal_worker_slots=slots, pools=pools, today=today)
    county = Organisation.objects.get(name=COUNTY, kind=OrganisationKind.WELLBEING_COUNTY)
    policy = DeadlinePolicy.objects.filter(organisation=county).first()
    reasons = list(ReasonCode.objects.filter(active=True).order_by("order", "code"))
    _run = _Run(
        seed=seed, today=today, staff=staff, instrument=instrument_get("functional_capacity"), reasons=reasons,
        policy=(policy.start_weekdays, policy.complete_weekdays) if policy else (None, None),
        types={name: table.column_types() for name, table in Tables().named().items()}
        | {LOG: _log_table().column_types()}
        if connection.vendor == "postgresql" else None,
    )  # fmt: skip
    person = _people(seed, pools)
    result = SeedResult(0, 0, workers=len(staff.caseload_workers), teams=len(staff.teams))
    _seal_backlog()
    if bulk is None:
        bulk = connection.vendor == "postgresql" and count >= BULK and Client.objects.count() < count
    if processes is None:
        processes = joblib.cpu_count() if count > chunk else 0

    def specs() -> Iterator[tuple]:
        slot = 0
        for number, offset in enumerate(range(0, count, chunk)):
            people = [person() for _ in range(min(chunk, count - offset))]
            hashes = [search_hash(p["hetu"]) for p in people]
            there = set(Client.objects.filter(hetu_hash__in=hashes).values_list("hetu_hash", flat=True))
            mine = profiles[offset : offset + len(people)]
            yield number, people, hashes, there, mine, slot
            slot += sum(1 for p in mine if p == FOLLOWED)

    aggregates: dict = {}
    done = 0
    with transaction.atomic() if bulk else nullcontext():
        dropped = (
            secondary_indexes_drop(
                [*(t.table for t in Tables().named().values()), UseLogEntry._meta.db_table]
            )
            if bulk
            else []
        )
        goal_top = Goal.objects.aggregate(top=Max("id"))["top"] or 0
        # closing: an error while writing stops the worker processes at once, not when collected.
        with closing(_chunks_made(specs(), processes)) as chunks:
            for made in chunks:
                result.rows += _chunk_write(made, goal_top)
                goal_top += made.goals
                for key, sums in made.aggregates.items():
                    total = aggregates.setdefault(key, [0] * len(sums))
                    for index, value in enumerate(sums):
                        total[index] += value
                result.created += made.created
                result.existing += made.existing
                done += made.created + made.existing
                if progress:
                    elapsed = clock.monotonic() - began
                    progress(
                        f"{done}/{count} clients, {result.rows} rows, {elapsed:.0f} s, "
                        f"{done / max(elapsed, 0.001):.0f} clients/s"
                    )
        _aggregates_write(_run.instrument.code if _run.instrument else "", aggregates)
        if dropped:
            if progress:
                progress(f"building {len(dropped)} indexes, {clock.monotonic() - began:.0f} s")
            indexes_build(dropped)
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: before autovacuum's first look at the new rows it plans on
        # empty tables (the services report's rebuild took 427 s at 1M clients, 0.8 s after ANALYZE).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = clock.monotonic() - began
    return result


def _chunk_write(made: _Chunk, goal_top: int) -> int:
    """Write a chunk in one transaction, its provision goals numbered after `goal_top` and its use-log rows
    chained after the head; returns the rows written."""
    with transaction.atomic():
        skip_foreign_key_triggers()
        tables = Tables()
        for name, (rows, encoded) in made.tables.items():
            table = getattr(tables, name)
            table.rows, table.encoded = rows, encoded
        _goals_number(tables, goal_top)
        written = sum(tables.flush().values())
        if connection.vendor == "postgresql" and made.goals:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('provision_goal', 'id'), %s)",
                    [goal_top + made.goals],
                )
        head = ChainHead.objects.select_for_update().get(chain=UseLogEntry.CHAIN)
        return written + _write_log(made.log, head)


def _goals_number(tables: Tables, top: int) -> None:
    """Move the chunk's provision goals, numbered from 1, on past `top`, the last goal id in use, and the
    goal ratings with them."""
    if top:
        tables.goals.rows = [(goal + top, *rest) for goal, *rest in tables.goals.rows]
        tables.goal_ratings.rows = [
            (review, goal + top, *rest) for review, goal, *rest in tables.goal_ratings.rows
        ]


def _municipalities(tables: Tables, ctx: Context) -> None:
    """A client lives in the municipality of their relationship's team (set once the team is known)."""
    teams = {t.id: t.municipality_id for t in ctx.staff.teams}
    team_of = {row[6]: teams[row[7]] for row in tables.relationships.rows}
    index = tables.clients.columns.index("municipality_id")
    tables.clients.rows = [
        (*row[:index], team_of.get(row[0]), *row[index + 1 :]) for row in tables.clients.rows
    ]


_SUMS = "instrument_code, period, dimension, value, domain, n, sum_change, sum_squares, improved, unchanged, worsened"
_SUMS_ADD = (
    "ON CONFLICT (instrument_code, period, dimension, value, domain) DO UPDATE SET "
    "n = instruments_changeaggregate.n + excluded.n, "
    "sum_change = instruments_changeaggregate.sum_change + excluded.sum_change, "
    "sum_squares = instruments_changeaggregate.sum_squares + excluded.sum_squares, "
    "improved = instruments_changeaggregate.improved + excluded.improved, "
    "unchanged = instruments_changeaggregate.unchanged + excluded.unchanged, "
    "worsened = instruments_changeaggregate.worsened + excluded.worsened"
)
# Constant SQL: table and column names from this module, values only as parameters or copied rows.
_SUMS_INSERT = (
    f"INSERT INTO instruments_changeaggregate ({_SUMS}) VALUES ({', '.join(['%s'] * 11)}) {_SUMS_ADD}"  # noqa: S608
)
_SUMS_TEMPORARY = (
    f"CREATE TEMPORARY TABLE seed_change_sums AS SELECT {_SUMS} FROM instruments_changeaggregate WITH NO DATA"  # noqa: S608
)
_SUMS_MOVE = (
    f"INSERT INTO instruments_changeaggregate ({_SUMS}) SELECT {_SUMS} FROM seed_change_sums {_SUMS_ADD}"  # noqa: S608
)


def _aggregates_write(code: str, aggregates: dict) -> None:
    """Add the pairs' sums to ChangeAggregate (the same cells the answer services keep). On PostgreSQL the
    sums (700,000 cells at a million clients, most of them by team) are copied into a temporary table and
    added in one statement, where a statement per cell took 33 s."""
    if not aggregates:
        return
    postgresql = connection.vendor == "postgresql"
    rows = [
        (code, date.fromisoformat(p) if postgresql else p, dim, value, domain, *sums)
        for (p, dim, value, domain), sums in aggregates.items()
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if not postgresql:
            cursor.executemany(_SUMS_INSERT, rows)
            return
        cursor.execute(_SUMS_TEMPORARY)
        with cursor.cursor.copy("COPY seed_change_sums FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(_SUMS_MOVE)
        cursor.execute("DROP TABLE seed_change_sums")
