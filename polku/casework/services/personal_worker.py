"""The personal worker (omatyöntekijä, SHL 42), with the history of assignments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, Qualification, User
from polku.accounts.selectors import teams_of
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.models import JournalKind, PersonalWorkerAssignment
from polku.casework.services.initiations import may_triage
from polku.casework.services.journal import journal_write
from polku.casework.services.special_support import is_public_office_social_worker, needs_special_support
from polku.clients.models import ClientRelationship
from polku.core.models import StaleEditError

# SHL 42: the personal worker is a social welfare professional.
PROFESSIONAL_QUALIFICATIONS = {Qualification.SOCIAL_WORKER_PUBLIC_OFFICE, Qualification.SOCIAL_COUNSELLOR}


def _may_be_named(user: User, relationship: ClientRelationship) -> bool:
    """Whether `user` is active and a member of a team that has an open relationship with the client:
    naming a personal worker lets them see the client, so only the client's own teams' workers qualify."""
    open_teams = ClientRelationship.objects.filter(client_id=relationship.client_id, ended_at__isnull=True)
    return user.is_active and teams_of(user).filter(pk__in=open_teams.values("team_id")).exists()


def personal_worker_rule_errors(
    *, relationship: ClientRelationship, worker: User, alongside: User | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    not_of_the_teams = _("Choose an active worker of a team that the client has a relationship with.")
    if worker.role not in CLIENT_WORK_ROLES or worker.qualification not in PROFESSIONAL_QUALIFICATIONS:
        errors["worker"] = [_("The personal worker must be a social welfare professional (SHL 42).")]
    elif not _may_be_named(worker, relationship):
        errors["worker"] = [not_of_the_teams]
    if alongside is not None and not is_public_office_social_worker(alongside):
        errors["alongside"] = [_("The worker alongside must be a social worker in a public-office post.")]
    elif alongside is not None and not _may_be_named(alongside, relationship):
        errors["alongside"] = [not_of_the_teams]
    if needs_special_support(relationship.client) and not (
        is_public_office_social_worker(worker) or is_public_office_social_worker(alongside)
    ):
        errors.setdefault("worker", []).append(
            _(
                "The client needs special support: the personal worker, or the worker alongside them, "
                "must be a social worker in a public-office post (SHL 42 §2)."
            )
        )
    return errors


@transaction.atomic
def personal_worker_assign(
    *,
    actor: User,
    relationship: ClientRelationship,
    worker: User,
    alongside: User | None = None,
    expected_version: int | None = None,
) -> PersonalWorkerAssignment:
    """Name the personal worker of an open client relationship; the previous assignment ends now. With
    `expected_version` (the relationship's, as the page showed it), refused when someone named another
    personal worker or otherwise changed the relationship since."""
    if not may_triage(actor, relationship.team):
        raise PermissionDenied(_("Only the team's workers and managers name personal workers."))
    if not relationship.is_open:
        raise ValidationError(_("The client relationship has ended; a new initiation opens a new one."))
    errors = personal_worker_rule_errors(relationship=relationship, worker=worker, alongside=alongside)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    # Claim the relationship first: of two people naming a personal worker at once, one is refused.
    rows = ClientRelationship.objects.filter(pk=relationship.pk, ended_at__isnull=True)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(personal_worker=worker, updated_by=actor, updated_at=now, version=F("version") + 1):
        raise StaleEditError()
    PersonalWorkerAssignment.objects.filter(relationship=relationship, ended_at__isnull=True).update(
        ended_at=now, updated_by=actor, updated_at=now, version=F("version") + 1
    )
    assignment = PersonalWorkerAssignment.objects.create(
        relationship=relationship,
        worker=worker,
        alongside=alongside,
        started_at=now,
        created_by=actor,
        updated_by=actor,
    )
    relationship.refresh_from_db()
    journal_write(
        actor=actor,
        client=relationship.client,
        kind=JournalKind.PERSONAL_WORKER,
        message="personal_worker",
        params={"worker": worker, "alongside": alongside},
    )
    use_log_write(
        actor=actor,
        client_ids=[relationship.client_id],
        view="casework:personal_worker",
        object_type="personal_worker_assignment",
        object_id=str(assignment.pk),
        action=Action.WRITE,
    )
    return assignment
