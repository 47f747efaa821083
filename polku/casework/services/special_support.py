"""Special support (erityistä tukea tarvitseva, SHL 3 §3) and the rules that follow from it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, Qualification, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.models import JournalKind, SpecialSupport, SpecialSupportGround
from polku.casework.services.journal import journal_write
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.core.dates import happened
from polku.core.formats import day as day_text


def needs_special_support(client: Client) -> bool:
    """Whether a determination of special support is in force for the client today."""
    return SpecialSupport.objects.filter(client=client).in_force().exists()


def is_public_office_social_worker(user: User | None) -> bool:
    return user is not None and user.qualification == Qualification.SOCIAL_WORKER_PUBLIC_OFFICE


@transaction.atomic
def special_support_determine(
    *,
    actor: User,
    client: Client,
    grounds: Sequence[str],
    explanation: str,
    determined_on: date | None = None,
) -> SpecialSupport:
    """Record that the client needs special support, with its grounds, date and author."""
    if actor.role not in CLIENT_WORK_ROLES or actor.qualification == Qualification.OTHER:
        raise PermissionDenied(_("Only a social welfare professional determines special support."))
    errors: dict[str, list[str]] = {}
    unknown = [g for g in grounds if g not in SpecialSupportGround.values]
    if not grounds or unknown:
        errors["grounds"] = [_("Choose at least one ground of SHL 3 §3.")]
    if not explanation.strip():
        errors["explanation"] = [_("Explain why seeking and getting services is particularly difficult.")]
    determined_on = determined_on or timezone.localdate()
    if determined_on > timezone.localdate():
        errors["determined_on"] = [_("The date cannot be in the future.")]
    if needs_special_support(client):
        errors["__all__"] = [_("A determination of special support is already in force for this client.")]
    if errors:
        raise ValidationError(errors)
    determination = SpecialSupport.objects.create(
        client=client,
        determined_on=determined_on,
        grounds=list(dict.fromkeys(grounds)),
        explanation=explanation.strip(),
        created_by=actor,
        updated_by=actor,
    )
    journal_write(
        actor=actor,
        client=client,
        kind=JournalKind.SPECIAL_SUPPORT,
        message="special_support",
        params={
            "grounds": [SpecialSupportGround(g).label for g in determination.grounds],
            "explanation": determination.explanation,
        },
    )
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="casework:special_support",
        object_type="special_support",
        object_id=str(determination.pk),
        action=Action.WRITE,
    )
    return determination


END_REASON_MAX_LENGTH = 2000


def may_end_special_support(user: User) -> bool:
    """Whether the user's role and post let them end a determination (of a client they work with)."""
    return user.role in CLIENT_WORK_ROLES and is_public_office_social_worker(user)


@transaction.atomic
def special_support_end(
    *,
    actor: User,
    determination: SpecialSupport,
    reason: str,
    expected_version: int,
    ended_on: date | None = None,
) -> SpecialSupport:
    """End a determination of special support from `ended_on` (today), with the reason the client no longer
    needs it. Ending it lifts the requirements of SHL 36 §2, 42 §2 and 46 (a social worker in a public-office
    post), so only such a social worker ends it, as only one completes the assessment while it is in force.
    A later need is a new determination."""
    if not (may_end_special_support(actor) and works_with_client(actor, determination.client)):
        raise PermissionDenied(
            _("Only a social worker in a public-office post of the client's team ends special support.")
        )
    today = timezone.localdate()
    ended_on = ended_on or today
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Record why the client no longer needs special support.")]
    elif "\x00" in reason or len(reason) > END_REASON_MAX_LENGTH:
        errors["reason"] = [
            _("Write the reason in at most %(max)s characters of text.") % {"max": END_REASON_MAX_LENGTH}
        ]
    if error := happened(ended_on, today=today):
        errors["ended_on"] = [error]
    elif ended_on < determination.determined_on:
        errors["ended_on"] = [
            _("The determination was made on %(day)s: it cannot end before it.")
            % {"day": day_text(determination.determined_on)}
        ]
    if not SpecialSupport.objects.filter(pk=determination.pk).in_force(today).exists():
        errors["__all__"] = [_("This determination of special support is no longer in force.")]
    if errors:
        raise ValidationError(errors)
    determination.ended_on = ended_on
    determination.end_reason = reason
    determination.save_versioned(
        actor=actor, expected_version=expected_version, update_fields=["ended_on", "end_reason"]
    )
    journal_write(
        actor=actor,
        client=determination.client,
        kind=JournalKind.SPECIAL_SUPPORT_ENDED,
        message="special_support_ended",
        params={"day": ended_on, "reason": reason},
    )
    use_log_write(
        actor=actor,
        client_ids=[determination.client_id],
        view="casework:special_support",
        object_type="special_support",
        object_id=str(determination.pk),
        action=Action.WRITE,
    )
    return determination
