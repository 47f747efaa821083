"""Synthetic clients for the demo and benchmarks: deterministic for a seed, never a real person's code.

Every henkilötunnus uses an individual number 900-999, the range reserved for temporary and test codes.
Rows are written in bulk for speed (a benchmark loads a million): this is a data loader, not client work,
so it writes no use-log rows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from polku.accounts.models import Team, User
from polku.clients.hetu import make_hetu
from polku.clients.models import Client, ClientRelationship, Gender, LabourMarketStatus, Language
from polku.core.crypto import encrypt_text, search_hash

BATCH = 2000
# Roughly the adult social work client base: mostly unemployed, many outside the labour market.
LABOUR_MARKET_WEIGHTS = {
    LabourMarketStatus.UNEMPLOYED: 30,
    LabourMarketStatus.LONG_TERM_UNEMPLOYED: 25,
    LabourMarketStatus.IN_EDUCATION: 8,
    LabourMarketStatus.EMPLOYED: 10,
    LabourMarketStatus.ENTREPRENEUR: 2,
    LabourMarketStatus.OUTSIDE: 20,
    LabourMarketStatus.UNKNOWN: 5,
}


@dataclass
class SeedResult:
    created: int
    existing: int


def synthetic_person(rng: random.Random, today: date) -> tuple[str, date]:
    born = today - timedelta(days=rng.randint(18 * 365, 92 * 365))
    return make_hetu(born, rng.randint(900, 999)), born


def seed_clients(*, count: int, seed: int, teams: Sequence[Team], workers: Sequence[User] = ()) -> SeedResult:
    """Create `count` clients for `teams`; running it again with the same seed creates nothing new."""
    rng = random.Random(seed)
    traits = random.Random(seed + 7919)  # its own stream, so that adding traits never changes the people
    fake = Faker("fi_FI")
    fake.seed_instance(seed)
    today = date(2026, 1, 1)  # fixed, so that one seed always gives the same people
    now = timezone.now()
    created = existing = 0
    seen: set[str] = set()
    pending: list[tuple[Client, ClientRelationship]] = []
    workers_by_team: dict[object, list[User]] = {}
    for member in workers:
        for team_id in member.teams.values_list("pk", flat=True):
            workers_by_team.setdefault(team_id, []).append(member)

    def flush() -> None:
        nonlocal created, existing
        hashes = [client.hetu_hash for client, _ in pending]
        already = set(Client.objects.filter(hetu_hash__in=hashes).values_list("hetu_hash", flat=True))
        fresh = [row for row in pending if row[0].hetu_hash not in already]
        with transaction.atomic():
            Client.objects.bulk_create([client for client, _ in fresh])
            ClientRelationship.objects.bulk_create([relationship for _, relationship in fresh])
        created += len(fresh)
        existing += len(pending) - len(fresh)
        pending.clear()

    while created + existing + len(pending) < count:
        hetu, born = synthetic_person(rng, today)
        if hetu in seen:
            continue
        seen.add(hetu)
        sex_female = rng.random() < 0.5
        first = fake.first_name_female() if sex_female else fake.first_name_male()
        language = rng.choices(
            [Language.FINNISH, Language.SWEDISH, Language.SAMI, Language.ENGLISH, Language.OTHER],
            weights=[85, 6, 1, 4, 4],
        )[0]
        protected = rng.random() < 0.02
        team = rng.choice(list(teams))
        client = Client(
            hetu_encrypted=encrypt_text(hetu),
            hetu_hash=search_hash(hetu),
            birth_date=born,
            first_name=first,
            last_name=fake.last_name(),
            language=language,
            phone=fake.phone_number(),
            email=f"{first.lower()}.{rng.randint(1, 9999)}@example.fi",
            street_address=fake.street_address(),
            postal_code=fake.postcode(),
            post_office=fake.city(),
            municipality=team.municipality,
            address_protection=protected,
            gender=Gender.FEMALE if sex_female else Gender.MALE,
            labour_market_status=traits.choices(
                list(LABOUR_MARKET_WEIGHTS), weights=list(LABOUR_MARKET_WEIGHTS.values())
            )[0],
        )
        team_workers = workers_by_team.get(team.pk, [])
        worker = rng.choice(team_workers) if team_workers and rng.random() < 0.4 else None
        ended = rng.random() < 0.15
        relationship = ClientRelationship(
            client=client,
            team=team,
            personal_worker=None if ended else worker,
            started_at=now - timedelta(days=rng.randint(31, 900)),
            ended_at=now - timedelta(days=rng.randint(0, 30)) if ended else None,
            end_reason="No longer a basis for social welfare." if ended else "",
        )
        pending.append((client, relationship))
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    return SeedResult(created=created, existing=existing)
