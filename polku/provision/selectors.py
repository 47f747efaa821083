"""Reads of provider services through `ServiceEpisode.objects.visible_to`, with use-log rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest

from polku.accounts.models import Role, User, person_name
from polku.audit.models import Purpose
from polku.audit.services import use_log_write
from polku.clients.consents import Recipient, ban_refusal, consents_to
from polku.clients.models import Client, DataSharingConsent, DocumentType
from polku.clients.selectors import client_get_for_user, purpose_for
from polku.core.pagination import Slice, page_counted, page_of, slice_of
from polku.plans.models import PlanGoal
from polku.plans.selectors import plan_goals_for_service
from polku.provision.models import (
    Attendance,
    AttendanceStatus,
    Goal,
    GoalRating,
    Group,
    Review,
    ServiceEpisode,
    Session,
)

# How many of a service's latest group sessions the client's workers see with their attendance.
LAST_SESSIONS = 5
# The query parameter of the page of groups on the services page (the services have `page`).
GROUPS_PAGE = "groups"
# How many services a group's page offers to add to the group.
CANDIDATES = 500
# A service's implementation plan's goals, in their order.
_PLAN_GOALS = Prefetch("implementation_plan__goals", queryset=Goal.objects.order_by("order", "pk"))


def _purpose(user: User) -> str:
    return Purpose.CLIENT_WORK if user.role == Role.PROVIDER_WORKER else purpose_for(user)


def _episodes(user: User) -> Any:
    """The services the user may see, the latest started first (by client name it walked every client: 5 s
    at a million)."""
    return ServiceEpisode.objects.visible_to(user).select_related("client", "provider").latest_first()


def _episodes_logged(user: User, episodes: list[ServiceEpisode], view: str) -> None:
    use_log_write(
        actor=user,
        client_ids=sorted({e.client_id for e in episodes}),
        view=view,
        object_type="service_episode_list",
        purpose=_purpose(user),
    )


def episodes_for(*, user: User, view: str) -> list[ServiceEpisode]:
    """The first `CANDIDATES` services the user may see, the latest started first: those a group page offers
    to add."""
    episodes = list(_episodes(user)[:CANDIDATES])
    _episodes_logged(user, episodes, view)
    return episodes


def episodes_page(*, user: User, view: str, request: HttpRequest) -> Page:
    """The page of the services the user may see that `?page=` asks for, its clients use-logged. The count
    is a query of its own: in one with the rows (a window) PostgreSQL read every row before the first."""
    page = page_of(_episodes(user), request)
    _episodes_logged(user, list(page.object_list), view)
    return page


def episodes_slice(*, user: User, view: str, limit: int, offset: int) -> Slice[ServiceEpisode]:
    """`limit` of the services the user may see from `offset` (the API's list), with their implementation
    plans and goals, its clients use-logged."""
    episodes = _episodes(user).select_related("implementation_plan").prefetch_related(_PLAN_GOALS)
    found = slice_of(episodes, limit=limit, offset=offset)
    _episodes_logged(user, found.items, view)
    return found


def episode_get_for_user(*, user: User, episode_id: UUID | str, view: str) -> ServiceEpisode:
    try:
        episode = (
            ServiceEpisode.objects.visible_to(user)
            .select_related("client", "provider", "implementation_plan")
            .prefetch_related(
                _PLAN_GOALS,
                "home_visits",
                Prefetch("reviews", queryset=Review.objects.prefetch_related("ratings__goal")),
            )
            .get(pk=episode_id)
        )
    except (ServiceEpisode.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such service.") from exc
    use_log_write(
        actor=user,
        client_ids=[episode.client_id],
        view=view,
        object_type="service_episode",
        object_id=str(episode.pk),
        purpose=_purpose(user),
    )
    return episode


def groups_page(*, user: User, request: HttpRequest) -> Page | None:
    """The page of the provider worker's organisation's groups by name that `?groups=` asks for (None for
    anyone else). A group names no client, so reading the list is not use-logged."""
    if user.role != Role.PROVIDER_WORKER or user.organisation_id is None:
        return None
    groups = Group.objects.filter(provider_id=user.organisation_id).order_by("name", "pk")
    return page_counted(groups, request, param=GROUPS_PAGE)


def group_get_for_user(
    *, user: User, group_id: UUID | str, view: str
) -> tuple[Group, list[ServiceEpisode], list[Session], dict[Any, str]]:
    """The group with its running members, sessions and attendance {(session id, episode id): status}."""
    if user.role != Role.PROVIDER_WORKER or user.organisation_id is None:
        raise Http404("No such group.")
    try:
        group = Group.objects.get(pk=group_id, provider_id=user.organisation_id)
    except (Group.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such group.") from exc
    members = list(
        ServiceEpisode.objects.visible_to(user)
        .filter(groups=group)
        .select_related("client")
        .order_by("client__last_name", "client__first_name")
    )
    sessions = list(group.sessions.order_by("date"))
    marks = {
        (a.session_id, a.episode_id): a.status
        for a in Attendance.objects.filter(session__group=group, episode__in=members)
    }
    use_log_write(
        actor=user,
        client_ids=[m.client_id for m in members],
        view=view,
        object_type="group",
        object_id=str(group.pk),
        purpose=_purpose(user),
    )
    return group, members, sessions, marks


def attendance_versions(*, group: Group, members: list[ServiceEpisode]) -> dict[tuple[str, str], int]:
    """The version of every attendance mark of the group's members, {(session id, episode id): version}:
    the attendance form carries them, so that it changes only marks its user saw."""
    return {
        (str(session_id), str(episode_id)): version
        for session_id, episode_id, version in Attendance.objects.filter(
            session__group=group, episode__in=members
        ).values_list("session_id", "episode_id", "version")
    }


@dataclass(frozen=True)
class PersonalWorkerContact:
    name: str
    phone: str
    team: str


@dataclass(frozen=True)
class Referral:
    """What the referral to a provider carries. `extent` and `goals` are None where the client has banned
    disclosing the document they come from (the decision, the client plan) to the provider."""

    episode: ServiceEpisode
    extent: str | None
    goals: list[PlanGoal] | None
    personal_workers: list[PersonalWorkerContact]
    consents: list[DataSharingConsent]


def referral_get_for_user(*, user: User, episode_id: UUID | str, view: str) -> Referral:
    """The referral of a service episode `user` may see (the provider's own running services, or the
    client's workers): the decision's service, period and extent, the goals of the client plan that
    concern the service, the personal workers' names and work phones, and the client's active consents to
    disclosing data to this provider. A ban of the client hides what it covers; a ban on the provider, the
    service task or the referral hides the whole episode (`ServiceEpisode.objects.visible_to`)."""
    try:
        episode = (
            ServiceEpisode.objects.visible_to(user).select_related("client", "provider").get(pk=episode_id)
        )
    except (ServiceEpisode.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such service.") from exc
    client, recipient = episode.client, Recipient.of(episode.provider)

    def allowed(document_type: str) -> bool:
        return ban_refusal(client, recipient=recipient, document_type=document_type) is None

    workers = client.relationships.filter(ended_at__isnull=True, personal_worker__isnull=False).order_by(
        "started_at", "pk"
    )
    referral = Referral(
        episode=episode,
        extent=episode.extent if allowed(DocumentType.DECISION) else None,
        goals=(
            plan_goals_for_service(client, provider_name=episode.provider.name)
            if allowed(DocumentType.CLIENT_PLAN)
            else None
        ),
        personal_workers=[
            PersonalWorkerContact(person_name(first, last, username), phone, team)
            for first, last, username, phone, team in workers.values_list(
                "personal_worker__first_name",
                "personal_worker__last_name",
                "personal_worker__username",
                "personal_worker__phone",
                "team__name",
            )
        ],
        consents=list(consents_to(client, recipient=recipient)),
    )
    use_log_write(
        actor=user,
        client_ids=[client.pk],
        view=view,
        object_type="referral",
        object_id=str(episode.pk),
        purpose=_purpose(user),
    )
    return referral


@dataclass(frozen=True)
class SessionMark:
    day: date
    group: str
    status: str


@dataclass
class ServiceRecord:
    """A service of the client as the client's workers follow it: the provider's attendance marks and
    review meetings."""

    episode: ServiceEpisode
    counts: dict[str, int] = field(default_factory=dict)
    last_sessions: list[SessionMark] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)

    @property
    def present(self) -> int:
        return self.counts.get(AttendanceStatus.PRESENT, 0)

    @property
    def absent(self) -> int:
        return self.counts.get(AttendanceStatus.ABSENT, 0)

    @property
    def excused(self) -> int:
        return self.counts.get(AttendanceStatus.EXCUSED, 0)


def client_services_for_user(
    *, user: User, client_id: UUID | str, view: str
) -> tuple[Client, list[ServiceRecord]]:
    """The client's services with the provider's attendance (counts and the latest sessions) and review
    meetings (with the goal ratings), for the client's own workers and their manager; the same few queries
    however many services, sessions and reviews there are."""
    client = client_get_for_user(user=user, client_id=client_id, view=view)
    records = {
        e.pk: ServiceRecord(e)
        for e in ServiceEpisode.objects.visible_to(user)
        .filter(client=client)
        .select_related("provider")
        .order_by("-start_date", "pk")
    }
    marks = Attendance.objects.filter(episode_id__in=list(records))
    for episode_id, status, count in (
        marks.values("episode_id", "status")
        .annotate(count=Count("pk"))
        .values_list("episode_id", "status", "count")
    ):
        records[episode_id].counts[status] = count
    labels = dict(AttendanceStatus.choices)
    for episode_id, day, group, status in marks.order_by("-session__date", "pk").values_list(
        "episode_id", "session__date", "session__group__name", "status"
    ):
        record = records[episode_id]
        if len(record.last_sessions) < LAST_SESSIONS:
            record.last_sessions.append(SessionMark(day, group, str(labels.get(status, status))))
    ratings = GoalRating.objects.select_related("goal").order_by("goal__order", "goal_id")
    for review in (
        Review.objects.filter(episode_id__in=list(records))
        .prefetch_related(Prefetch("ratings", queryset=ratings))
        .order_by("-date", "pk")
    ):
        records[review.episode_id].reviews.append(review)
    return client, list(records.values())
