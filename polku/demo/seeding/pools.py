"""Names, addresses and texts drawn from pools made once per seed (Faker is too slow to call per row)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker


@dataclass
class Pools:
    female: list[str]
    male: list[str]
    last: list[str]
    streets: list[str]
    postcodes: list[str]
    cities: list[str]
    phones: list[str]

    def first_name(self, rng: random.Random, female: bool) -> str:
        names = self.female if female else self.male
        return names[int(rng.random() * len(names))]

    def last_name(self, rng: random.Random) -> str:
        return self.last[int(rng.random() * len(self.last))]


def pools_make(seed: int, size: int = 400) -> Pools:
    fake = Faker("fi_FI")
    fake.seed_instance(seed)
    return Pools(
        female=[fake.first_name_female() for _ in range(size)],
        male=[fake.first_name_male() for _ in range(size)],
        last=[fake.last_name() for _ in range(size * 2)],
        streets=[fake.street_address() for _ in range(size)],
        postcodes=[fake.postcode() for _ in range(size // 4)],
        cities=[fake.city() for _ in range(size // 4)],
        phones=[fake.phone_number() for _ in range(size * 2)],
    )
