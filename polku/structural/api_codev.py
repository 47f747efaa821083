"""Co-development endpoints: a development project as its page shows it, and a client's proposal to the
first reading (polku/structural/selectors_codev.py, services/codev.py). For those who run development."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from polku.accounts.models import AuthedRequest
from polku.core.schemas import ErrorOut, InputSchema
from polku.structural.selectors_codev import dev_project_get_for_user, project_overview
from polku.structural.services.codev import check_runs_development, proposal_submit

router = Router(tags=["structural"])


class DevParticipantOut(Schema):
    codeveloper_id: UUID
    name: str
    role: str = Field(description="developer_client, lived_experience or other")
    role_in_project: str
    consent_valid: bool = Field(description="false once the consent has been withdrawn")
    sessions: int = Field(description="sessions of this project the person took part in")
    given_eur: Decimal = Field(description="fees and rewards given in this project, in euros")
    given_without_sum: int = Field(description="rewards given without a sum (e.g. a gift card)")


class RewardGivenOut(Schema):
    codeveloper_id: UUID
    reward: str = Field(description="fee, gift_card or other")
    amount_eur: Decimal | None


class DevSessionOut(Schema):
    held_on: dt.date
    topic: str
    notes: str
    attended: list[UUID]
    rewards_given: list[RewardGivenOut]
    rewards_note: str


class DevProposalOut(Schema):
    report_id: UUID = Field(description="the social report the proposal became")
    title: str
    proposed_measures: str
    proposed_by: UUID | None = Field(description="the co-developer; null for an anonymous proposal")
    status: str = Field(description="where it is in the social reports' path, e.g. submitted, read")
    submitted_at: dt.datetime | None
    supervisor_comment: str
    response: str = Field(description="the decision-makers' response, once recorded")
    responded_at: dt.datetime | None


class DevProjectOut(Schema):
    id: UUID
    name: str
    aim: str
    service: str
    starts_on: dt.date
    ends_on: dt.date | None
    lead: str
    team: str = Field(description="the team whose manager reads the proposals first")
    participants: list[DevParticipantOut]
    sessions: list[DevSessionOut]
    proposals: list[DevProposalOut]


VIEW = "api:development_project_read"


@router.get(
    "/development-projects/{dev_project_id}",
    response={200: DevProjectOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="development_project_read",
)
def development_project_read(request: AuthedRequest, dev_project_id: UUID) -> DevProjectOut:
    """A development project: its participants, sessions with the fees and rewards given, and what came
    from clients with where each proposal is and the response. For team managers and analysts; a
    co-developer who is also a client is in that client's use log."""
    project = dev_project_get_for_user(user=request.user, dev_project_id=dev_project_id)
    overview = project_overview(user=request.user, project=project, view=VIEW)
    return DevProjectOut(
        id=project.pk,
        name=project.name,
        aim=project.aim,
        service=project.service,
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        lead=project.lead.get_full_name() or project.lead.get_username(),
        team=project.team.name,
        participants=[
            DevParticipantOut(
                codeveloper_id=row.codeveloper.pk,
                name=row.codeveloper.name,
                role=row.codeveloper.role,
                role_in_project=row.participation.role_in_project,
                consent_valid=row.codeveloper.consents,
                sessions=row.sessions,
                given_eur=row.amount,
                given_without_sum=row.unpriced,
            )
            for row in overview.participants
        ],
        sessions=[
            DevSessionOut(
                held_on=session.held_on,
                topic=session.topic,
                notes=session.notes,
                attended=[person.pk for person in session.attended.all()],
                rewards_given=[
                    RewardGivenOut(
                        codeveloper_id=given.codeveloper_id, reward=given.reward, amount_eur=given.amount
                    )
                    for given in session.rewards_given.all()
                ],
                rewards_note=session.rewards,
            )
            for session in overview.sessions
        ],
        proposals=[
            DevProposalOut(
                report_id=report.pk,
                title=report.title,
                proposed_measures=report.proposed_measures,
                proposed_by=report.proposed_by_id,
                status=report.status,
                submitted_at=report.submitted_at,
                supervisor_comment=report.supervisor_comment,
                response=report.response,
                responded_at=report.responded_at,
            )
            for report in overview.proposals
        ],
    )


class ProposalIn(InputSchema):
    title: str = Field(max_length=200)
    observation: str = Field(max_length=4000, description="what the client noticed; no henkilötunnus")
    proposed_measures: str = Field(max_length=4000, description="what the client proposes")
    affected: str = Field(max_length=1000, description="whom it concerns")
    proposed_by: UUID | None = Field(
        None, description="a co-developer of the project who made it; leave out for an anonymous proposal"
    )


class ProposalCreatedOut(Schema):
    report_id: UUID
    status: str


@router.post(
    "/development-projects/{dev_project_id}/proposals",
    response={201: ProposalCreatedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="development_project_proposal_create",
)
def development_project_proposal_create(
    request: AuthedRequest, dev_project_id: UUID, payload: ProposalIn
) -> Status:
    """Record a client's proposal, anonymous or named, and send it to the first reading of the project
    team's manager, as a social report of the kind client_proposal. Text that looks like a henkilötunnus is
    refused (400) and nothing is saved."""
    check_runs_development(request.user)
    project = dev_project_get_for_user(user=request.user, dev_project_id=dev_project_id)
    proposed_by = None
    if payload.proposed_by is not None:
        participation = (
            project.participants.select_related("codeveloper")
            .filter(codeveloper_id=payload.proposed_by)
            .first()
        )
        if participation is None:
            raise ValidationError(
                {"proposed_by": [_("Name a co-developer of this project, or leave it anonymous.")]}
            )
        proposed_by = participation.codeveloper
    report = proposal_submit(
        actor=request.user,
        project=project,
        title=payload.title,
        observation=payload.observation,
        proposed_measures=payload.proposed_measures,
        affected=payload.affected,
        proposed_by=proposed_by,
    )
    return Status(201, ProposalCreatedOut(report_id=report.pk, status=report.status))
