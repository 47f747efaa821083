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
