"""The service need assessment (palvelutarpeen arviointi, SHL 36-37) and the client's pre-assessment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.journal_messages import in_languages
from polku.casework.models import Assessment, Initiation, InitiationStatus, JournalKind, PreAssessment
from polku.casework.services.initiations import may_triage
from polku.casework.services.journal import journal_write
from polku.casework.services.special_support import is_public_office_social_worker, needs_special_support
from polku.clients.links import link_claim, link_create, link_find, link_log, link_use

# SHL 37: what a completed assessment must contain. The client's view may be replaced by the recorded
# obstacle to getting it.
CONTENT_FIELDS = Assessment.CONTENTS
REQUIRED_FOR_COMPLETION = (
    "need_duration",
    "situation_summary",
    "service_needs",
    "conclusion",
    "personal_worker_client_view",
    "personal_worker_professional_view",
)


def _check_worker(actor: User, initiation: Initiation) -> None:
    if actor.role not in CLIENT_WORK_ROLES or not may_triage(actor, initiation.team):
        raise PermissionDenied(_("Only the team's workers make service need assessments."))


@transaction.atomic
def assessment_start(*, actor: User, initiation: Initiation) -> Assessment:
    """Start the assessment of an initiation (the moment the statutory start limit looks at)."""
    _check_worker(actor, initiation)
    if initiation.status == InitiationStatus.CLOSED:
        raise ValidationError(_("This initiation has been closed."))
    now = timezone.now()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                client=initiation.client,
                initiation=initiation,
                started_at=now,
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("The assessment of this initiation has already been started."), code="started"
        ) from exc
    Initiation.objects.filter(pk=initiation.pk).update(
        assessment_started_at=now,
        status=InitiationStatus.IN_PROGRESS,
        assigned_to=initiation.assigned_to or actor,
        updated_by=actor,
        updated_at=now,
        version=F("version") + 1,
    )
    journal_write(
        actor=actor,
        client=initiation.client,
        kind=JournalKind.ASSESSMENT_STARTED,
        initiation=initiation,
    )
    use_log_write(
        actor=actor,
        client_ids=[initiation.client_id],
        view="casework:assessment",
        object_type="assessment",
        object_id=str(assessment.pk),
        action=Action.WRITE,
    )
    return assessment


@transaction.atomic
def assessment_save(
    *, actor: User, assessment: Assessment, expected_version: int, **contents: Any
) -> Assessment:
    """Save the contents of an assessment in progress; refused if someone saved since `expected_version`."""
    _check_worker(actor, assessment.initiation)
    if assessment.is_completed:
        raise ValidationError(_("A completed assessment is not changed; record a new one when needed."))
    unknown = set(contents) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    for name, value in contents.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    assessment.full_clean(exclude=["client", "initiation", "created_by", "updated_by", "completed_by"])
    assessment.save_versioned(actor=actor, expected_version=expected_version, update_fields=list(contents))
    use_log_write(
        actor=actor,
        client_ids=[assessment.client_id],
        view="casework:assessment",
        object_type="assessment",
        object_id=str(assessment.pk),
        action=Action.WRITE,
    )
    return assessment


def missing_contents(assessment: Assessment) -> list[str]:
    missing = [name for name in REQUIRED_FOR_COMPLETION if not getattr(assessment, name)]
    if not assessment.client_view and not assessment.client_view_obstacle:
        missing.append("client_view")
    return missing


@transaction.atomic
def assessment_complete(*, actor: User, assessment: Assessment, expected_version: int) -> Assessment:
    """Complete the assessment: every SHL 37 item must be there; for a client needing special support only
    a social worker in a public-office post may complete it (SHL 36 §2)."""
    _check_worker(actor, assessment.initiation)
    if assessment.is_completed:
        raise ValidationError(_("The assessment is already completed."))
    missing = missing_contents(assessment)
    if missing:
        labels = [str(getattr(Assessment._meta.get_field(name), "verbose_name", name)) for name in missing]
        raise ValidationError(
            {name: [_("Required to complete the assessment (SHL 37).")] for name in missing}
            | {"__all__": [_("Still missing: %(items)s.") % {"items": "; ".join(labels)}]}
        )
    if needs_special_support(assessment.client) and not is_public_office_social_worker(actor):
        raise PermissionDenied(
            _(
                "The client needs special support: only a social worker in a public-office post may complete "
                "the assessment (SHL 36 §2)."
            )
        )
    now = timezone.now()
    assessment.completed_at = now
    assessment.completed_by = actor
    assessment.save_versioned(
        actor=actor, expected_version=expected_version, update_fields=["completed_at", "completed_by"]
    )
    Initiation.objects.filter(pk=assessment.initiation_id).update(
        assessment_completed_at=now, updated_at=now, updated_by=actor, version=F("version") + 1
    )
    journal_write(
        actor=actor,
        client=assessment.client,
        kind=JournalKind.ASSESSMENT_COMPLETED,
        initiation=assessment.initiation,
        message="assessment_completed",
        params={
            "duration": in_languages(assessment.get_need_duration_display),
            "conclusion": assessment.conclusion,
        },
    )
    use_log_write(
        actor=actor,
        client_ids=[assessment.client_id],
        view="casework:assessment",
        object_type="assessment",
        object_id=str(assessment.pk),
        action=Action.WRITE,
    )
    return assessment


@transaction.atomic
def pre_assessment_send(*, actor: User, assessment: Assessment) -> tuple[PreAssessment, str]:
    """Create a one-time link for the client's pre-assessment; returns it with the raw token (shown once)."""
    _check_worker(actor, assessment.initiation)
    pre, token = link_create(PreAssessment, created_by=actor, client=assessment.client, assessment=assessment)
    use_log_write(
        actor=actor,
        client_ids=[assessment.client_id],
        view="casework:pre_assessment_send",
        object_type="pre_assessment",
        object_id=str(pre.pk),
        action=Action.WRITE,
    )
    return pre, token


def pre_assessment_open(token: str) -> PreAssessment:
    """The client opens the link: the open pre-assessment of it (its first opening recorded); a used,
    expired, revoked or unknown link is refused alike. The page shows nothing of the client, so nothing is
    logged as read."""
    pre, _new_secret = link_claim(PreAssessment.objects.all(), token)
    return pre


@transaction.atomic
def pre_assessment_submit(*, token: str, own_view: str, needs: str, strengths: str = "") -> PreAssessment:
    """The client answers through the link; the link is then used up."""
    pre = link_find(PreAssessment.objects.all(), token)
    if not own_view.strip() and not needs.strip():
        raise ValidationError({"own_view": [_("Write at least a few words about your situation or needs.")]})
    link_use(pre, own_view=own_view.strip(), needs=needs.strip(), strengths=strengths.strip())
    pre.refresh_from_db()
    link_log(
        pre,
        view="casework:pre_assessment_answer",
        object_type="pre_assessment",
        object_id=str(pre.pk),
        action=Action.WRITE,
    )
    journal_write(
        actor=pre.created_by,
        client=pre.client,
        kind=JournalKind.PRE_ASSESSMENT,
    )
    return pre


@transaction.atomic
def pre_assessment_pull(*, actor: User, pre_assessment: PreAssessment, assessment: Assessment) -> Assessment:
    """Take the client's answers into the assessment as the client's own view (SHL 37), kept verbatim."""
    if pre_assessment.used_at is None:
        raise ValidationError(_("The client has not answered yet."))
    # Claimed first: taken twice (two clicks, two workers), the client's view would be in it twice.
    claimed = PreAssessment.objects.filter(pk=pre_assessment.pk, pulled_at__isnull=True).update(
        pulled_at=timezone.now(), assessment=assessment
    )
    if not claimed:
        raise ValidationError(_("These answers have already been taken into the assessment."), code="stale")
    parts = [
        pre_assessment.own_view,
        pre_assessment.needs and _("Needs: %(text)s") % {"text": pre_assessment.needs},
        pre_assessment.strengths and _("Strengths: %(text)s") % {"text": pre_assessment.strengths},
    ]
    view = "\n\n".join(part for part in parts if part)
    combined = f"{assessment.client_view}\n\n{view}".strip() if assessment.client_view else view
    assessment_save(
        actor=actor, assessment=assessment, expected_version=assessment.version, client_view=combined
    )
    return assessment
