"""A fictional wellbeing services county with its people, for `polku demo` and the browser tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind, Qualification, Role, Team, User
from polku.clients.synthetic import SeedResult, seed_clients
from polku.demo.queue import load_queue
from polku.demo.ville import load_ville, ville_client
from polku.provision.models import ServiceOffering

DEFAULT_PASSWORD = "polku-demo-2026"  # noqa: S105  (demo data only; POLKU_DEMO_PASSWORD overrides)
DEMO_SEED = 2026
DEMO_CLIENTS = 300


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    qualification: Qualification
    organisation: str
    teams: tuple[str, ...]
    title: str


COUNTY = "Pohjolan hyvinvointialue"
MUNICIPALITIES = ("Koivula", "Harjuniemi")
TEAM_KOIVULA = "Aikuissosiaalityö, Koivula"
TEAM_HARJUNIEMI = "Aikuissosiaalityö, Harjuniemi"
PROVIDER = "Kuntoutuspaja Verso Oy"
KELA = "Kela"
MEDIA_WORKSHOP = "Mediapaja Koivula"

USERS = (
    DemoUser(
        "palveluneuvoja",
        "Pirjo",
        "Palonen",
        Role.SERVICE_ADVISOR,
        Qualification.OTHER,
        COUNTY,
        (TEAM_KOIVULA,),
        "palveluneuvoja",
    ),
    DemoUser(
        "sosiaaliohjaaja",
        "Otto",
        "Saarinen",
        Role.SOCIAL_COUNSELLOR,
        Qualification.SOCIAL_COUNSELLOR,
        COUNTY,
        (TEAM_KOIVULA,),
        "sosiaaliohjaaja",
    ),
    DemoUser(
        "sosiaalityontekija",
        "Sari",
        "Virtanen",
        Role.SOCIAL_WORKER,
        Qualification.SOCIAL_WORKER_PUBLIC_OFFICE,
        COUNTY,
        (TEAM_KOIVULA,),
        "sosiaalityöntekijä",
    ),
    DemoUser(
        "esihenkilo",
        "Elina",
        "Koskinen",
        Role.TEAM_MANAGER,
        Qualification.SOCIAL_WORKER_PUBLIC_OFFICE,
        COUNTY,
        (TEAM_KOIVULA, TEAM_HARJUNIEMI),
        "johtava sosiaalityöntekijä",
    ),
    DemoUser(
        "tuottaja",
        "Teemu",
        "Laine",
        Role.PROVIDER_WORKER,
        Qualification.SOCIAL_COUNSELLOR,
        PROVIDER,
        (),
        "kuntoutusohjaaja",
    ),
    DemoUser(
        "kela",
        "Kela",
        "Integraatio",
        Role.AUTHORITY_INTEGRATION,
        Qualification.OTHER,
        KELA,
        (),
        "järjestelmäkäyttäjä",
    ),
    DemoUser(
        "analyytikko", "Anni", "Mäkelä", Role.ANALYST, Qualification.OTHER, COUNTY, (), "erityisasiantuntija"
    ),
    DemoUser(
        "paakayttaja",
        "Paavo",
        "Heikkinen",
        Role.ADMINISTRATOR,
        Qualification.OTHER,
        COUNTY,
        (),
        "pääkäyttäjä",
    ),
)


def demo_password() -> str:
    return os.environ.get("POLKU_DEMO_PASSWORD") or DEFAULT_PASSWORD


@transaction.atomic
def load_organisations() -> dict[str, Team]:
    county, _ = Organisation.objects.update_or_create(
        name=COUNTY,
        kind=OrganisationKind.WELLBEING_COUNTY,
        # Decision letters tell the client where to send a correction request.
        defaults={
            "registry_address": "PL 100\n90101 Pohjola",
            "registry_email": "kirjaamo@polku.example",
            "registry_phone": "029 000 1000",
        },
    )
    teams: dict[str, Team] = {}
    for municipality_name, team_name in zip(MUNICIPALITIES, (TEAM_KOIVULA, TEAM_HARJUNIEMI), strict=True):
        municipality, _ = Organisation.objects.get_or_create(
            name=municipality_name, kind=OrganisationKind.MUNICIPALITY, defaults={"parent": county}
        )
        # Koivula's team takes the contacts that cannot be routed by relationship or municipality.
        teams[team_name], _ = Team.objects.update_or_create(
            organisation=county,
            name=team_name,
            defaults={"municipality": municipality, "receives_unrouted": team_name == TEAM_KOIVULA},
        )
    verso, _ = Organisation.objects.get_or_create(
        name=PROVIDER, kind=OrganisationKind.PROVIDER, defaults={"business_id": "1234567-1"}
    )
    mediapaja, _ = Organisation.objects.get_or_create(name=MEDIA_WORKSHOP, kind=OrganisationKind.PROVIDER)
    for provider, kind, name, description in (
        (
            verso,
            "social_rehabilitation",
            "Sosiaalinen kuntoutus: ryhmät ja kotiohjaus",
            "Elokuvaryhmä ja muut viikoittaiset ryhmät, kotiohjaus arjen taitoihin.",
        ),
        (
            mediapaja,
            "rehabilitative_work_activity",
            "Kuntouttava työtoiminta: mediapaja",
            "Video-, ääni- ja tietokonetyöt 3-4 päivänä viikossa.",
        ),
    ):
        offering, _ = ServiceOffering.objects.get_or_create(
            provider=provider, kind=kind, defaults={"name": name, "description": description}
        )
        offering.municipalities.set(
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, name__in=MUNICIPALITIES)
        )
    Organisation.objects.get_or_create(name=KELA, kind=OrganisationKind.AUTHORITY)
    return teams


@transaction.atomic
def load_users(teams: dict[str, Team], password: str) -> list[User]:
    users = []
    for spec in USERS:
        organisation = Organisation.objects.get(name=spec.organisation)
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "role": spec.role,
                "qualification": spec.qualification,
                "organisation": organisation,
                "title": spec.title,
                "email": f"{spec.username}@polku.example",
                "is_active": True,
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_superuser": spec.role == Role.ADMINISTRATOR,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.teams.set([teams[name] for name in spec.teams])
        users.append(user)
    return users


def load_demo(
    *, clients: int = DEMO_CLIENTS, seed: int = DEMO_SEED, today: date | None = None
) -> tuple[list[User], SeedResult]:
    """Load the demo county; safe to run again (it updates the demo users and adds no duplicates).

    Ville's story and the fresh contacts are dated back from `today` (the day of loading by default)."""
    today = today or timezone.localdate()
    teams = load_organisations()
    users = load_users(teams, demo_password())
    workers = [u for u in users if u.role in (Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR)]
    result = seed_clients(count=clients, seed=seed, teams=list(teams.values()), workers=workers)
    by_name = {u.username: u for u in users}
    load_ville(
        kela=by_name["kela"],
        advisor=by_name["palveluneuvoja"],
        social_worker=by_name["sosiaalityontekija"],
        provider_worker=by_name["tuottaja"],
        today=today,
    )
    load_queue(kela=by_name["kela"], today=today)
    from polku.demo.appointments import load_appointments  # the social worker's week

    load_appointments(
        worker=by_name["sosiaalityontekija"],
        counsellor=by_name["sosiaaliohjaaja"],
        ville=ville_client(),
        today=today,
    )
    from polku.demo.effectiveness import load_effectiveness  # the instruments' demo answers

    load_effectiveness(seed=seed)
    from polku.demo.structural import load_structural  # social reports, tallies, feedback, ESR, compliance

    load_structural(teams=list(teams.values()), users=users)
    from polku.demo.consultations import load_consultations  # expert panels and two consultations

    load_consultations(
        social_worker=by_name["sosiaalityontekija"],
        counsellor=by_name["sosiaaliohjaaja"],
        manager=by_name["esihenkilo"],
        ville=ville_client(),
    )
    from polku.demo.sami import load_sami  # a client who answered the self-assessment in Sámi

    ande = load_sami(social_worker=by_name["sosiaalityontekija"], team=teams[TEAM_KOIVULA])
    from polku.demo.segments import load_segments  # reviewed segment placements of the team's clients

    load_segments(
        team=teams[TEAM_KOIVULA],
        users=by_name,
        provider_name=PROVIDER,
        today=today,
        story_clients=[c for c in (ville_client(), ande) if c is not None],
    )
    from polku.demo.workday import load_workday  # due work for each role's home page

    load_workday(
        team=teams[TEAM_KOIVULA],
        social_worker=by_name["sosiaalityontekija"],
        provider_worker=by_name["tuottaja"],
        today=today,
    )
    return users, result
