"""Writes for clients. Pages and the API call these; each runs in one transaction with its use-log row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import CLIENT_WORK_ROLES, Organisation, Team, User
from polku.accounts.selectors import teams_of
from polku.audit.models import Action, Purpose
from polku.audit.services import use_log_write
from polku.clients.models import Client, ClientRelationship

# Fields a worker may change on a client; the henkilötunnus is fixed once registered.
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "language",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "post_office",
    "municipality",
    "address_protection",
    "gender",
    "labour_market_status",
)


def may_register_clients(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.role in CLIENT_WORK_ROLES


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {"hetu": [_("A client with this henkilötunnus is already registered.")]}, code="duplicate"
    )


_NOT_VALIDATED = ["hetu_encrypted", "hetu_hash", "birth_date", "created_by", "updated_by"]


def _valid_client(*, actor: User, hetu: str, **fields: Any) -> Client:
    """A new, unsaved client with every field validated; all field errors are raised together."""
    client = Client(
        **{name: value.strip() if isinstance(value, str) else value for name, value in fields.items()},
        created_by=actor,
        updated_by=actor,
    )
    errors: dict[str, list[Any]] = {}
    try:
        client.set_hetu(hetu)
    except ValidationError as exc:
        errors["hetu"] = exc.messages
    try:
        client.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return client


def _save_new(client: Client) -> bool:
    """Save a validated new client; False when the henkilötunnus is already registered (even by a
    registration running at the same moment)."""
    if Client.objects.filter(hetu_hash=client.hetu_hash).exists():
        return False
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        return False
    return True


@transaction.atomic
def client_create(
    *,
    actor: User,
    hetu: str,
    first_name: str,
    last_name: str,
    language: str = "fi",
    phone: str = "",
    email: str = "",
    street_address: str = "",
    postal_code: str = "",
    post_office: str = "",
    municipality: Organisation | None = None,
    address_protection: bool = False,
    gender: str = "unknown",
    labour_market_status: str = "unknown",
    team: Team | None = None,
) -> Client:
    """Register a client; with `team`, their client relationship with that team starts now (SHL 34)."""
    if not may_register_clients(actor):
        raise PermissionDenied(_("Your role does not register clients."))
    if team is not None and not teams_of(actor).filter(pk=team.pk).exists():
        raise PermissionDenied(_("You can start client relationships only with your own teams."))
    client = _valid_client(
        actor=actor,
        hetu=hetu,
        first_name=first_name,
        last_name=last_name,
        language=language,
        phone=phone,
        email=email,
        street_address=street_address,
        postal_code=postal_code,
        post_office=post_office,
        municipality=municipality,
        address_protection=address_protection,
        gender=gender,
        labour_market_status=labour_market_status,
    )
    if not _save_new(client):
        raise _duplicate_error()
    if team is not None:
        relationship_open(actor=actor, client=client, team=team)
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="clients:create",
        object_type="client",
        purpose=Purpose.REGISTRATION,
        action=Action.WRITE,
    )
    return client


@transaction.atomic
def client_find_or_register(
    *, actor: User, hetu: str, first_name: str, last_name: str, language: str = "fi", view: str
) -> tuple[Client, bool]:
    """The client with this henkilötunnus, registered now if new (contact intake, SHL 35). The caller
    has checked that `actor` may send contacts; an existing client's data is not changed."""
    client = _valid_client(
        actor=actor, hetu=hetu, first_name=first_name, last_name=last_name, language=language
    )
    created = _save_new(client)
    if not created:
        client = Client.objects.get(hetu_hash=client.hetu_hash)
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view=view,
        object_type="client",
        purpose=Purpose.REGISTRATION,
        action=Action.WRITE if created else Action.READ,
    )
    return client, created


@transaction.atomic
def client_update(*, actor: User, client: Client, expected_version: int, **changes: Any) -> Client:
    """Change a client's basic data; refused when someone else saved since `expected_version` was read."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in sorted(unknown)})
    for name, value in changes.items():
        setattr(client, name, value.strip() if isinstance(value, str) else value)
    client.full_clean(exclude=_NOT_VALIDATED)
    client.save_versioned(actor=actor, expected_version=expected_version, update_fields=list(changes))
    use_log_write(
        actor=actor,
        client_ids=[client.pk],
        view="clients:edit",
        object_type="client",
        action=Action.WRITE,
        purpose=Purpose.CLIENT_WORK,
    )
    return client


@transaction.atomic
def relationship_open(
    *,
    actor: User,
    client: Client,
    team: Team,
    personal_worker: User | None = None,
    started_at: datetime | None = None,
) -> ClientRelationship:
    """Start a client relationship with `team` (from `started_at`, default now), or return the one already
    open.

    Two contacts or initiations for the same client at the same moment both find no open relationship;
    the database lets only one of them open it (one_open_relationship_per_team), and the other takes the
    relationship the first opened, so both are registered and neither answers with an error.
    """
    open_now = ClientRelationship.objects.filter(client=client, team=team, ended_at__isnull=True)
    existing = open_now.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ClientRelationship.objects.create(
                client=client,
                team=team,
                started_at=started_at or timezone.now(),
                personal_worker=personal_worker,
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError:
        opened_meanwhile = open_now.first()
        if opened_meanwhile is None:  # not the open-relationship constraint
            raise
        return opened_meanwhile
