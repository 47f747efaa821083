"""`polku seed`: N synthetic clients with their whole process, in chunks of CHUNK clients, one transaction
each, written with binary COPY on PostgreSQL (executemany elsewhere). A bulk load (BULK) is one transaction
for all the chunks, written without the tables' secondary indexes, which it builds at its end.

Deterministic for a seed and a day (`today`): the same seed gives the same people, the same process and
the same log rows. The people (henkilötunnus 900-999, names) depend on the seed only, so running again
finds them already there and adds nothing for them.

Use-log rows are written sealed: each carries its own MAC and its place in the chain (seq, the previous
row's hash, its hash), computed in order under the chain head's lock, and the head is moved and signed
at the end of each chunk, so `polku audit verify` holds afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time as clock
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from django.conf import settings
from django.db import connection, transaction
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
from polku.demo.seeding.staff import staff_load
from polku.demo.seeding.tables import Tables
from polku.demo.seeding.writer import Table, indexes_build, secondary_indexes_drop, skip_foreign_key_triggers
from polku.instruments.definitions import instrument_get
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
    canonical JSON, built here from strings without a dict per row; `polku audit verify` checks the result)."""

    def __init__(self) -> None:
        self.base = hmac.new(settings.AUDIT_CHAIN_KEY.encode("utf-8"), digestmod=hashlib.sha256)
        self.fields = UseLogEntry.HASHED_FIELDS
        self.own_keys = sorted([*self.fields, "chain"])
        self.chain_keys = sorted([*self.fields, "seq", "prev"])
        self.chain = encode_basestring(UseLogEntry.CHAIN)

    def _mac(self, keys: list[str], values: dict[str, str]) -> str:
        message = "{" + ",".join([f'"{key}":{values[key]}' for key in keys]) + "}"
        mac = self.base.copy()
        mac.update(message.encode("utf-8"))
        return mac.hexdigest()

    def pair(self, values: dict[str, str], seq: int, prev: str) -> tuple[str, str]:
        """(row_mac, row_hash) for JSON-encoded field values."""
        values["chain"] = self.chain
        own = self._mac(self.own_keys, values)
        values["seq"], values["prev"] = str(seq), encode_basestring(prev)
        return own, self._mac(self.chain_keys, values)


def _write_log(events: list[tuple], head: ChainHead) -> int:
    seq, prev = head.seq, head.last_hash
    fields = UseLogEntry.HASHED_FIELDS
    table = Table(UseLogEntry, ("at", "seq", "prev_hash", "row_hash", "row_mac", *fields[1:]))
    macs = _Macs()
    enc = encode_basestring
    for at, who, client, action, view, kind, obj, purpose in events:
        user_id = str(who.id)
        client_id = str(client)
        values = {
            "at": enc(at.astimezone(UTC).isoformat(timespec="microseconds")), "user_id": enc(user_id),
            "username": enc(who.username), "user_full_name": enc(who.full_name), "client_id": enc(client_id),
            "action": enc(action), "view": enc(view), "object_type": enc(kind), "object_id": enc(obj),
            "purpose": enc(purpose),
        }  # fmt: skip
        seq += 1
        own, digest = macs.pair(values, seq, prev)
        table.add(at, seq, prev, digest, own, user_id, who.username, who.full_name, client, action, view, kind,
                  obj, purpose)  # fmt: skip
        prev = digest
    written = table.flush()
    head.seq, head.last_hash = seq, prev
    head.sign()
    head.save(update_fields=["seq", "last_hash", "head_mac"])
    return written


def _sessions(ctx: Context, tables: Tables) -> None:
    """Weekly sessions of the chunk's groups, and each member's attendance while their service runs."""
    for kind, group, members in ctx.chunk_groups:
        provider_worker = ctx.staff.providers[kind][1]
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


def seed_process(
    *, count: int, seed: int, today: date, progress: Callable[[str], None] | None = None, chunk: int = CHUNK,
    bulk: bool | None = None,
) -> SeedResult:  # fmt: skip
    """Seed `count` clients. `bulk` (default: decided by the size of the load, see BULK) writes the whole
    load in one transaction without the tables' secondary indexes and builds them at its end: an interrupted
    bulk load leaves nothing behind, and the tables are locked for it."""
    began = clock.monotonic()
    load_organisations()
    pools = pools_make(seed)
    profiles_rng = random.Random(seed * 7 + 1)  # noqa: S311
    profiles = [profile_of(profiles_rng.random()) for _ in range(count)]
    slots = sum(1 for p in profiles if p == FOLLOWED)
    staff = staff_load(seed=seed, personal_worker_slots=slots, pools=pools, today=today)
    county = Organisation.objects.get(name=COUNTY, kind=OrganisationKind.WELLBEING_COUNTY)
    policy = DeadlinePolicy.objects.filter(organisation=county).first()
    reasons = list(
        ReasonCode.objects.filter(active=True).order_by("order", "code").values_list("pk", flat=True)
    )
    instrument = instrument_get("functional_capacity")
    person = _people(seed, pools)
    result = SeedResult(0, 0, workers=len(staff.caseload_workers), teams=len(staff.teams))
    _seal_backlog()
    if bulk is None:
        bulk = connection.vendor == "postgresql" and count >= BULK and Client.objects.count() < count
    aggregates: dict = {}
    slot = 0
    with transaction.atomic() if bulk else nullcontext():
        dropped = (
            secondary_indexes_drop([*(t.table for t in Tables().all()), UseLogEntry._meta.db_table])
            if bulk
            else []
        )
        for number, offset in enumerate(range(0, count, chunk)):
            people = [person() for _ in range(min(chunk, count - offset))]
            hashes = [search_hash(p["hetu"]) for p in people]
            there = set(Client.objects.filter(hetu_hash__in=hashes).values_list("hetu_hash", flat=True))
            tables = Tables()
            ctx = Context(
                staff=staff, today=today, instrument=instrument, reasons=reasons,
                policy=(policy.start_weekdays, policy.complete_weekdays) if policy else (None, None), tables=tables,
                rng=random.Random(seed * 1_000_003 + number),  # noqa: S311
            )  # fmt: skip
            ctx.aggregates = aggregates
            with transaction.atomic():
                skip_foreign_key_triggers()
                ctx.goal_id = Goal.objects.aggregate(top=Max("id"))["top"] or 0
                for index, (p, hetu_hash) in enumerate(zip(people, hashes, strict=True)):
                    profile = profiles[offset + index]
                    mine = slot if profile == FOLLOWED else None
                    slot += profile == FOLLOWED
                    if hetu_hash in there:
                        result.existing += 1
                        continue
                    cid = ctx.uid()
                    team_municipality = None
                    created = ctx.at(PEOPLE_DAY)
                    tables.clients.add(
                        cid, created, created, None, None, 1, encrypt_text(p["hetu"]), hetu_hash, p["birth_date"],
                        p["first_name"], p["last_name"], p["language"], p["phone"],
                        f"{p['first_name'].lower()}.{p['email_n']}@example.fi", p["street"], p["postcode"], p["city"],
                        team_municipality, p["protected"], "female" if p["female"] else "male", p["status"],
                    )  # fmt: skip
                    client = {"id": cid, "birth_date": p["birth_date"], "municipality_id": None,
                              "gender": "female" if p["female"] else "male", "language": p["language"]}  # fmt: skip
                    client_process(ctx, client, profile, mine)
                    result.created += 1
                _municipalities(tables, ctx)
                _sessions(ctx, tables)
                written = tables.flush()
                if connection.vendor == "postgresql" and ctx.goal_id:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT setval(pg_get_serial_sequence('provision_goal', 'id'), %s)", [ctx.goal_id]
                        )
                head = ChainHead.objects.select_for_update().get(chain=UseLogEntry.CHAIN)
                written["audit_uselogentry"] = _write_log(tables.events, head)
                result.rows += sum(written.values())
            if progress:
                elapsed = clock.monotonic() - began
                progress(
                    f"{offset + len(people)}/{count} clients, {result.rows} rows, {elapsed:.0f} s, "
                    f"{(offset + len(people)) / max(elapsed, 0.001):.0f} clients/s"
                )
        _aggregates_write(instrument.code if instrument else "", aggregates)
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


def _municipalities(tables: Tables, ctx: Context) -> None:
    """A client lives in the municipality of their relationship's team (set once the team is known)."""
    teams = {t.id: t.municipality_id for t in ctx.staff.teams}
    team_of = {row[6]: teams[row[7]] for row in tables.relationships.rows}
    index = tables.clients.columns.index("municipality_id")
    tables.clients.rows = [
        (*row[:index], team_of.get(row[0]), *row[index + 1 :]) for row in tables.clients.rows
    ]


def _aggregates_write(code: str, aggregates: dict) -> None:
    """Add the pairs' sums to ChangeAggregate (the same cells the answer services keep)."""
    if not aggregates:
        return
    sql = (
        "INSERT INTO instruments_changeaggregate (instrument_code, period, dimension, value, domain, n, "
        "sum_change, sum_squares, improved, unchanged, worsened) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (instrument_code, period, dimension, value, domain) DO UPDATE SET "
        "n = instruments_changeaggregate.n + excluded.n, "
        "sum_change = instruments_changeaggregate.sum_change + excluded.sum_change, "
        "sum_squares = instruments_changeaggregate.sum_squares + excluded.sum_squares, "
        "improved = instruments_changeaggregate.improved + excluded.improved, "
        "unchanged = instruments_changeaggregate.unchanged + excluded.unchanged, "
        "worsened = instruments_changeaggregate.worsened + excluded.worsened"
    )
    iso = connection.vendor != "postgresql"
    rows = [
        (code, p if iso else date.fromisoformat(p), dim, value, domain, *sums)
        for (p, dim, value, domain), sums in aggregates.items()
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
