"""When the client may see a document of their record, as Omakanta shows it (the Client Data Act 703/2023
lets the organisation delay showing a document, or not show it, where showing it would endanger the
client's health or development or another person's rights; the grounds are the worker's to judge).

Each document follows its type's default (`DEFAULTS`: immediately, except the kinds listed in the setting
`POLKU_NEVER_SHOWN_TO_CLIENT`), until a worker sets a rule of its own for it: immediately, from a date, or
never. The client's one-time links (e.g. the plan's reading link, polku/plans) ask `is_released` before
they show anything; the worker's pages show the rule (`release_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.clients.models import Client, DocumentRelease, DocumentType, ReleaseRule
from polku.clients.selectors import purpose_for
from polku.core.dates import booked
from polku.core.models import StaleEditError


@dataclass(frozen=True)
class Release:
    rule: str
    release_on: date | None = None
    reason: str = ""
    version: int | None = None  # the stored rule's version; None: the type's default

    def shown_on(self, day: date) -> bool:
        if self.rule == ReleaseRule.IMMEDIATELY:
            return True
        if self.rule == ReleaseRule.AFTER_DATE:
            return self.release_on is not None and self.release_on <= day
        return False


def default_release(document_type: str) -> Release:
    never = settings.POLKU_NEVER_SHOWN_TO_CLIENT
    return Release(ReleaseRule.NEVER if document_type in never else ReleaseRule.IMMEDIATELY)


def release_of(document_type: str, object_id: UUID | str) -> Release:
    row = DocumentRelease.objects.filter(document_type=document_type, object_id=str(object_id)).first()
    if row is None:
        return default_release(document_type)
    return Release(row.rule, row.release_on, row.reason, row.version)


def is_released(document_type: str, object_id: UUID | str, *, today: date | None = None) -> bool:
    return release_of(document_type, object_id).shown_on(today or timezone.localdate())


def release_set(
    *,
    actor: User,
    client: Client,
    document_type: str,
    object_id: UUID | str,
    rule: str,
    release_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> DocumentRelease:
    """Set when the client may see the document. `expected_version` is the stored rule's version the
    worker saw (None: she saw the default); an edit based on an older one is refused."""
    errors: dict[str, list[str]] = {}
    if document_type not in DocumentType.values:
        errors["document_type"] = [_("Unknown document type.")]
    if rule not in ReleaseRule.values:
        errors["rule"] = [_("Choose when the client may see the document.")]
    if rule == ReleaseRule.AFTER_DATE:
        if release_on is None:
            errors["release_on"] = [_("Give the date from which the client may see the document.")]
        elif error := booked(release_on, today=timezone.localdate()):
            errors["release_on"] = [error]
    if rule != ReleaseRule.IMMEDIATELY and not reason.strip():
        errors["reason"] = [_("Say why the document is not shown to the client at once.")]
    if "\x00" in reason or len(reason) > 300:
        errors["reason"] = [_("At most 300 characters, no control characters.")]
    if errors:
        raise ValidationError(errors)
    release_on = release_on if rule == ReleaseRule.AFTER_DATE else None
    with transaction.atomic():
        row = DocumentRelease.objects.filter(document_type=document_type, object_id=str(object_id)).first()
        if row is None:
            if expected_version is not None:
                raise StaleEditError()
            try:
                with transaction.atomic():
                    row = DocumentRelease.objects.create(
                        client=client,
                        document_type=document_type,
                        object_id=str(object_id),
                        rule=rule,
                        release_on=release_on,
                        reason=reason.strip(),
                        created_by=actor,
                        updated_by=actor,
                    )
            except IntegrityError as exc:  # another worker set it at the same moment
                raise StaleEditError() from exc
        else:
            if row.client_id != client.pk:
                raise ValidationError(_("The document is not this client's."))
            row.rule, row.release_on, row.reason = rule, release_on, reason.strip()
            row.save_versioned(
                actor=actor,
                expected_version=expected_version if expected_version is not None else -1,
                update_fields=["rule", "release_on", "reason"],
            )
        use_log_write(
            actor=actor,
            client_ids=[client.pk],
            view="clients:release",
            object_type=document_type,
            object_id=str(object_id),
            purpose=purpose_for(actor),
            action=Action.WRITE,
        )
    return row
