"""Projects and their participants, for the ESR participant table."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.clients.hetu import age_on
from polku.clients.models import Client
from polku.clients.selectors import purpose_for, works_with_client
from polku.structural.access import may_add_participants, may_manage_projects
from polku.structural.models import EsrAgeGroup, Project, ProjectParticipant
from polku.structural.periods import check_range
from polku.structural.textcheck import refuse_identifiers


def esr_age_group(age: int) -> str:
    """The ESR age groups (domain.md, "Project monitoring")."""
    if age < 25:
        return EsrAgeGroup.UNDER_25
    if age < 30:
        return EsrAgeGroup.AGE_25_29
    if age <= 54:
        return EsrAgeGroup.AGE_30_54
    return EsrAgeGroup.OVER_54


@transaction.atomic
def project_create(*, actor: User, name: str, starts_on: date, ends_on: date) -> Project:
    if not may_manage_projects(actor):
        raise PermissionDenied(_("Projects are set up by team managers and analysts."))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the project a name.")]
    elif Project.objects.filter(name=name.strip()).exists():
        errors["name"] = [_("A project with this name exists already.")]
    try:
        check_range(starts_on, ends_on, end_field="ends_on")
        refuse_identifiers({"name": name})
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return Project.objects.create(
        name=name.strip(), starts_on=starts_on, ends_on=ends_on, created_by=actor, updated_by=actor
    )


@transaction.atomic
def participant_add(
    *, actor: User, project: Project, client: Client, started_on: date, view: str
) -> ProjectParticipant:
    """Enter a client the actor works with into a project; written to the client's use log."""
    if not may_add_participants(actor):
        raise PermissionDenied(_("Participants are added by the client's workers."))
    if not works_with_client(actor, client):
        raise PermissionDenied(_("You can add only your own clients."))
    if not project.starts_on <= started_on <= project.ends_on:
        raise ValidationError({"started_on": [_("The participation starts within the project's period.")]})
    try:
        with transaction.atomic():
            participant = ProjectParticipant.objects.create(
                project=project,
                client=client,
                started_on=started_on,
                gender=client.gender,
                age_group=esr_age_group(age_on(client.birth_date, started_on)),
                labour_market_status=client.labour_market_status,
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError({"client": [_("The client already takes part in this project.")]}) from exc
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view=view,
        object_type="project_participant",
        object_id=str(participant.pk),
        purpose=purpose_for(actor),
        action=Action.WRITE,
    )
    return participant
