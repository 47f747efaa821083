"""The people and the objects of the access matrix (tests/audit/test_access_matrix.py).

Two sets of URL parameter values, both made by the use-log walker's modules (tests/audit/params_*.py):

- `own`: the team's client (`client` of `team`) with their initiation, decision, plan, instrument
  response, social report..., and a service and a group at the provider that `provider` works for;
- `other`: the same, made by the same modules for the other team's client (`other_client` of
  `other_team`, worked on by `other_worker` and colleagues in every role), at another provider
  organisation, `other_provider`'s.

A user of `team` must reach the first set where the matrix allows and never the second; `other_worker` and
`other_provider` reach the second set exactly as their counterparts reach the first, which shows that the
second set is real and not refused for everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from polku.accounts.models import Organisation, OrganisationKind, Qualification, Role, Team, User
from polku.finance.services_household import budget_link_create
from polku.instruments.services import response_link_send
from polku.plans.selectors import plan_of
from polku.plans.services import plan_read_link_create
from polku.provision.models import Group, ServiceEpisode
from polku.provision.services import group_add_member
from polku.structural.models import Project
from tests.audit.params_statements import statement_maker
from tests.audit.test_use_log_coverage import parameter_values
from tests.conftest import World
from tests.factories import UserFactory, catalogued_provider

# URL parameters that name an object belonging to a team's client or to a provider's service: the
# "own team / another team / another provider" dimension is tested on the routes that take one of these.
OWNED_PARAMETERS = frozenset(
    {
        "client_id",
        "relationship_id",
        "initiation_id",
        "pre_assessment_id",
        "decision_id",
        "member_id",
        "budget_version_id",
        "debt_id",
        "application_id",
        "agreement_id",
        "response_id",
        "version_id",
        "episode_id",
        "group_id",
        "session_id",
        "report_id",
        "consent_id",
        "ban_id",
        "log_request_id",
        "export_id",
        "appointment_id",
        "consultation_id",
        "oid",
        "team_id",
    }
)
# URL parameters that name nothing of one team or provider: the client's one-time links (the token is the
# key), county-wide figures and projects (the co-development ones too), instruments, a report's export (its
# orderer's own), a statement to an authority (the recipient authority's own), and the admin site's objects.
UNOWNED_PARAMETERS = frozenset(
    {
        "token",
        "feed_token",
        "number",
        "statement_id",
        "fmt",
        "report_export_id",
        "link_token",
        "budget_token",
        "instrument_code",
        "municipality_id",
        "half_year",
        "project_id",
        "codeveloper_id",
        "dev_project_id",
        "app_label",
        "content_type_id",
        "object_id",
        "id",
    }
)

# Everyone the matrix asks, anonymous first. `other_worker` is a social worker of another team,
# `other_provider` a provider worker of another provider organisation.
USER_KEYS = (
    "anonymous",
    "advisor",
    "counsellor",
    "worker",
    "manager",
    "other_worker",
    "provider",
    "other_provider",
    "authority",
    "analyst",
    "admin",
)

# Who is who when the objects are the other team's and the other provider's.
MIRROR = {
    "advisor": "other_worker",
    "counsellor": "other_worker",
    "worker": "other_worker",
    "manager": "other_worker",
    "other_worker": "worker",
    "provider": "other_provider",
    "other_provider": "provider",
}


@dataclass
class MatrixWorld:
    users: dict[str, User | None]
    own: dict[str, Any]
    other: dict[str, Any]
    # Parameters made anew for each request: a plan's read link opens once, in one browser.
    fresh: dict[str, Callable[[], dict[str, Any]]] = field(default_factory=dict)


def _plan_link(actor: User, client: Any) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        plan = plan_of(client)
        assert plan is not None
        return {"token": plan_read_link_create(actor=actor, plan=plan)}

    return make


def _answer_link(actor: User, client: Any) -> Callable[[], dict[str, Any]]:
    """A new answer link per ask: a link is bound to the first browser that opens it."""

    def make() -> dict[str, Any]:
        _response, token = response_link_send(
            actor=actor, client=client, instrument_code="functional_capacity"
        )
        return {"link_token": token}

    return make


def _budget_link(actor: User, client: Any) -> Callable[[], dict[str, Any]]:
    """A new budget link per ask: a link is bound to the first browser that opens it."""

    def make() -> dict[str, Any]:
        return {"budget_token": budget_link_create(actor=actor, client=client)}

    return make


def _mirrored(world: World, other_provider: User) -> World:
    """The world seen from the other team: its people in every role, its client, the other provider."""
    staff = {
        role: UserFactory(role=role, qualification=qualification, teams=[world.other_team])
        for role, qualification in (
            (Role.SERVICE_ADVISOR, Qualification.OTHER),
            (Role.SOCIAL_COUNSELLOR, Qualification.SOCIAL_COUNSELLOR),
            (Role.TEAM_MANAGER, Qualification.SOCIAL_WORKER_PUBLIC_OFFICE),
        )
    }
    return replace(
        world,
        team=world.other_team,
        other_team=world.team,
        advisor=staff[Role.SERVICE_ADVISOR],
        counsellor=staff[Role.SOCIAL_COUNSELLOR],
        worker=world.other_worker,
        manager=staff[Role.TEAM_MANAGER],
        other_worker=world.worker,
        provider=other_provider,
        client=world.other_client,
        other_client=world.client,
    )


def _work_for_the_walkers_provider(provider: User, values: dict[str, Any]) -> None:
    """The provider worker works for the provider of the walker's service, and runs its group."""
    episode = ServiceEpisode.objects.select_related("provider").get(pk=values["episode_id"])
    provider.organisation = episode.provider
    provider.save(update_fields=["organisation"])
    group_add_member(actor=provider, group=Group.objects.get(pk=values["group_id"]), episode=episode)


def matrix_world(world: World) -> MatrixWorld:
    """The use-log walker's objects (tests/audit/params_*.py) twice: for the team's client, and, by the
    same modules, for the other team's client, so that a new kind of object gets both without more code."""
    own = parameter_values(world)
    _work_for_the_walkers_provider(world.provider, own)
    # The walker's modules give their objects fixed names, some of them unique: rename the first ones.
    Organisation.objects.filter(pk=world.provider.organisation_id).update(name="The team's provider")
    Project.objects.filter(pk=own["project_id"]).update(name="The team's project")
    other_provider = UserFactory(role=Role.PROVIDER_WORKER, qualification=Qualification.OTHER)
    mirrored = _mirrored(world, other_provider)
    other = parameter_values(mirrored)
    _work_for_the_walkers_provider(other_provider, other)
    assert other_provider.organisation_id != world.provider.organisation_id
    users: dict[str, User | None] = {
        "anonymous": None,
        "advisor": world.advisor,
        "counsellor": world.counsellor,
        "worker": world.worker,
        "manager": world.manager,
        "other_worker": world.other_worker,
        "provider": world.provider,
        "other_provider": other_provider,
        "authority": world.authority,
        "analyst": world.analyst,
        "admin": world.admin,
    }
    assert tuple(users) == USER_KEYS
    return MatrixWorld(
        users=users,
        own=own,
        other=other,
        fresh={
            "plan_read": _plan_link(world.worker, world.client),
            "instrument_answer": _answer_link(world.worker, world.client),
            "budget_fill": _budget_link(world.worker, world.client),
            "api:statement_read": statement_maker(world),
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Grants: the people and organisations that a write of the team's worker might let see the team's client.


@dataclass
class GrantWorld:
    """Grantees beyond the team's client: `sibling` works in another team of the same county,
    `other_worker` in another team (of another county, as the factories make it), `county_worker` in a
    second county organisation's team, `inactive` in the team but no longer active; `uncatalogued` works
    for a provider that is in no service catalogue, `far_provider` for one that serves only the second
    county's municipality, `other_provider` for the other team's provider."""

    users: dict[str, User]
    relationship_id: Any
    own_episode_id: Any
    other_episode_id: Any
    own_group_id: Any
    other_group_id: Any


def grant_world(world: World, mw: MatrixWorld) -> GrantWorld:
    county = world.team.organisation
    sibling_team = Team.objects.create(name="Another team of the county", organisation=county)
    second_county = Organisation.objects.create(
        name="The second county", kind=OrganisationKind.WELLBEING_COUNTY
    )
    far_municipality = Organisation.objects.create(
        name="A municipality of the second county", kind=OrganisationKind.MUNICIPALITY, parent=second_county
    )
    county_team = Team.objects.create(
        name="The second county's team", organisation=second_county, municipality=far_municipality
    )
    uncatalogued = Organisation.objects.create(name="Uncatalogued provider", kind=OrganisationKind.PROVIDER)
    far = catalogued_provider("Far provider", "social_rehabilitation", "other")
    for offering in far.offerings.all():
        offering.municipalities.set([far_municipality])
    professional = {"role": Role.SOCIAL_WORKER, "qualification": Qualification.SOCIAL_WORKER_PUBLIC_OFFICE}
    providers = {"role": Role.PROVIDER_WORKER, "qualification": Qualification.OTHER}
    other_provider = mw.users["other_provider"]
    assert other_provider is not None
    users = {
        "sibling": UserFactory(teams=[sibling_team], **professional),
        "other_worker": world.other_worker,
        "county_worker": UserFactory(teams=[county_team], **professional),
        "inactive": UserFactory(teams=[world.team], is_active=False, **professional),
        "uncatalogued": UserFactory(organisation=uncatalogued, **providers),
        "far_provider": UserFactory(organisation=far, **providers),
        "other_provider": other_provider,
    }
    return GrantWorld(
        users=users,
        relationship_id=mw.own["relationship_id"],
        own_episode_id=mw.own["episode_id"],
        other_episode_id=mw.other["episode_id"],
        own_group_id=mw.own["group_id"],
        other_group_id=mw.other["group_id"],
    )
