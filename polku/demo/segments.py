"""Segments (issue 17) in the demo: some of the team's clients have special support and services that ended
this year (so the rule places them in the heavier segments), and the team's workers have reviewed some
placements, so the team's segment page shows reviewed and unreviewed clients in several segments, and moves
with their reasons. Made through the services, like everything in the demo; safe to run again (a team whose
clients have reviews is left as it is)."""

from __future__ import annotations

from datetime import date, timedelta

from polku.accounts.models import Organisation, OrganisationKind, Team, User
from polku.casework.models import SpecialSupport
from polku.casework.services.special_support import special_support_determine
from polku.clients.models import Client, ClientRelationship
from polku.provision.services import episode_end, episode_start
from polku.segments.models import SegmentReview
from polku.segments.placement import placements_for
from polku.segments.quadrants import Quadrant
from polku.segments.services import segment_review

REVIEWED = 12
# Where a worker moves a client the rule placed, and why (what the records do not show).
MOVES = {
    Quadrant.SUPPORTED: (
        Quadrant.MUCH_SUPPORT,
        "Asuminen on uhattuna ja päihteiden käyttö on lisääntynyt; tämä ei vielä näy kirjauksissa.",
    ),
    Quadrant.SELF_DIRECTED: (
        Quadrant.SUPPORTED,
        "Läheisverkosto on kaventunut muuton jälkeen; tarvitsee tukea arjen asioiden hoitamiseen.",
    ),
    Quadrant.COOPERATION: (
        Quadrant.SELF_DIRECTED,
        "Tilanne on tasaantunut: työkokeilu alkoi ja asiakas hoitaa asiansa itse.",
    ),
    Quadrant.MUCH_SUPPORT: (
        Quadrant.COOPERATION,
        "Puoliso ja aikuinen tytär osallistuvat suunnitelman toteuttamiseen aktiivisesti.",
    ),
}


WITH_SPECIAL_SUPPORT = 12
WITH_SERVICES = 20


def _record_facts(clients: list[Client], social_worker: User, provider: Organisation, today: date) -> None:
    """Special support and two or three services that ended this year for the first clients (the rule's heavy
    load), one such service for some more."""
    for index, client in enumerate(clients[:WITH_SERVICES]):
        if index < WITH_SPECIAL_SUPPORT and not SpecialSupport.objects.filter(client=client).exists():
            special_support_determine(
                actor=social_worker,
                client=client,
                grounds=["several_needs"],
                explanation="Useita samanaikaisia tuen tarpeita; asioiden hoitaminen on erityisen vaikeaa.",
                determined_on=today - timedelta(days=120 + index),
            )
        for number in range(2 + index % 2 if index < WITH_SPECIAL_SUPPORT else 1):
            episode = episode_start(
                actor=social_worker,
                client=client,
                kind="social_rehabilitation",
                name="",
                provider=provider,
                start_date=today - timedelta(days=300 - 60 * number),
            )
            episode_end(
                actor=social_worker,
                episode=episode,
                ended_on=today - timedelta(days=200 - 60 * number),
                summary="Osallistui ryhmään; jakso päättyi suunnitellusti.",
                confirm_past=True,
            )


def load_segments(
    *, team: Team, users: dict[str, User], provider_name: str, today: date, story_clients: list[Client]
) -> None:
    """`users` by username: the team's social worker and social counsellor review. The clients of the
    demo's stories (`story_clients`: Ville, Ánde) keep their own records."""
    social_worker, counsellor = users["sosiaalityontekija"], users["sosiaaliohjaaja"]
    ids = list(
        ClientRelationship.objects.filter(team=team, ended_at__isnull=True)
        .values_list("client_id", flat=True)
        .distinct()
    )
    if not ids or SegmentReview.objects.filter(client_id__in=ids).exists():
        return
    # Not Ville nor the clients of the other demo stories: the seeded clients without an episode.
    seeded = list(
        Client.objects.filter(pk__in=ids, episodes__isnull=True)
        .exclude(pk__in=[c.pk for c in story_clients])
        .order_by("hetu_hash")
    )
    provider = Organisation.objects.get(name=provider_name, kind=OrganisationKind.PROVIDER)
    half = len(seeded) // 2
    _record_facts(seeded[half:], social_worker, provider, today)
    reviewed = [*seeded[half : half + REVIEWED // 2], *seeded[: REVIEWED // 2]]
    placements = placements_for([c.pk for c in reviewed])
    for index, client in enumerate(reviewed):
        placement = placements[client.pk]
        actor = social_worker if index % 2 == 0 else counsellor
        if index % 3 == 2:
            quadrant, reason = MOVES[placement.computed]
            segment_review(actor=actor, client=client, quadrant=quadrant, reason=reason)
        else:
            segment_review(actor=actor, client=client, quadrant=placement.computed)
