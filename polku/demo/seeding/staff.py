"""The county's people for `polku seed`: teams of 5-15 (a manager, a service advisor and 3-13 workers with
caseloads of 30-80 clients), two provider workers, and the teams' social reports and tallies.

Every synthetic user gets the demo password; its Argon2 hash is computed once and shared.
"""

from __future__ import annotations

import bisect
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from polku.accounts.models import Organisation, OrganisationKind, Qualification, Role, Team, User
from polku.demo.data import COUNTY, MUNICIPALITIES, demo_password
from polku.demo.seeding.pools import Pools

CASELOAD = (30, 80)
WORKERS_PER_TEAM = 8  # caseload workers; with the manager and the advisor a team of about ten


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    username: str
    full_name: str
    public_office: bool  # a social worker in a public-office post (SHL 42, 46)


@dataclass
class TeamPlan:
    id: uuid.UUID
    municipality_id: uuid.UUID
    name: str
    manager: Person
    advisor: Person
    workers: list[Person] = field(default_factory=list)

    @property
    def social_worker(self) -> Person:
        return next(w for w in self.workers if w.public_office)


@dataclass
class Staff:
    teams: list[TeamPlan]
    caseload_workers: list[tuple[Person, TeamPlan]]
    bounds: list[int]  # prefix sums of the caseloads: slot k belongs to worker bisect_right(bounds, k)
    providers: dict[str, tuple[uuid.UUID, str, Person]]  # service kind -> (provider, its name, its worker)

    def worker_of_slot(self, slot: int) -> tuple[Person, TeamPlan]:
        return self.caseload_workers[min(bisect.bisect_right(self.bounds, slot), len(self.bounds) - 1)]


def caseloads(slots: int, rng: random.Random) -> list[int]:
    """Caseloads of 30-80 that add up to `slots` exactly (fewer than 30 only when slots < 30)."""
    low, high = CASELOAD
    if slots <= high:
        return [slots] if slots else []
    sizes: list[int] = []
    while sum(sizes) < slots:
        sizes.append(rng.randint(low, high))
    excess = sum(sizes) - slots
    index = 0
    while excess:
        give = min(excess, sizes[index] - low)
        sizes[index] -= give
        excess -= give
        index += 1
        if index == len(sizes) and excess:
            sizes.pop()  # all at the minimum: one worker fewer, the others take the rest
            excess = sum(sizes) - slots
            index = 0
            if excess < 0:
                for i in range(-excess):
                    sizes[i % len(sizes)] += 1
                excess = 0
    return sizes


def team_sizes(workers: int) -> list[int]:
    teams = max(1, round(workers / WORKERS_PER_TEAM))
    base, extra = divmod(workers, teams)
    return [base + (1 if i < extra else 0) for i in range(teams)]


def _person(user: User) -> Person:
    return Person(
        user.pk, user.username, f"{user.first_name} {user.last_name}",
        user.qualification == Qualification.SOCIAL_WORKER_PUBLIC_OFFICE,
    )  # fmt: skip


class _Users:
    """Finds or makes users by username, in bulk."""

    def __init__(self, organisation: Organisation, pools: Pools, rng: random.Random) -> None:
        self.organisation, self.pools, self.rng = organisation, pools, rng
        self.password = make_password(demo_password())
        self.new: list[User] = []
        self.wanted: list[User] = []

    def want(
        self, username: str, role: str, qualification: str, title: str, org: Organisation | None = None
    ) -> User:
        female = self.rng.random() < 0.8
        user = User(
            id=uuid.UUID(int=self.rng.getrandbits(128)), username=username, role=role, qualification=qualification, organisation=org or self.organisation,
            title=title, first_name=self.pools.first_name(self.rng, female), last_name=self.pools.last_name(self.rng),
            email=f"{username}@polku.example", password=self.password, is_active=True,
        )  # fmt: skip
        self.wanted.append(user)
        return user

    def save(self) -> dict[str, User]:
        names = [u.username for u in self.wanted]
        found = {u.username: u for u in User.objects.filter(username__in=names)}
        fresh = [u for u in self.wanted if u.username not in found]
        User.objects.bulk_create(fresh, batch_size=2000)
        found.update({u.username: u for u in fresh})
        return found


@transaction.atomic
def staff_load(*, seed: int, personal_worker_slots: int, pools: Pools, today: date) -> Staff:
    """The teams and workers for `personal_worker_slots` clients with a personal worker."""
    rng = random.Random(seed * 31 + 5)  # noqa: S311  (synthetic data, not security)
    county = Organisation.objects.get(name=COUNTY, kind=OrganisationKind.WELLBEING_COUNTY)
    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, name__in=MUNICIPALITIES).order_by(
            "name"
        )
    )
    loads = caseloads(personal_worker_slots, rng)
    sizes = team_sizes(max(len(loads), 3))
    users = _Users(county, pools, rng)
    plan: list[tuple[Team, User, User, list[User]]] = []
    counter = 0
    for number, size in enumerate(sizes):
        municipality = municipalities[number % len(municipalities)]
        team, _ = Team.objects.get_or_create(
            organisation=county, name=f"Aikuissosiaalityö, {municipality.name} {number + 1} (s{seed})",
            defaults={"municipality": municipality, "id": uuid.UUID(int=rng.getrandbits(128))},
        )  # fmt: skip
        manager = users.want(
            f"esihenkilo-s{seed}-{number + 1:04d}", Role.TEAM_MANAGER, Qualification.SOCIAL_WORKER_PUBLIC_OFFICE,
            "johtava sosiaalityöntekijä",
        )  # fmt: skip
        advisor = users.want(
            f"palveluneuvoja-s{seed}-{number + 1:04d}",
            Role.SERVICE_ADVISOR,
            Qualification.OTHER,
            "palveluneuvoja",
        )
        workers = []
        for index in range(size):
            counter += 1
            if index % 2 == 0:  # every team has social workers in a public-office post, the first one too
                worker = users.want(
                    f"sosiaalityontekija-s{seed}-{counter:05d}", Role.SOCIAL_WORKER,
                    Qualification.SOCIAL_WORKER_PUBLIC_OFFICE, "sosiaalityöntekijä",
                )  # fmt: skip
            else:
                worker = users.want(
                    f"sosiaaliohjaaja-s{seed}-{counter:05d}", Role.SOCIAL_COUNSELLOR, Qualification.SOCIAL_COUNSELLOR,
                    "sosiaaliohjaaja",
                )  # fmt: skip
            workers.append(worker)
        plan.append((team, manager, advisor, workers))
    providers = {}
    provider_users = []
    for kind, offering_provider in _providers():
        provider_users.append(
            (kind, offering_provider, users.want(
                f"tuottaja-s{seed}-{kind[:6]}", Role.PROVIDER_WORKER, Qualification.SOCIAL_COUNSELLOR,
                "kuntoutusohjaaja", offering_provider,
            ))
        )  # fmt: skip
    saved = users.save()
    through = User.teams.through
    links = []
    teams: list[TeamPlan] = []
    municipality_of = {
        team.pk: municipalities[i % len(municipalities)].pk for i, (team, *_) in enumerate(plan)
    }
    for team, manager, advisor, workers in plan:
        members = [saved[u.username] for u in (manager, advisor, *workers)]
        links += [through(user_id=m.pk, team_id=team.pk) for m in members]
        teams.append(
            TeamPlan(team.pk, municipality_of[team.pk], team.name, _person(members[0]), _person(members[1]),
                     [_person(m) for m in members[2:]])
        )  # fmt: skip
    existing = set(
        through.objects.filter(team_id__in=[t.pk for t, *_ in plan]).values_list("user_id", "team_id")
    )
    through.objects.bulk_create(
        [link for link in links if (link.user_id, link.team_id) not in existing], 5000
    )
    for kind, provider, user in provider_users:
        providers[kind] = (provider.pk, provider.name, _person(saved[user.username]))
    pairs = [(w, t) for t in teams for w in t.workers]
    bounds, total = [], 0
    for size in loads:
        total += size
        bounds.append(total)
    structural_load(teams, rng=rng, today=today, fresh=not existing)
    return Staff(teams, pairs[: len(loads)] or pairs, bounds or [0], providers)


def _providers() -> list[tuple[str, Organisation]]:
    from polku.provision.models import ServiceOffering  # provision sits below demo; kept local for clarity

    found: dict[str, Organisation] = {}
    for offering in ServiceOffering.objects.filter(active=True).select_related("provider").order_by("name"):
        found.setdefault(offering.kind, offering.provider)
    return sorted(found.items())


REPORT_TITLES = (
    ("Vuokrarästit kasautuvat", "problem", ["housing", "debt"]),
    ("Nuorten asunnottomuus", "phenomenon", ["housing", "youth"]),
    ("Digitaalinen asiointi ei onnistu", "weak_signal", ["digital", "services"]),
    ("Yksinäisyys ikääntyneillä", "phenomenon", ["loneliness", "older_people"]),
    ("Velkaneuvonnan jonot", "problem", ["debt", "services"]),
    ("Vertaisryhmä toimii", "good_practice", ["loneliness"]),
)
TALLY_PLACES = ("Kirjaston matalan kynnyksen piste", "Kauppakeskus", "Asukastupa", "Nuorisotalo")


def structural_load(teams: list[TeamPlan], *, rng: random.Random, today: date, fresh: bool) -> None:
    """Six social reports and two tallies a month for each team over the past year (once per team)."""
    if not fresh:
        return
    from polku.demo.seeding.writer import Table
    from polku.structural.models import SocialReport, Tally, Theme  # structural sits below demo

    themes = {t.code: t.pk for t in Theme.objects.all()}
    reports = Table(SocialReport, (
        "id", "created_at", "updated_at", "created_by_id", "updated_by_id", "version", "author_id", "team_id",
        "kind", "title", "observation", "affected", "affected_count", "municipality_id", "proposed_measures",
        "urgency", "status", "submitted_at", "read_at", "supervisor_comment",
    ))  # fmt: skip
    report_themes = Table(SocialReport.themes.through, ("socialreport_id", "theme_id"))
    tallies = Table(Tally, (
        "id", "created_at", "updated_at", "created_by_id", "updated_by_id", "version", "date", "work_kind",
        "place", "contact_kind", "topics", "age_group", "gender", "people", "team_id",
    ))  # fmt: skip
    for team in teams:
        for number, (title, kind, codes) in enumerate(REPORT_TITLES):
            author = team.workers[number % len(team.workers)]
            at = datetime.combine(today - timedelta(days=20 + number * 55), time(10), UTC)
            status = "read" if number % 2 else "submitted"
            report_id = uuid.UUID(int=rng.getrandbits(128))
            reports.add(
                report_id, at, at, author.id, author.id, 1, author.id, team.id, kind, title,
                "Havainto asiakastyöstä: ilmiö toistuu useiden asiakkaiden kohdalla.", "aikuissosiaalityön asiakkaat",
                rng.randint(3, 60), team.municipality_id, "Yhteistyö ja lisäresurssit.", "normal", status, at,
                at + timedelta(days=3) if status == "read" else None, "Luettu." if status == "read" else "",
            )  # fmt: skip
            for code in codes:
                if code in themes:
                    report_themes.add(report_id, themes[code])
        for month in range(12):
            for half in (3, 17):
                day = (today.replace(day=1) - timedelta(days=month * 30)).replace(day=half)
                if day > today:
                    continue
                at = datetime.combine(day, time(15), UTC)
                tallies.add(
                    uuid.UUID(int=rng.getrandbits(128)), at, at, team.advisor.id, team.advisor.id, 1, day,
                    rng.choice(("walk_in", "outreach")), rng.choice(TALLY_PLACES),
                    rng.choice(("in_person", "phone", "online", "group")),
                    json.dumps(rng.sample(["income", "housing", "debt", "mental_health", "services"], 2)),
                    rng.choice(("18_24", "25_29", "30_54", "55_64", "65_plus")), rng.choice(("female", "male")),
                    rng.randint(1, 6), team.id,
                )  # fmt: skip
    for table in (reports, report_themes, tallies):
        table.flush()
