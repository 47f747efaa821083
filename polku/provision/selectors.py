"""Reads of provider services through `ServiceEpisode.objects.visible_to`, with use-log rows."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404

from polku.accounts.models import Role, User
from polku.audit.models import Purpose
from polku.audit.services import use_log_write
from polku.clients.selectors import purpose_for
from polku.provision.models import Attendance, Goal, Group, Review, ServiceEpisode, Session


def _purpose(user: User) -> str:
    return Purpose.CLIENT_WORK if user.role == Role.PROVIDER_WORKER else purpose_for(user)


def episodes_for(*, user: User, view: str) -> list[ServiceEpisode]:
    episodes = list(
        ServiceEpisode.objects.visible_to(user)
        .select_related("client", "provider")
        .order_by("client__last_name", "client__first_name", "pk")[:500]
    )
    use_log_write(
        actor=user,
        client_ids=sorted({e.client_id for e in episodes}),
        view=view,
        object_type="service_episode_list",
        purpose=_purpose(user),
    )
    return episodes


def episode_get_for_user(*, user: User, episode_id: UUID | str, view: str) -> ServiceEpisode:
    try:
        episode = (
            ServiceEpisode.objects.visible_to(user)
            .select_related("client", "provider", "implementation_plan")
            .prefetch_related(
                Prefetch("implementation_plan__goals", queryset=Goal.objects.order_by("order", "pk")),
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


def groups_for(*, user: User) -> list[Group]:
    if user.role != Role.PROVIDER_WORKER or user.organisation_id is None:
        return []
    return list(Group.objects.filter(provider_id=user.organisation_id).order_by("name"))


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
