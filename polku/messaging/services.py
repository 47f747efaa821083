"""Sending messages to clients: e-mail or SMS, in the client's language, through the outbox (`Message`).

`message_send` is the one way to send: it validates, and in one transaction stores the message (its body
encrypted), writes the disclosure log row and the use log row; after the commit the message is tried once
at once, and `deliver_due` (on the clock of `polku worker`) retries what failed, with backoff, at most
`MAX_ATTEMPTS` times, after which the message is given up (status failed) and shown to the worker who sent
it (`failed_messages_for`). Once sent or given up, the encrypted subject and body are blanked.

An appointment sends its confirmation with no link::

    message_send(actor=worker, client=client, kind=MessageKind.APPOINTMENT_CONFIRMATION,
                 channel=Channel.SMS, confirmed=False, details="ti 8.12. klo 10.00, Kauppakatu 1")

A change or cancellation is the same with `MessageKind.APPOINTMENT_CHANGE`. `details` is put in the body
as given (at most 200 characters: the time and place, no client data); `link` is for the one-time
links, which go through `message_send_link` (it checks the raw token against the link's hash).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polku.accounts.models import User, hash_token
from polku.audit.models import Action, LegalBasis, Purpose
from polku.audit.services import disclosure_log_write, use_log_write
from polku.clients.links import ClientLink
from polku.clients.models import Client
from polku.clients.selectors import works_with_client
from polku.core.attempts import claim_attempt
from polku.core.crypto import decrypt_text, encrypt_text

from .links import sendable_of
from .models import Channel, Message, MessageKind, MessageStatus
from .sms import sms_backend

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=30)
DETAILS_MAX_LENGTH = 200


def message_language(client: Client) -> str:
    """The language of the client's messages: Finnish, Swedish or English (Sámi gets Finnish, any other
    language English)."""
    if client.language in ("fi", "sv", "en"):
        return client.language
    return "en" if client.language == "other" else "fi"


def client_address(client: Client, channel: str) -> str:
    return (client.email if channel == Channel.EMAIL else client.phone).strip()


def _first_name(client: Client) -> str:
    names = client.first_name.split()
    return names[0] if names else ""


def _texts(kind: str) -> str:
    texts = {
        MessageKind.PRE_ASSESSMENT_LINK: _(
            "Hello %(name)s, your worker asks you to fill in a pre-assessment form. "
            "Open it with this link: %(link)s"
        ),
        MessageKind.SELF_ASSESSMENT_LINK: _(
            "Hello %(name)s, your worker asks you to fill in a self-assessment. "
            "Open it with this link: %(link)s"
        ),
        MessageKind.PLAN_READING_LINK: _(
            "Hello %(name)s, your client plan is ready for you to read. Open it with this link: %(link)s"
        ),
        MessageKind.APPOINTMENT_CONFIRMATION: _("Hello %(name)s, your appointment is confirmed: %(details)s"),
        MessageKind.APPOINTMENT_CHANGE: _(
            "Hello %(name)s, your appointment has been changed or cancelled: %(details)s"
        ),
    }
    return texts[MessageKind(kind)]


def message_render(*, client: Client, kind: str, link: str = "", details: str = "") -> tuple[str, str, str]:
    """(language, subject, body) of a message to `client`: only the first name, what the message is
    and the link or the appointment's details."""
    language = message_language(client)
    with translation.override(language):
        subject = _("A message from your social worker")
        body = _texts(kind) % {"name": _first_name(client), "link": link, "details": details}
        body += "\n\n" + _("This message was sent automatically; do not reply to it.")
    return language, subject, body


def _clean(value: str, max_length: int) -> str:
    """Refuse what no message carries: NUL characters, or a link or details longer than any real one."""
    if "\x00" in value:
        raise ValidationError(_("The message cannot be sent: it contains characters that are not allowed."))
    if len(value) > max_length:
        raise ValidationError(_("The message cannot be sent: the link or the details are too long."))
    return value


def message_send(
    *,
    actor: User,
    client: Client,
    kind: str,
    channel: str,
    confirmed: bool = False,
    link: str = "",
    details: str = "",
) -> Message:
    """Queue a message to `client` and send it right after the commit. Refused (ValidationError or
    PermissionDenied) when the actor does not work with the client, the client has no address for the
    channel, or the client has address protection and the worker did not confirm the channel."""
    if kind not in MessageKind.values:
        raise ValidationError(_("Unknown kind of message."))
    if channel not in Channel.values:
        raise ValidationError(_("Choose e-mail or SMS."))
    link = _clean(link, 1000)
    details = _clean(details, DETAILS_MAX_LENGTH)
    if not works_with_client(actor, client):
        raise PermissionDenied(_("Only a worker who works with the client can send the client messages."))
    address = client_address(client, channel)
    if not address:
        raise ValidationError(
            _("The client has no e-mail address. Add it to the client's details first.")
            if channel == Channel.EMAIL
            else _("The client has no phone number. Add it to the client's details first.")
        )
    if client.address_protection and not confirmed:
        raise ValidationError(
            _(
                "The client has address protection. Confirm that this channel is safe for the client "
                "before sending."
            )
        )
    language, subject, body = message_render(client=client, kind=kind, link=link, details=details)
    with transaction.atomic():
        message = Message.objects.create(
            client=client,
            kind=kind,
            channel=channel,
            recipient=address,
            language=language,
            sent_by=actor,
            created_by=actor,
            channel_confirmed=bool(confirmed and client.address_protection),
            next_attempt_at=timezone.now(),
            subject_encrypted=encrypt_text(subject),
            body_encrypted=encrypt_text(body),
        )
        organisation = actor.organisation if getattr(actor, "organisation_id", None) else None
        disclosure_log_write(
            actor=actor,
            client_id=client.pk,
            what=f"{MessageKind(kind).label} ({Channel(channel).label})",
            object_type="messaging.Message",
            object_id=str(message.pk),
            from_organisation=str(organisation) if organisation else "",
            recipient=f"the client ({Channel(channel).label}: {address})",
            purpose=Purpose.CLIENT_WORK,
            legal_basis=LegalBasis.LAW,
            basis_detail="a message to the client themself about their own matter",
        )
        use_log_write(
            actor=actor,
            client_ids=[client.pk],
            view="messaging:send",
            object_type="messaging.Message",
            object_id=str(message.pk),
            action=Action.WRITE,
        )
        message_id = message.pk
        transaction.on_commit(lambda: message_deliver(message_id))
    return message


def message_send_link(*, actor: User, link: ClientLink, token: str, channel: str, confirmed: bool) -> Message:
    """Send a one-time link to its client. The raw `token` must be the link's own (its hash is the
    link's token_hash) and the link open, so that nobody sends another address under Polku's name."""
    sendable = sendable_of(type(link))
    if sendable is None:
        raise ValidationError(_("This link cannot be sent."))
    token = _clean(token, 200)
    if not secrets.compare_digest(hash_token(token), link.token_hash):
        raise ValidationError(_("This link cannot be sent."))
    if not link.is_open:
        raise ValidationError(_("This link has been used or has expired; create a new one."))
    client = Client.objects.get(pk=link.link_client_id)
    url = settings.POLKU_PUBLIC_URL + reverse(sendable.url_name, kwargs={sendable.argument: token})
    return message_send(
        actor=actor, client=client, kind=sendable.kind, channel=channel, confirmed=confirmed, link=url
    )


def _deliver(message: Message) -> None:
    subject = decrypt_text(message.subject_encrypted)
    body = decrypt_text(message.body_encrypted)
    if message.channel == Channel.EMAIL:
        EmailMessage(subject=subject, body=body, to=[message.recipient]).send(fail_silently=False)
    else:
        sms_backend().send(message.recipient, body)


def _claim(message_id: UUID) -> bool:
    """Take the message for one attempt (`claim_attempt`); of two workers exactly one gets it. The next
    attempt is set at once (the backoff), so a worker that dies mid-send leaves it to a retry."""
    now = timezone.now()
    attempts = Message.objects.filter(pk=message_id).values_list("attempts", flat=True).first()
    if attempts is None:
        return False
    return claim_attempt(
        Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now),
        message_id,
        attempts=attempts,
        now=now,
        first_retry=FIRST_RETRY,
    )


def message_deliver(message_id: UUID) -> bool:
    """One attempt to send the message, if it is due and no other worker took it; True if it was sent."""
    return _claim(message_id) and _attempt(message_id)


def _attempt(message_id: UUID) -> bool:
    """Send a message this worker claimed; record the failure (and give up after MAX_ATTEMPTS)."""
    message = Message.objects.get(pk=message_id)
    try:
        _deliver(message)
    except Exception as exc:  # any failure of the backend is retried
        fields: dict[str, Any] = {"last_error": f"{type(exc).__name__}: {exc}"[:300]}
        if message.attempts >= MAX_ATTEMPTS:
            fields.update(
                status=MessageStatus.FAILED, next_attempt_at=None, subject_encrypted="", body_encrypted=""
            )
        Message.objects.filter(pk=message_id).update(**fields)
        return False
    Message.objects.filter(pk=message_id).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        subject_encrypted="",
        body_encrypted="",
    )
    return True


def deliver_due(limit: int = 50) -> int:
    """Send the queued messages that are due (on the clock of `polku worker`); returns how many went.
    The due rows are locked and claimed in one transaction, on PostgreSQL with SKIP LOCKED so that a
    second worker passes them by; each claim is also a conditional UPDATE (`_claim`), so that two workers
    never send one message twice on SQLite either. The sending itself is outside the transaction."""
    with transaction.atomic():
        ids = list(
            Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        claimed = [message_id for message_id in ids if _claim(message_id)]
    return sum(_attempt(message_id) for message_id in claimed)
