"""Reads of segments: a client's placement with the facts behind it, a team's clients by segment (every
count through polku.core.suppression) and its heavy users, and a worker's caseload by segment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Role, Team, User, person_name
from polku.accounts.selectors import teams_of
from polku.audit.services import use_log_write
from polku.clients.models import Client, ClientRelationship
from polku.clients.selectors import client_get_for_user, purpose_for
from polku.core.collation import name_key
from polku.core.pagination import page_of
from polku.core.suppression import Grid, linked_grids, shown, suppress
from polku.segments.models import SegmentReview
from polku.segments.placement import Placement, placements_for
from polku.segments.quadrants import Quadrant

NO_WORKER = "none"
SEGMENT_ROLES = CLIENT_WORK_ROLES | {Role.TEAM_MANAGER}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    by: str
    computed: str
    quadrant: str
    action: str
    reason: str


def client_segment_for_user(*, user: User, client_id: UUID | str, view: str) -> tuple[Client, Placement]:
    """The client's placement, if `user` may see the client (404 otherwise); logged as a read."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    return client, placements_for([client.pk])[client.pk]


def review_history(client: Client) -> list[HistoryRow]:
    """The client's reviews, newest first (the first stands); `client` is one the reader may see."""
    labels = dict(Quadrant.choices)
    rows = (
        SegmentReview.objects.filter(client=client)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
    return [
        HistoryRow(
            r.created_at,
            r.created_by.get_full_name() if r.created_by else "",
            str(labels[r.computed]),
            str(labels[r.quadrant]),
            r.get_action_display(),
            r.reason,
        )
        for r in rows
    ]


def teams_viewable(user: User) -> QuerySet[Team]:
    """The teams whose segment view `user` may read: a worker's or a manager's own teams, by name."""
    if not getattr(user, "is_authenticated", False) or user.role not in SEGMENT_ROLES:
        return Team.objects.none()
    return teams_of(user)


def team_get_for_user(*, user: User, team_id: UUID | str) -> Team:
    """A team whose segment view `user` may read (`teams_viewable`); 404 for anyone else."""
    try:
        return teams_viewable(user).get(pk=team_id)
    except (Team.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such team.") from exc


@dataclass(frozen=True)
class TeamSegments:
    by_review: Grid  # quadrant x (reviewed by a worker, by the rule only), with totals
    by_worker: Grid  # quadrant x personal worker, with totals
    heavy: dict[UUID, Placement]
    heavy_count: int | None  # suppressed

    @property
    def heavy_shown(self) -> str:
        return shown(self.heavy_count)


def team_segments(team: Team, today: date | None = None) -> TeamSegments:
    """The team's clients (open relationships) by segment, in a fixed number of queries; the tables are
    suppressed together (polku.core.suppression.linked_grids), as they share their totals."""
    relationships = ClientRelationship.objects.filter(team=team, ended_at__isnull=True)
    placements = placements_for(relationships.values_list("client_id", flat=True), today)
    workers: dict[UUID, UUID | None] = {}  # each client's personal worker (one of them if several)
    named: set[UUID] = set()  # every personal worker of the team's open relationships: a column each
    for client_id, worker_id in relationships.values_list("client_id", "personal_worker_id"):
        if workers.get(client_id) is None:
            workers[client_id] = worker_id
        if worker_id is not None:
            named.add(worker_id)
    # The names by their ids: joined to the relationships, PostgreSQL read every user of the county.
    names = {
        pk: person_name(first, last, username)
        for pk, first, last, username in User.objects.filter(pk__in=named).values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    by_review: dict[tuple[Any, Any], int] = {}
    by_worker: dict[tuple[Any, Any], int] = {}
    for placement in placements.values():
        quadrant = placement.quadrant.value
        reviewed = "reviewed" if placement.review is not None else "rule"
        by_review[(quadrant, reviewed)] = by_review.get((quadrant, reviewed), 0) + 1
        worker = workers.get(placement.client_id) or NO_WORKER
        by_worker[(quadrant, worker)] = by_worker.get((quadrant, worker), 0) + 1
    worker_cols = sorted(((str(k), v) for k, v in names.items()), key=lambda kv: name_key(kv[1]))
    worker_cols.append((NO_WORKER, str(_("No personal worker"))))
    by_worker = {(q, str(w)): n for (q, w), n in by_worker.items()}
    rows = [(q.value, str(q.label)) for q in Quadrant]
    grids = linked_grids(
        [
            (
                "review",
                by_review,
                [("reviewed", str(_("Reviewed by a worker"))), ("rule", str(_("By the rule only")))],
            ),
            ("worker", by_worker, worker_cols),
        ],
        rows,
        str(_("Total")),
    )
    heavy = {p.client_id: p for p in placements.values() if p.heavy}
    return TeamSegments(grids["review"], grids["worker"], heavy, suppress(len(heavy)))


@dataclass(frozen=True)
class HeavyRow:
    client_id: UUID
    name: str
    services: int
    contacts: int
    quadrant: str


def heavy_users_page(*, user: User, segments: TeamSegments, request: HttpRequest, view: str) -> Page:
    """A page of the team's heavy users (many services, many contacts, no plan) by name; each row logged."""
    clients = Client.objects.filter(pk__in=list(segments.heavy)).order_by("last_name", "first_name", "pk")
    page = page_of(clients.values_list("pk", "last_name", "first_name"), request)
    ids = [pk for pk, _last, _first in page.object_list]
    placements = segments.heavy
    labels = dict(Quadrant.choices)
    page.object_list = [
        HeavyRow(
            pk,
            f"{last} {first}",
            placements[pk].facts.services_12m,
            placements[pk].facts.authority_contacts_12m,
            str(labels[placements[pk].quadrant]),
        )
        for pk, last, first in page.object_list
    ]
    use_log_write(
        actor=user, client_ids=ids, view=view, object_type="segment_heavy_users", purpose=purpose_for(user)
    )
    return page
