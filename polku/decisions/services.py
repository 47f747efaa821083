"""Writes of decisions: draft, make (SHL 45-46), notify with the appeal instructions, record that the
decided service has started (the 3-month limit of SHL 45 §2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import CLIENT_WORK_ROLES, OrganisationKind, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.models import Initiation, JournalKind
from polku.casework.services import in_languages, journal_write
from polku.casework.services.special_support import is_public_office_social_worker, needs_special_support
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.codes.national import SERVICE_TASK, code_check, service_task_for
from polku.core.transitions import Transitions
from polku.core.weekdays import add_months
from polku.decisions.appeal import NotificationMethod, correction_request_last_day, received_on
from polku.decisions.models import (
    APPLICATION_DECISION_TYPES,
    DEFAULT_LEGAL_BASIS,
    MONEY_TYPES,
    Decision,
    DecisionStatus,
    DecisionType,
    Outcome,
)
from polku.finance.models import Application
from polku.finance.services_assistance import application_decided, application_decision_errors
from polku.provision.services import episode_start, provider_catalogued_for

SERVICE_LIMIT_MONTHS = 3  # SHL 45 §2
RECORD_NUMBER_ATTEMPTS = 5

DRAFT_FIELDS = (
    "decision_type",
    "service_name",
    "outcome",
    "decision_text",
    "grounds",
    "legal_basis",
    "provider",
    "start_date",
    "end_date",
    "extent",
    "language",
    "initiation",
    "client_fee",
    "implement_at_once",
    "service_task_code",
    "application",
)

# Status transitions (design rule 6).
TRANSITIONS = Transitions(
    DecisionStatus,
    {
        DecisionStatus.DRAFT: {DecisionStatus.DECIDED},
        DecisionStatus.DECIDED: {DecisionStatus.NOTIFIED},
        DecisionStatus.NOTIFIED: set(),
    },
)


def _check_worker(actor: User, client: Client) -> None:
    if actor.role not in CLIENT_WORK_ROLES or not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers prepare decisions."))


def _move(decision: Decision, to: str) -> None:
    TRANSITIONS.check(
        decision.status, to, message=_("This decision is %(status)s and cannot be changed that way.")
    )


def _content_errors(decision: Decision, actor: User) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("decision_text", "grounds", "legal_basis"):
        if not getattr(decision, name).strip():
            errors[name] = [_("A decision needs this (SHL 45, hallintolaki 44-45 §).")]
    if decision.decision_type == DecisionType.OTHER and not decision.service_name.strip():
        errors["service_name"] = [_("Name the service.")]
    if decision.provider is not None and decision.provider.kind != OrganisationKind.PROVIDER:
        errors["provider"] = [_("Choose a service provider.")]
    elif decision.provider is not None and not provider_catalogued_for(
        actor, provider=decision.provider, kind=decision.decision_type
    ):
        errors["provider"] = [_("This provider does not offer the service: see the service catalogue.")]
    if decision.initiation is not None and decision.initiation.client_id != decision.client_id:
        errors["initiation"] = [_("The initiation is another client's.")]
    if decision.decision_type in MONEY_TYPES:
        if decision.application is None:
            errors["application"] = [
                _("A decision on social assistance or social credit answers an application.")
            ]
        else:
            errors |= application_decision_errors(
                decision.application, client_id=decision.client_id, granted=decision.outcome != Outcome.DENIED
            )
    elif decision.application is not None:
        errors["application"] = [
            _("Only social assistance and social credit decisions answer an application.")
        ]
    return errors


@transaction.atomic
def decision_draft(
    *,
    actor: User,
    client: Client,
    decision_type: str,
    decision_text: str = "",
    grounds: str = "",
    legal_basis: str = "",
    **fields: Any,
) -> Decision:
    """Start a decision; it can be saved incomplete and is checked when it is made."""
    _check_worker(actor, client)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    decision = Decision(
        client=client,
        decision_type=decision_type,
        decision_text=decision_text,
        grounds=grounds,
        legal_basis=legal_basis,
        created_by=actor,
        updated_by=actor,
        **fields,
    )
    _check_draft(decision)
    decision.save()
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="decisions:draft",
        object_type="decision",
        object_id=str(decision.pk),
        action=Action.WRITE,
    )
    return decision


def _apply_changes(decision: Decision, changes: dict[str, Any]) -> None:
    """Put a draft's edits on the (unsaved) instance and check them; nothing is written here."""
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("A decision that has been made is not edited; make a new decision."))
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    if "decision_type" in changes and "service_task_code" not in changes:
        decision.service_task_code = ""  # the new type's own, set by _check_draft
    for name, value in changes.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    _check_draft(decision)


def _check_draft(decision: Decision) -> None:
    """What even a draft must satisfy; the content is checked when the decision is made."""
    decision.full_clean(exclude=["decision_text", "grounds", "legal_basis", "created_by", "updated_by"])
    if decision.start_date and decision.end_date and decision.end_date < decision.start_date:
        raise ValidationError({"end_date": [_("The end cannot be before the start.")]})
    if decision.service_task_code:
        code_check(SERVICE_TASK, decision.service_task_code, field="service_task_code")
    else:
        decision.service_task_code = service_task_for(decision.decision_type).code


@transaction.atomic
def decision_for_application(*, actor: User, application: Application, **content: Any) -> Decision:
    """The decision on a social assistance or social credit application: its draft, made now of the
    application's type with `content` (the decision's text, grounds, outcome...), or the one already made
    for it, as it is."""
    existing = Decision.objects.filter(application=application).first()
    if existing is not None:
        return existing
    decision_type = APPLICATION_DECISION_TYPES[application.kind]
    return decision_draft(
        actor=actor,
        client=application.client,
        decision_type=decision_type,
        legal_basis=DEFAULT_LEGAL_BASIS[decision_type],
        application=application,
        **({"language": "sv" if application.client.language == "sv" else "fi"} | content),
    )


@transaction.atomic
def decision_update(*, actor: User, decision: Decision, expected_version: int, **changes: Any) -> Decision:
    """Edit a draft; refused when someone else saved since `expected_version`."""
    _check_worker(actor, decision.client)
    _apply_changes(decision, changes)
    decision.save_versioned(actor=actor, expected_version=expected_version, update_fields=list(changes))
    use_log_write(
        actor=actor,
        client_ids=[decision.client_id],
        view="decisions:edit",
        object_type="decision",
        object_id=str(decision.pk),
        action=Action.WRITE,
    )
    return decision


@transaction.atomic
def decision_make(*, actor: User, decision: Decision, expected_version: int, **changes: Any) -> Decision:
    """Make the decision, with the draft's last edits (`changes`) saved in the same step. For a client
    needing special support only a social worker in a public-office post may make it (SHL 46). A granted
    service with an initiation starts the 3-month limit (SHL 45).

    Everything is checked before anything is written: a refused decision leaves the draft and its version
    as they were, so the worker corrects the form and makes it again."""
    _check_worker(actor, decision.client)
    _move(decision, DecisionStatus.DECIDED)
    _apply_changes(decision, changes)
    errors = _content_errors(decision, actor)
    if errors:
        raise ValidationError(errors)
    if needs_special_support(decision.client) and not is_public_office_social_worker(actor):
        raise PermissionDenied(
            _(
                "The client needs special support: only a social worker in a public-office post "
                "may make this decision (SHL 46)."
            )
        )
    decision.status = DecisionStatus.DECIDED
    decision.decided_at = timezone.now()
    decision.decided_by = actor
    year = timezone.localdate(decision.decided_at).year
    for attempt in range(RECORD_NUMBER_ATTEMPTS):
        decision.record_number = record_number_next(year)
        try:
            with transaction.atomic():
                decision.save_versioned(
                    actor=actor,
                    expected_version=expected_version,
                    update_fields=[*changes, "status", "decided_at", "decided_by", "record_number"],
                )
            break
        except IntegrityError:  # another decision took the number at the same moment: take the next
            if attempt == RECORD_NUMBER_ATTEMPTS - 1:
                raise
    if decision.application is not None:
        application_decided(
            application=decision.application,
            outcome=decision.outcome,
            decided_on=timezone.localdate(decision.decided_at),
        )
    elif decision.initiation is not None and decision.outcome != Outcome.DENIED:
        initiation = decision.initiation
        if initiation.service_due is None:
            due = add_months(timezone.localdate(initiation.initiated_at), SERVICE_LIMIT_MONTHS)
            Initiation.objects.filter(pk=initiation.pk).update(
                service_due=due, updated_at=timezone.now(), updated_by=actor, version=F("version") + 1
            )
    if decision.outcome != Outcome.DENIED and decision.provider is not None:
        # The decision refers the client to the provider, who from now on sees what the service needs.
        episode_start(
            actor=actor,
            client=decision.client,
            kind=decision.decision_type,
            name=decision.service_name,
            provider=decision.provider,
            start_date=decision.start_date or timezone.localdate(),
            end_date=decision.end_date,
            extent=decision.extent,
            decision_id=decision.pk,
        )
    journal_write(
        actor=actor,
        client=decision.client,
        kind=JournalKind.DECISION,
        initiation=decision.initiation,
        message="decision",
        params={
            "service": in_languages(lambda: decision.service_label),
            "outcome": in_languages(decision.get_outcome_display),
            "text": decision.decision_text,
        },
    )
    use_log_write(
        actor=actor,
        client_ids=[decision.client_id],
        view="decisions:make",
        object_type="decision",
        object_id=str(decision.pk),
        action=Action.WRITE,
    )
    return decision


def record_number_next(year: int) -> str:
    """The decision's record number (diaarinumero), "<year>/<running number>", one series a year. Two
    decisions made at the same moment may read the same number: the unique constraint refuses the second,
    which takes the next one (decision_make)."""
    numbers = Decision.objects.filter(record_number__startswith=f"{year}/")
    last = numbers.order_by(Length("record_number").desc(), "-record_number").values_list(
        "record_number", flat=True
    )
    latest = next(iter(last[:1]), None)
    return f"{year}/{int(latest.split('/')[1]) + 1 if latest else 1}"


NO_POSTAL_ADDRESS = gettext_lazy(
    "The client has no postal address: the decision cannot be sent by letter. Hand it over in person or "
    "notify it electronically, or record the address first."
)


def has_postal_address(client: Client) -> bool:
    """A letter needs somewhere to go (under address protection the address is kept but never printed)."""
    return bool(client.street_address.strip() and client.postal_code.strip())


@transaction.atomic
def decision_notify(*, actor: User, decision: Decision, method: str, sent_on: date) -> Decision:
    """Record how and when the decision was given to the client; computes the last day to ask for a
    correction."""
    _check_worker(actor, decision.client)
    _move(decision, DecisionStatus.NOTIFIED)
    if method not in NotificationMethod.values:
        raise ValidationError({"method": [_("Choose how the decision was notified.")]})
    if method == NotificationMethod.LETTER and not has_postal_address(decision.client):
        raise ValidationError({"method": [NO_POSTAL_ADDRESS]})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": [_("The date cannot be in the future.")]})
    if decision.decided_at is not None and sent_on < timezone.localdate(decision.decided_at):
        raise ValidationError({"sent_on": [_("The decision cannot be sent before it was made.")]})
    updated = Decision.objects.filter(pk=decision.pk, status=DecisionStatus.DECIDED).update(
        status=DecisionStatus.NOTIFIED,
        notification_method=method,
        notification_sent_on=sent_on,
        received_on=received_on(method, sent_on),
        appeal_last_day=correction_request_last_day(method, sent_on),
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    if not updated:
        raise ValidationError(_("Someone recorded the notification already."), code="stale")
    decision.refresh_from_db()
    use_log_write(
        actor=actor,
        client_ids=[decision.client_id],
        view="decisions:notify",
        object_type="decision",
        object_id=str(decision.pk),
        action=Action.WRITE,
    )
    return decision


@transaction.atomic
def decision_service_started(
    *,
    actor: User,
    decision: Decision,
    started_on: date,
    delay_reason: str = "",
) -> Initiation | None:
    """Record that the decided service has started; after the 3-month limit a special reason is needed."""
    _check_worker(actor, decision.client)
    if decision.status == DecisionStatus.DRAFT or decision.outcome == Outcome.DENIED:
        raise ValidationError(_("Only a decided, granted service can start."))
    initiation = decision.initiation
    if initiation is None:
        return None
    if initiation.service_due and started_on > initiation.service_due and not delay_reason.strip():
        raise ValidationError(
            {
                "delay_reason": [
                    _("The service starts after the 3-month limit (SHL 45 §2): record the special reason.")
                ]
            }
        )
    # Recorded once (the page offers the form only until then): a second recording from an older page
    # is refused rather than moving the date someone else recorded.
    recorded = Initiation.objects.filter(pk=initiation.pk, service_started_on__isnull=True).update(
        service_started_on=started_on,
        service_delay_reason=delay_reason.strip(),
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    if not recorded:
        raise ValidationError(_("Someone recorded the start of the service already."), code="stale")
    initiation.refresh_from_db()
    return initiation
