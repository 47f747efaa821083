"""Who may read a consultation, and the lists of them.

A consultation is seen by its asker and by those it was asked of: the colleague, the members of the team,
the members of the panel. Nobody else sees it, not even an administrator or the asker's manager: its
content is between professionals. Whoever else asks gets a 404, as for a client they may not see. Reading
an identified consultation writes the client's use log; those it was asked of read what was shared about
the client only until `shared_until`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from polku.accounts.models import Role, User
from polku.audit.models import Purpose
from polku.audit.services import use_log_write
from polku.consultation.models import Consultation, Message, Panel, Status, Topic
from polku.core.suppression import is_small

# Who sees the panels' statistics: those who run and develop the service.
STATISTICS_ROLES = frozenset({Role.TEAM_MANAGER, Role.ANALYST})


def _asked_of(user: User) -> Q:
    in_panel = Panel.members.through.objects.filter(panel_id=OuterRef("panel_id"), user_id=user.pk)
    in_team = User.teams.through.objects.filter(team_id=OuterRef("team_id"), user_id=user.pk)
    return Q(colleague=user) | Q(Exists(in_team)) | Q(Exists(in_panel))


def is_recipient(user: User, consultation: Consultation) -> bool:
    return Consultation.objects.filter(_asked_of(user), pk=consultation.pk).exists()


def visible_to(user: User) -> QuerySet[Consultation]:
    if not user.is_active:
        return Consultation.objects.none()
    return Consultation.objects.filter(Q(asker=user) | _asked_of(user))


@dataclass(frozen=True)
class Seen:
    """A consultation as `user` may read it."""

    consultation: Consultation
    asker: bool
    # Whether the client, the question, what was shared and the thread may be read (always for the asker
    # and for anonymous consultations; for those it was asked of, until `shared_until`).
    readable: bool


def consultation_get_for_user(*, user: User, consultation_id: UUID | str, view: str) -> Seen:
    try:
        consultation = (
            visible_to(user)
            .select_related("asker", "colleague", "team", "panel", "client")
            .get(pk=consultation_id)
        )
    except (Consultation.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such consultation.") from exc
    asker = consultation.asker_id == user.pk
    readable = asker or not consultation.identified or consultation.shared_on()
    if consultation.client_id is not None and readable:
        use_log_write(
            actor=user,
            client_ids=[consultation.client_id],
            view=view,
            object_type="consultation",
            object_id=str(consultation.pk),
            purpose=Purpose.CLIENT_WORK if asker else Purpose.CONSULTATION,
        )
    return Seen(consultation, asker, readable)


def asked_by(user: User) -> QuerySet[Consultation]:
    """The user's own consultations, newest first; each with whether it has an answer not yet read."""
    return (
        Consultation.objects.filter(asker=user)
        .select_related("colleague", "team", "panel")
        .order_by("-created_at", "-id")
    )


def asked_of(user: User, *, waiting_only: bool = False) -> QuerySet[Consultation]:
    """Consultations asked of the user (personally, of a team or a panel of theirs), newest first."""
    queryset = Consultation.objects.filter(_asked_of(user)).exclude(asker=user)
    if waiting_only:
        queryset = queryset.filter(status=Status.OPEN)
    return queryset.select_related("asker", "colleague", "team", "panel").order_by("-created_at", "-id")


def unread_answers(user: User) -> QuerySet[Consultation]:
    """The user's consultations with an answer written after the user last read it."""
    newer = Message.objects.filter(consultation_id=OuterRef("pk"), at__gt=OuterRef("asker_read_at")).exclude(
        author_id=user.pk
    )
    return asked_by(user).filter(status=Status.ANSWERED).filter(Q(asker_read_at__isnull=True) | Exists(newer))


def waiting_for(user: User) -> QuerySet[Consultation]:
    """What waits for the user, in one query: consultations asked of them that wait for an answer, and
    their own consultations with an answer they have not read."""
    newer = Message.objects.filter(consultation_id=OuterRef("pk"), at__gt=OuterRef("asker_read_at")).exclude(
        author_id=user.pk
    )
    answered = Q(asker=user, status=Status.ANSWERED) & (Q(asker_read_at__isnull=True) | Exists(newer))
    to_answer = _asked_of(user) & Q(status=Status.OPEN) & ~Q(asker=user)
    return Consultation.objects.filter(answered | to_answer).order_by("-created_at", "-id")


@dataclass(frozen=True)
class PanelFigures:
    panel: Panel
    topic: str
    asked: int
    answered: int
    # Median hours to the first answer; None when the group is too small to show it.
    median_hours: float | None

    @property
    def topic_label(self) -> str:
        return str(Topic(self.topic).label)


def panel_statistics(*, since: date | None = None) -> list[PanelFigures]:
    """Per panel and topic: consultations asked, answered, and the median time to the first answer. The
    median of fewer than the small-cell threshold is not shown: it would tell one member's answer time."""
    since = since or timezone.localdate() - timedelta(days=365)
    rows = Consultation.objects.filter(panel__isnull=False, created_at__date__gte=since)
    by_group: dict[tuple[UUID, str], list[tuple[Any, Any]]] = {}
    panels = {panel.pk: panel for panel in Panel.objects.all()}
    for panel_id, topic, created_at, first_answer_at in rows.values_list(
        "panel_id", "topic", "created_at", "first_answer_at"
    ).iterator():
        by_group.setdefault((panel_id, topic), []).append((created_at, first_answer_at))
    figures = []
    for (panel_id, topic), items in sorted(
        by_group.items(), key=lambda group: (panels[group[0][0]].name, group[0][1])
    ):
        waits = [
            (answered - asked).total_seconds() / 3600 for asked, answered in items if answered is not None
        ]
        figures.append(
            PanelFigures(
                panel=panels[panel_id],
                topic=topic,
                asked=len(items),
                answered=len(waits),
                median_hours=None if is_small(len(waits)) or not waits else round(median(waits), 1),
            )
        )
    return figures
