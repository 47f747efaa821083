"""The case journal (asiakaskertomus): every service writes its event here, in its own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, User
from polku.audit.models import Action
from polku.audit.services import use_log_write
from polku.casework.journal_messages import MESSAGES, encode_params
from polku.casework.models import Initiation, JournalEntry, JournalKind
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.core.dates import happened_at


def journal_write(
    *,
    actor: User,
    client: Client,
    kind: str,
    summary: str = "",
    message: str = "",
    params: Mapping[str, Any] | None = None,
    initiation: Initiation | None = None,
    at: datetime | None = None,
) -> JournalEntry:
    """An entry on the client's timeline: what a person wrote (`summary`), or what the system records as a
    message code of `journal_messages.MESSAGES` and its `params`, shown in the reader's language."""
    if message not in ("", *MESSAGES):
        raise ValueError(f"unknown journal message {message!r}")
    return JournalEntry.objects.create(
        client=client,
        kind=kind,
        summary=summary,
        message=message,
        params=encode_params(params),
        author=actor,
        initiation=initiation,
        at=at or timezone.now(),
    )


@transaction.atomic
def journal_note_add(
    *, actor: User, client: Client, kind: str, text: str, at: datetime | None = None
) -> JournalEntry:
    """A worker's own entry on the timeline: a meeting with the client, or a note."""
    if actor.role not in CLIENT_WORK_ROLES or not works_with_client(actor, client):
        raise PermissionDenied(_("Only the client's workers write on the timeline."))
    errors: dict[str, list[str]] = {}
    if kind not in (JournalKind.MEETING, JournalKind.NOTE):
        errors["kind"] = [_("Choose a meeting or a note.")]
    if not text.strip():
        errors["text"] = [_("Write the entry.")]
    now = timezone.now()
    at = at or now
    if error := happened_at(at, now=now):
        errors["at"] = [error]
    if errors:
        raise ValidationError(errors)
    entry = journal_write(actor=actor, client=client, kind=kind, summary=text.strip(), at=at)
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="casework:timeline",
        object_type="journal_entry",
        object_id=str(entry.pk),
        action=Action.WRITE,
    )
    return entry
