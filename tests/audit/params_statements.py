"""URL parameter values of the statements to Kela for the use-log walker and the access matrix: a contact
from the authority's system (world.authority, given an organisation) about the world's client, and a
statement answering it. `statement_maker` makes a new one per ask: a statement is read once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polku.accounts.models import Organisation, OrganisationKind
from polku.casework.models import Channel, Contact
from polku.casework.services import Person, Sender, contact_receive
from polku.casework.statements import statement_make
from tests.conftest import World


def _contact(world: World) -> Contact:
    authority = world.authority
    if authority.organisation_id is None:
        authority.organisation = Organisation.objects.create(name="Kela", kind=OrganisationKind.AUTHORITY)
        authority.save(update_fields=["organisation"])
    world.team.receives_unrouted = True
    world.team.save(update_fields=["receives_unrouted"])
    contact, _created = contact_receive(
        actor=authority,
        person=Person(
            hetu=world.client.hetu, first_name=world.client.first_name, last_name=world.client.last_name
        ),
        sender=Sender(organisation="Kela"),
        consent=True,
        reasons=["rent_arrears"],
        description="The walker's notice",
        channel=Channel.API,
        notice_type="social_work_need",
    )
    return contact


def statement_maker(world: World) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        contact = _contact(world)  # one statement answers one contact
        return {
            "statement_id": statement_make(
                actor=world.worker, contact=contact, text="The walker's statement"
            ).pk
        }

    return make


def values(world: World) -> dict[str, Any]:
    return statement_maker(world)()
