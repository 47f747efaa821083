"""Reads of co-development: the roster and a development project's page, for the pages and the API alike.

Access is checked here, not only in the views: only those who run development (team managers and analysts,
`structural.access.may_manage_projects`) read the roster or a project. A co-developer who is also a client
is personal data of that client: every read that shows them writes the client's use log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.selectors import purpose_for
from polku.structural.models import (
    CoDeveloper,
    DevelopmentParticipant,
    DevelopmentProject,
    DevelopmentSession,
    SessionReward,
    SocialReport,
)
from polku.structural.services.codev import check_runs_development

ROSTER_MAX = 500


def log_codevelopers(*, user: User, people: Iterable[CoDeveloper | None], view: str) -> None:
    """Showing a co-developer who is also a client is a read of the client's data."""
    client_ids = sorted({person.client_id for person in people if person is not None and person.client_id})
    if client_ids:
        use_log_write(
            actor=user,
            client_ids=client_ids,
            view=view,
            object_type="codeveloper",
            purpose=purpose_for(user),
        )


def roster_for(*, user: User, view: str) -> list[CoDeveloper]:
    """The roster, those with a valid consent first."""
    check_runs_development(user)
    people = list(CoDeveloper.objects.order_by("consent_withdrawn_on", "name")[:ROSTER_MAX])
    log_codevelopers(user=user, people=people, view=view)
    return people


def codeveloper_get_for_user(*, user: User, codeveloper_id: UUID | str) -> CoDeveloper:
    check_runs_development(user)
    try:
        return CoDeveloper.objects.get(pk=codeveloper_id)
    except (CoDeveloper.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such co-developer.") from exc


def dev_project_get_for_user(*, user: User, dev_project_id: UUID | str) -> DevelopmentProject:
    check_runs_development(user)
    try:
        return DevelopmentProject.objects.select_related("lead", "team").get(pk=dev_project_id)
    except (DevelopmentProject.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such development project.") from exc


@dataclass(frozen=True)
class ParticipantRow:
    participation: DevelopmentParticipant
    sessions: int
    # What they have been given in this project: the sum of the amounts, and how many rewards without one.
    amount: Decimal
    unpriced: int

    @property
    def codeveloper(self) -> CoDeveloper:
        return self.participation.codeveloper


@dataclass(frozen=True)
class ProjectOverview:
    """A development project's page: who takes part, the sessions with what each was given, and what came
    from clients with where it is in the first reading and what was done with it."""

    project: DevelopmentProject
    participants: list[ParticipantRow]
    sessions: list[DevelopmentSession]
    proposals: list[SocialReport]

    @property
    def amount(self) -> Decimal:
        return sum((row.amount for row in self.participants), Decimal("0"))


def project_overview(*, user: User, project: DevelopmentProject, view: str) -> ProjectOverview:
    """Four queries whatever the project's size; the linked clients' use log in one more."""
    check_runs_development(user)
    participations = list(project.participants.select_related("codeveloper").order_by("codeveloper__name"))
    sessions = list(
        project.sessions.prefetch_related(
            Prefetch("attended", queryset=CoDeveloper.objects.order_by("name")),
            Prefetch("rewards_given", queryset=SessionReward.objects.select_related("codeveloper")),
        ).order_by("-held_on", "-created_at")
    )
    proposals = list(project.proposals.select_related("proposed_by").order_by("-submitted_at", "-created_at"))
    rows = []
    for participation in participations:
        person_id = participation.codeveloper_id
        given = [r for s in sessions for r in s.rewards_given.all() if r.codeveloper_id == person_id]
        rows.append(
            ParticipantRow(
                participation=participation,
                sessions=sum(1 for s in sessions for a in s.attended.all() if a.pk == person_id),
                amount=sum((r.amount for r in given if r.amount is not None), Decimal("0")),
                unpriced=sum(1 for r in given if r.amount is None),
            )
        )
    shown: list[CoDeveloper | None] = [p.codeveloper for p in participations]
    shown += [a for s in sessions for a in s.attended.all()]
    shown += [r.proposed_by for r in proposals]
    log_codevelopers(user=user, people=shown, view=view)
    return ProjectOverview(project=project, participants=rows, sessions=sessions, proposals=proposals)
