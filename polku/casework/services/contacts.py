"""Contacts from other authorities (SHL 35): by an electronic notice or a phone call.

Every function runs in one transaction and writes its journal entry and use-log row with the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.casework.kela import notice_due, unknown_notice_type
from polku.casework.models import (
    Channel,
    ConsentGround,
    Contact,
    InitiatorType,
    JournalKind,
    ReasonCode,
)
from polku.casework.services.initiations import initiation_create, may_send_contacts, route_team
from polku.casework.services.journal import journal_write
from polku.clients.services import client_find_or_register
from polku.codes.national import (
    NEED_REPORTER,
    SERVICE_TASK,
    code_check,
    codes_of,
    need_reporter_for,
    service_task_for,
)

# How Kela names itself in a contact (Finnish, Swedish, English): its reporter code needs no choosing.
_KELA_NAMES = frozenset({"kela", "kansaneläkelaitos", "fpa", "folkpensionsanstalten", "fpa-kela"})


@dataclass(frozen=True)
class Person:
    hetu: str
    first_name: str
    last_name: str
    language: str = "fi"


@dataclass(frozen=True)
class Sender:
    organisation: str
    name: str = ""
    phone: str = ""


def _contact_errors(
    *,
    consent: bool,
    ground_without_consent: str | None,
    reasons: Sequence[str],
    known: dict[str, ReasonCode],
    description: str,
    contacted_at: datetime,
    sender: Sender,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not consent and not ground_without_consent:
        errors["ground_without_consent"] = [
            _(
                "Without the person's consent a contact needs its legal ground (SHL 35): the person "
                "obviously cannot look after their own care, health or safety, or a child's interest "
                "demands it."
            )
        ]
    if ground_without_consent and ground_without_consent not in ConsentGround.values:
        errors["ground_without_consent"] = [
            _("Unknown ground. Use one of: %(codes)s.") % {"codes": ", ".join(ConsentGround.values)}
        ]
    unknown = [code for code in reasons if code not in known]
    if unknown:
        errors["reasons"] = [_("Unknown reason code(s): %(codes)s.") % {"codes": ", ".join(unknown)}]
    elif not reasons:
        errors["reasons"] = [_("Give at least one reason.")]
    if not description.strip():
        errors["description"] = [_("Describe what you saw.")]
    if not sender.organisation.strip():
        errors["sender.organisation"] = [_("Name the sender organisation.")]
    if contacted_at > timezone.now():
        errors["contacted_at"] = [_("The time of contact cannot be in the future.")]
    return errors


def _reporter_of(sender: Sender) -> str:
    """The national reporter of the need where the sender says it: Kela's contacts are Kela's."""
    first_word = (
        sender.organisation.strip().split(maxsplit=1)[0].strip(",.;:").casefold()
        if sender.organisation.strip()
        else ""
    )
    return need_reporter_for("kela").code if first_word in _KELA_NAMES else ""


def _service_task_of(reasons: Sequence[ReasonCode]) -> str:
    """The national service task the contact's reasons name (ReasonCode.service_task_code, adult social work
    where empty); where they name different ones, adult social work, the service task of SHL 35 contacts."""
    adult_social_work = service_task_for("adult_social_work").code
    in_use = {
        coding.code for coding in codes_of(SERVICE_TASK)
    }  # a mapping a newer version dropped is ignored
    tasks = {
        reason.service_task_code if reason.service_task_code in in_use else adult_social_work
        for reason in reasons
    }
    return tasks.pop() if len(tasks) == 1 else adult_social_work


@transaction.atomic
def contact_receive(
    *,
    actor: User,
    person: Person,
    sender: Sender,
    consent: bool,
    reasons: Sequence[str],
    description: str,
    ground_without_consent: str | None = None,
    urgent: bool = False,
    highest_care_allowance: bool = False,
    contacted_at: datetime | None = None,
    channel: str = Channel.API,
    idempotency_key: str = "",
    reporter_code: str | None = None,
    notice_type: str = "",
) -> tuple[Contact, bool]:
    """Receive a contact from another authority (SHL 35) and register its initiation in a team's queue.

    `reporter_code` is the national reporter of the need (THL's Palvelutarpeen ilmoittaja); None: Kela's
    where the sender is Kela, else not recorded. `notice_type` is the type of a Kela notice (code set
    `kela_notice_type`, polku/casework/kela.py); where the law gives a day limit for it, the contact keeps
    the day (`notice_due`).

    Returns (contact, created). With an `idempotency_key` already used by `actor`, the first contact is
    returned and nothing new is created.
    """
    if not may_send_contacts(actor):
        raise PermissionDenied(_("Your role does not send contacts to social services."))
    if idempotency_key:
        earlier = Contact.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier, False
    contacted_at = contacted_at or timezone.now()
    known = {code.code: code for code in ReasonCode.objects.filter(code__in=list(reasons), active=True)}
    errors = _contact_errors(
        consent=consent,
        ground_without_consent=ground_without_consent,
        reasons=reasons,
        known=known,
        description=description,
        contacted_at=contacted_at,
        sender=sender,
    )
    reporter_code = _reporter_of(sender) if reporter_code is None else reporter_code.strip()
    if reporter_code:
        try:
            code_check(NEED_REPORTER, reporter_code, field="reporter_code")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    notice_refusal = unknown_notice_type(notice_type) if notice_type else None
    if notice_refusal:
        errors["notice_type"] = [notice_refusal]
    try:
        client, _created = client_find_or_register(
            actor=actor,
            hetu=person.hetu,
            first_name=person.first_name,
            last_name=person.last_name,
            language=person.language,
            view="api:contact_create",
        )
    except ValidationError as exc:
        errors.update({f"person.{field}": messages for field, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                client=client,
                sender_organisation=sender.organisation.strip(),
                sender_name=sender.name.strip(),
                sender_phone=sender.phone.strip(),
                consent=consent,
                ground_without_consent=(ground_without_consent or "") if not consent else "",
                reporter_code=reporter_code,
                description=description.strip(),
                urgent=urgent,
                highest_care_allowance=highest_care_allowance,
                contacted_at=contacted_at,
                channel=channel,
                idempotency_key=idempotency_key,
                notice_type=notice_type,
                notice_due=notice_due(notice_type, timezone.localdate(contacted_at)) if notice_type else None,
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError:  # the same message resent while the first was being saved
        return Contact.objects.get(created_by=actor, idempotency_key=idempotency_key), False
    contact.reasons.set(known.values())
    reasons_text = ", ".join(known[code].label for code in reasons)
    initiator = ", ".join(part for part in (sender.organisation.strip(), sender.name.strip()) if part)
    journal_write(
        actor=actor,
        client=client,
        kind=JournalKind.CONTACT,
        at=contacted_at,
        message="contact",
        params={
            "initiator": initiator,
            "reasons": [known[code] for code in reasons],
            "description": contact.description,
        },
    )
    initiation_create(
        actor=actor,
        client=client,
        team=route_team(client),
        initiator_type=InitiatorType.AUTHORITY_CONTACT,
        initiator=initiator,
        need=reasons_text,
        need_on_timeline=[known[code] for code in reasons],
        justification=contact.description,
        urgent=urgent,
        highest_care_allowance=highest_care_allowance,
        initiated_at=contacted_at,
        contact=contact,
        service_task_code=_service_task_of([known[code] for code in reasons]),
    )
    return contact, True


def contact_store_response(*, contact: Contact, response: dict[str, Any]) -> None:
    """Keep the first answer, so that a resent message gets exactly the same answer."""
    Contact.objects.filter(pk=contact.pk, response__isnull=True).update(response=response)
