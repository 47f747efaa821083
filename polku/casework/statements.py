"""The social welfare statement to Kela (sosiaalihuollon lausunto): written by a worker on a contact Kela
sent through its electronic service, read once by Kela's token, each read a disclosure.

Social assistance is decided by Kela and social welfare gives its view in a statement (HE 127/2022 vp, the
reform of the Social Assistance Act 1412/1997 in force from 1.1.2023: "sosiaalihuollon lausunto"; the
section's number was not verified from the act's text). The statement goes to Kela on a provision of law,
so the disclosure log names that basis (`LegalBasis.LAW`) and the client's ban does not stop it.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from polku.accounts.models import CLIENT_WORK_ROLES, Role, User
from polku.audit.models import Action, LegalBasis
from polku.audit.services import use_log_write
from polku.casework.models import Contact, JournalKind, KelaStatement
from polku.casework.services.journal import journal_write
from polku.clients.consents import Recipient, disclose
from polku.clients.models import Client

TEXT_MAX = 10_000
BASIS_DETAIL = (
    "Laki toimeentulotuesta 1412/1997: sosiaalihuollon lausunto Kansaneläkelaitokselle (HE 127/2022 vp)"
)


def may_write_statement(user: User) -> bool:
    return user.role in CLIENT_WORK_ROLES | {Role.TEAM_MANAGER}


def answers_kela(contact: Contact) -> bool:
    """Whether the contact came from an authority's electronic service, which can read a statement back."""
    sender = contact.created_by
    return (
        sender is not None
        and sender.role == Role.AUTHORITY_INTEGRATION
        and sender.organisation_id is not None
    )


def statements_of(contact: Contact) -> list[KelaStatement]:
    return list(contact.statements.select_related("author", "read_by").order_by("-made_at"))


def _client_open_and_visible(actor: User, client: Client) -> bool:
    return (
        Client.objects.visible_to(actor).filter(pk=client.pk, relationships__ended_at__isnull=True).exists()
    )


@transaction.atomic
def statement_make(
    *, actor: User, contact: Contact, text: str, replaces: KelaStatement | None = None
) -> KelaStatement:
    """Write the statement to the sender of `contact`. Once made it is final; a correction names the
    statement it `replaces` (the latest one on the contact)."""
    if not may_write_statement(actor):
        raise PermissionDenied(_("Your role does not write statements to Kela."))
    if not _client_open_and_visible(actor, contact.client):
        raise Http404("No such client.")
    if not answers_kela(contact):
        raise ValidationError(
            _(
                "This contact did not come through an authority's electronic service: answer it by its own "
                "channel."
            )
        )
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write the statement.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("Write at most %(max)s characters.") % {"max": TEXT_MAX}]
    elif "\x00" in text:
        errors["text"] = [_("Text must not contain a NUL character.")]
    # Lock the contact's row, so that two workers writing at once do not both make "the" statement.
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    latest = contact.statements.order_by("-made_at").first()
    if latest is not None and (replaces is None or replaces.pk != latest.pk):
        errors["replaces"] = [
            _("A statement was already made on this contact: a correction replaces the latest one.")
        ]
    if latest is None and replaces is not None:
        errors["replaces"] = [_("There is no statement to correct.")]
    if errors:
        raise ValidationError(errors)
    recipient_id = contact.created_by.organisation_id if contact.created_by else None
    assert recipient_id is not None  # noqa: S101  (answers_kela)
    statement = KelaStatement.objects.create(
        client=contact.client,
        contact=contact,
        recipient_id=recipient_id,
        text=text,
        author=actor,
        made_at=timezone.now(),
        replaces=replaces,
        created_by=actor,
        updated_by=actor,
    )
    journal_write(
        actor=actor,
        client=contact.client,
        kind=JournalKind.KELA_STATEMENT,
        message="kela_statement",
        params={"recipient": str(statement.recipient), "text": text},
        initiation=getattr(contact, "initiation", None),
    )
    use_log_write(
        actor=actor,
        client_ids=[contact.client_id],
        view="casework:kela_statement",
        object_type="kela_statement",
        object_id=str(statement.pk),
        action=Action.WRITE,
    )
    return statement


def _recipient_check(actor: User) -> None:
    if actor.role != Role.AUTHORITY_INTEGRATION or actor.organisation_id is None:
        raise PermissionDenied(_("Only the recipient authority's integration reads its statements."))


def unread_for(actor: User) -> QuerySet[KelaStatement]:
    """The statements to the actor's organisation that it has not read yet, oldest first."""
    _recipient_check(actor)
    return KelaStatement.objects.filter(recipient_id=actor.organisation_id, read_at__isnull=True).order_by(
        "made_at", "pk"
    )


@transaction.atomic
def statement_read(*, actor: User, statement_id: UUID) -> KelaStatement:
    """The statement, the first time the recipient's token asks; 410 Gone after that, 404 for another
    organisation's. The read marker, set by one conditional UPDATE (of two reads at once exactly one
    wins), and the disclosure log row are saved together."""
    _recipient_check(actor)
    mine = KelaStatement.objects.filter(pk=statement_id, recipient_id=actor.organisation_id)
    now = timezone.now()
    if not mine.filter(read_at__isnull=True).update(read_at=now, read_by=actor, updated_at=now):
        if mine.exists():
            raise HttpError(410, _("This statement has already been read."))
        raise Http404("No such statement.")
    statement = mine.select_related("author", "author__organisation", "client", "recipient").get()
    disclose(
        actor=statement.author,
        client=statement.client,
        recipient=Recipient.of(statement.recipient),
        what=_("social welfare statement"),
        object_type="kela_statement",
        object_id=statement.pk,
        purpose=_("social assistance decided by Kela"),
        legal_basis=LegalBasis.LAW,
        basis_detail=BASIS_DETAIL,
    )
    return statement
