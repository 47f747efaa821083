"""Initiations (SHL 34) and the team queue: register, take, assign, mark urgent, close; ending a client
relationship.

Every function runs in one transaction and writes its journal entry and use-log row with the change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, Role, Team, User
from polku.accounts.selectors import teams_of
from polku.audit.models import Action, Purpose
from polku.audit.services import use_log_write
from polku.casework.deadlines import assessment_due_dates
from polku.casework.models import (
    Contact,
    DeadlinePolicy,
    Initiation,
    InitiationStatus,
    InitiatorType,
    JournalKind,
)
from polku.casework.services.journal import journal_write
from polku.clients.hetu import age_on
from polku.clients.models import Client, ClientRelationship
from polku.clients.services import relationship_open
from polku.codes.national import (
    SERVICE_PROCESS,
    SERVICE_TASK,
    SPECIAL_GROUP,
    code_check,
    service_process_for,
    service_task_for,
)
from polku.core.models import StaleEditError
from polku.core.transitions import Transitions

# Initiation status transitions (design rule 6): anything else is refused.
TRANSITIONS = Transitions(
    InitiationStatus,
    {
        InitiationStatus.NEW: {InitiationStatus.IN_PROGRESS, InitiationStatus.CLOSED},
        InitiationStatus.IN_PROGRESS: {InitiationStatus.IN_PROGRESS, InitiationStatus.CLOSED},
        InitiationStatus.CLOSED: set(),
    },
)


def may_send_contacts(user: User) -> bool:
    return user.is_authenticated and user.role in CLIENT_WORK_ROLES | {Role.AUTHORITY_INTEGRATION}


def may_triage(user: User, team: Team) -> bool:
    roles = CLIENT_WORK_ROLES | {Role.TEAM_MANAGER}
    return user.is_authenticated and user.role in roles and teams_of(user).filter(pk=team.pk).exists()


def route_team(client: Client, county_teams: Any = None) -> Team:
    """The team whose queue a contact lands in: the team of the client's open relationship, else the team
    of the client's municipality, else the team that receives unrouted contacts."""
    open_relationship = client.relationships.filter(ended_at__isnull=True).select_related("team").first()
    if open_relationship is not None:
        return open_relationship.team
    teams = county_teams if county_teams is not None else Team.objects.all()
    if client.municipality_id is not None:
        team = teams.filter(municipality_id=client.municipality_id).order_by("name").first()
        if team is not None:
            return team
    team = teams.filter(receives_unrouted=True).order_by("name").first()
    if team is None:
        raise ValidationError(
            _(
                "No team receives contacts: an administrator must mark one team to receive "
                "contacts that cannot be routed."
            )
        )
    return team


def _due_dates(
    client: Client,
    team: Team,
    initiated_at: datetime,
    urgent: bool,
    highest_care_allowance: bool,
    child_special_support: bool,
) -> dict[str, Any]:
    contacted_on = timezone.localdate(initiated_at)
    policy = DeadlinePolicy.objects.filter(organisation_id=team.organisation_id).first()
    due = assessment_due_dates(
        contacted_on=contacted_on,
        age=age_on(client.birth_date, contacted_on),
        urgent=urgent,
        highest_care_allowance=highest_care_allowance,
        child_special_support=child_special_support,
        target_start_weekdays=policy.start_weekdays if policy else None,
        target_complete_weekdays=policy.complete_weekdays if policy else None,
    )
    return {
        "assessment_start_due": due.assessment_start_due,
        "assessment_complete_due": due.assessment_complete_due,
    }


def national_code_errors(
    *, service_task_code: str, service_process_code: str, special_group_codes: Sequence[str]
) -> dict[str, list[str]]:
    """Each code checked against the version in use of its national code set: refusals by field."""
    errors: dict[str, list[str]] = {}
    checks = [(SERVICE_TASK, service_task_code, "service_task_code")]
    checks.append((SERVICE_PROCESS, service_process_code, "service_process_code"))
    checks += [(SPECIAL_GROUP, code, "special_group_codes") for code in special_group_codes]
    for oid, code, field in checks:
        try:
            code_check(oid, code, field=field)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.message_dict[field])
    return errors


@transaction.atomic
def initiation_create(
    *,
    actor: User,
    client: Client,
    team: Team,
    initiator_type: str,
    need: str,
    initiator: str = "",
    justification: str = "",
    urgent: bool = False,
    highest_care_allowance: bool = False,
    child_special_support: bool = False,
    initiated_at: datetime | None = None,
    contact: Contact | None = None,
    need_on_timeline: object = None,
    service_task_code: str = "",
    special_group_codes: Sequence[str] = (),
) -> Initiation:
    """Register an initiation (SHL 34). The client relationship with `team` starts now if none is open.

    `need_on_timeline` is the need as the timeline shows it in the reader's language, where it is made of
    code-list rows (a contact's reasons); by default the need as written. The national service task is
    `service_task_code` (by default adult social work's) and the service process that of an initiation."""
    initiated_at = initiated_at or timezone.now()
    service_task_code = service_task_code or service_task_for("adult_social_work").code
    service_process_code = service_process_for("initiation").code
    special_group_codes = list(dict.fromkeys(special_group_codes))
    errors = national_code_errors(
        service_task_code=service_task_code,
        service_process_code=service_process_code,
        special_group_codes=special_group_codes,
    )
    if initiator_type not in InitiatorType.values:
        errors["initiator_type"] = [_("Unknown initiator type.")]
    if not need.strip():
        errors["need"] = [_("Describe the need for support.")]
    if initiated_at > timezone.now():
        errors["initiated_at"] = [_("The time cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    relationship = relationship_open(actor=actor, client=client, team=team, started_at=initiated_at)
    initiation = Initiation.objects.create(
        client=client,
        team=team,
        relationship=relationship,
        contact=contact,
        initiated_at=initiated_at,
        initiator_type=initiator_type,
        initiator=initiator.strip(),
        need=need.strip(),
        justification=justification.strip(),
        urgent=urgent,
        highest_care_allowance=highest_care_allowance,
        child_special_support=child_special_support,
        service_task_code=service_task_code,
        service_process_code=service_process_code,
        special_group_codes=special_group_codes,
        age_at_initiation=age_on(client.birth_date, timezone.localdate(initiated_at)),
        created_by=actor,
        updated_by=actor,
        **_due_dates(client, team, initiated_at, urgent, highest_care_allowance, child_special_support),
    )
    journal_write(
        actor=actor,
        client=client,
        kind=JournalKind.INITIATION,
        initiation=initiation,
        at=initiated_at,
        message="initiation",
        params={
            "initiator_type": InitiatorType(initiation.initiator_type).label,
            "need": initiation.need if need_on_timeline is None else need_on_timeline,
        },
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="casework:initiation_create",
        object_type="initiation",
        object_id=str(initiation.pk),
        action=Action.WRITE,
        purpose=Purpose.REGISTRATION,
    )
    return initiation


def _move(initiation: Initiation, to: str) -> None:
    TRANSITIONS.check(
        initiation.status, to, message=_("This initiation is %(status)s and cannot be changed that way.")
    )


def _closed_already() -> ValidationError:
    return ValidationError(_("This initiation has been closed."), code="closed")


def _refusal_after_lost_update(initiation: Initiation) -> ValidationError:
    """Why a conditional UPDATE changed nothing: closed meanwhile, or changed since the page was read."""
    initiation.refresh_from_db()
    return _closed_already() if initiation.status == InitiationStatus.CLOSED else StaleEditError()


_NOT_CLOSED = ~Q(status=InitiationStatus.CLOSED)


def _change_and_record(
    initiation: Initiation,
    *,
    actor: User,
    changes: dict[str, Any],
    expected_version: int | None,
    kind: str,
    view: str,
    message: str = "",
    params: dict[str, Any] | None = None,
    where: Q = _NOT_CLOSED,
    refusal: Callable[[Initiation], ValidationError] = _refusal_after_lost_update,
) -> Initiation:
    """The one way an initiation changes: a versioned update (refused by `refusal` when the row no longer
    matches `where`, or someone saved since `expected_version`), then its journal entry and use-log row."""
    for name, value in changes.items():
        setattr(initiation, name, value)
    try:
        initiation.save_versioned(
            actor=actor, expected_version=expected_version, update_fields=list(changes), where=where
        )
    except StaleEditError:
        raise refusal(initiation) from None
    journal_write(
        actor=actor,
        client=initiation.client,
        kind=kind,
        initiation=initiation,
        message=message,
        params=params,
    )
    use_log_write(
        actor=actor,
        client_ids=[initiation.client_id],
        view=view,
        object_type="initiation",
        object_id=str(initiation.pk),
        action=Action.WRITE,
    )
    return initiation


def _taken_already(initiation: Initiation) -> ValidationError:
    initiation.refresh_from_db()
    return ValidationError(
        _("%(worker)s took this initiation already.") % {"worker": initiation.assigned_to or _("Someone")},
        code="taken",
    )


def _check_triage(actor: User, initiation: Initiation) -> None:
    if not may_triage(actor, initiation.team):
        raise PermissionDenied(_("Only the team's workers and managers handle its queue."))


@transaction.atomic
def initiation_take(*, actor: User, initiation: Initiation) -> Initiation:
    """A worker takes a new initiation from the queue. Of two takers at once exactly one wins."""
    _check_triage(actor, initiation)
    if actor.role not in CLIENT_WORK_ROLES:
        raise PermissionDenied(_("Only a worker can take an initiation for handling."))
    _move(initiation, InitiationStatus.IN_PROGRESS)
    return _change_and_record(
        initiation,
        actor=actor,
        changes={"status": InitiationStatus.IN_PROGRESS, "assigned_to": actor},
        expected_version=None,
        kind=JournalKind.TAKEN,
        view="casework:take",
        where=Q(status=InitiationStatus.NEW),
        refusal=_taken_already,
    )


@transaction.atomic
def initiation_assign(
    *, actor: User, initiation: Initiation, worker: User, expected_version: int | None = None
) -> Initiation:
    """Give an initiation to a worker of the team; with `expected_version` (the queue page's reading),
    refused when someone changed the initiation since."""
    _check_triage(actor, initiation)
    if worker.role not in CLIENT_WORK_ROLES or not teams_of(worker).filter(pk=initiation.team_id).exists():
        raise ValidationError({"worker": [_("Assign to a worker of this team.")]})
    _move(initiation, InitiationStatus.IN_PROGRESS)
    return _change_and_record(
        initiation,
        actor=actor,
        changes={"status": InitiationStatus.IN_PROGRESS, "assigned_to": worker},
        expected_version=expected_version,
        kind=JournalKind.ASSIGNED,
        message="assigned",
        params={"worker": worker},
        view="casework:assign",
    )


@transaction.atomic
def initiation_set_urgent(
    *, actor: User, initiation: Initiation, urgent: bool, expected_version: int | None = None
) -> Initiation:
    """Mark an initiation urgent (assess immediately: due today) or not; the due dates are stored anew.
    With `expected_version`, refused when someone changed the initiation since it was read."""
    _check_triage(actor, initiation)
    if initiation.status == InitiationStatus.CLOSED:
        raise _closed_already()
    due = _due_dates(
        initiation.client,
        initiation.team,
        initiation.initiated_at,
        urgent,
        initiation.highest_care_allowance,
        initiation.child_special_support,
    )
    if urgent:
        # Urgency found later is due the day it is found, not the day of the contact.
        due["assessment_start_due"] = max(due["assessment_start_due"], timezone.localdate())
    return _change_and_record(
        initiation,
        actor=actor,
        changes={"urgent": urgent, **due},
        expected_version=expected_version,
        kind=JournalKind.URGENCY,
        message="marked_urgent" if urgent else "marked_not_urgent",
        view="casework:urgent",
    )


@transaction.atomic
def initiation_set_codes(
    *,
    actor: User,
    initiation: Initiation,
    service_task_code: str,
    service_process_code: str,
    special_group_codes: Sequence[str],
    expected_version: int | None = None,
) -> Initiation:
    """The worker corrects the matter's national codes (service task, service process, special groups), each
    checked against its code set. With `expected_version`, refused when someone changed it since."""
    _check_triage(actor, initiation)
    special_group_codes = list(dict.fromkeys(special_group_codes))
    errors = national_code_errors(
        service_task_code=service_task_code,
        service_process_code=service_process_code,
        special_group_codes=special_group_codes,
    )
    if errors:
        raise ValidationError(errors)
    changes = {
        "service_task_code": service_task_code,
        "service_process_code": service_process_code,
        "special_group_codes": special_group_codes,
    }
    for name, value in changes.items():
        setattr(initiation, name, value)
    initiation.save_versioned(actor=actor, expected_version=expected_version, update_fields=list(changes))
    use_log_write(
        actor=actor,
        client_ids=[initiation.client_id],
        view="casework:initiation_codes",
        object_type="initiation",
        object_id=str(initiation.pk),
        action=Action.WRITE,
    )
    return initiation


@transaction.atomic
def initiation_close(
    *, actor: User, initiation: Initiation, reason: str, expected_version: int | None = None
) -> Initiation:
    """Close an initiation with its reason, e.g. no need for social welfare, or handled elsewhere. With
    `expected_version`, refused when someone changed the initiation since it was read."""
    _check_triage(actor, initiation)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for closing.")]})
    _move(initiation, InitiationStatus.CLOSED)
    return _change_and_record(
        initiation,
        actor=actor,
        changes={
            "status": InitiationStatus.CLOSED,
            "closed_at": timezone.now(),
            "close_reason": reason.strip(),
        },
        expected_version=expected_version,
        kind=JournalKind.CLOSED,
        message="initiation_closed",
        params={"reason": reason.strip()},
        view="casework:close",
    )


@transaction.atomic
def relationship_end(*, actor: User, relationship: ClientRelationship, reason: str) -> ClientRelationship:
    """End a client relationship by a recorded entry that there is no longer a basis for social welfare
    (SHL 34). A later initiation opens a new relationship."""
    if not may_triage(actor, relationship.team):
        raise PermissionDenied(_("Only the team's workers and managers end its client relationships."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Record why there is no longer a basis for social welfare.")]})
    ended = ClientRelationship.objects.filter(pk=relationship.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(),
        end_reason=reason.strip(),
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    if not ended:
        raise ValidationError(_("This client relationship has already ended."), code="ended")
    relationship.refresh_from_db()
    open_initiations = Initiation.objects.filter(relationship=relationship).filter(
        ~Q(status=InitiationStatus.CLOSED)
    )
    open_initiations.update(
        status=InitiationStatus.CLOSED,
        closed_at=timezone.now(),
        close_reason=reason.strip(),
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    journal_write(
        actor=actor,
        client=relationship.client,
        kind=JournalKind.RELATIONSHIP_ENDED,
        message="relationship_ended",
        params={"team": relationship.team, "reason": relationship.end_reason},
    )
    use_log_write(
        actor=actor,
        client_ids=[relationship.client_id],
        view="casework:relationship_end",
        object_type="client_relationship",
        object_id=str(relationship.pk),
        action=Action.WRITE,
    )
    return relationship
