"""Writing the use log. Callers pass plain values so that audit depends on nothing but core."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.audit.models import Action, DisclosureLogEntry, LegalBasis, Purpose, SecurityLogEntry, UseLogEntry


class LoggedActor(Protocol):
    """Who a log row names: a user (polku.accounts.models.User, which audit does not import) or the client
    acting through a one-time link (ClientLinkActor)."""

    @property
    def pk(self) -> object: ...

    def get_username(self) -> str: ...

    def get_full_name(self) -> str: ...


def use_log_write(
    *,
    actor: LoggedActor,
    client_ids: Iterable[UUID],
    view: str,
    object_type: str,
    object_id: str | None = None,
    purpose: str = Purpose.CLIENT_WORK,
    action: str = Action.READ,
) -> None:
    """One row per client whose data `actor` read or wrote in `view`; object_id defaults to the client.

    All rows of one call carry the same time (one page shown, one API answer) and go in one statement."""
    at = timezone.now()
    user_id = str(actor.pk)
    username = actor.get_username()
    full_name = actor.get_full_name() or username
    rows = []
    for client_id in client_ids:
        client_uuid = client_id if isinstance(client_id, UUID) else UUID(str(client_id))
        rows.append(
            {
                "at": at,
                "user_id": user_id,
                "username": username,
                "user_full_name": full_name,
                "client_id": client_uuid,
                "action": action,
                "view": view,
                "object_type": object_type,
                "object_id": object_id or str(client_uuid),
                "purpose": purpose,
            }
        )
    UseLogEntry.objects.append(rows)


def disclosure_log_write(
    *,
    actor: LoggedActor,
    client_id: UUID,
    what: str,
    object_type: str,
    object_id: str,
    from_organisation: str,
    recipient: str,
    purpose: str,
    legal_basis: str,
    recipient_organisation_id: str = "",
    basis_detail: str = "",
    consent_id: str = "",
) -> DisclosureLogEntry:
    """One disclosure log row (ATL 10): what left the register, to whom, why and on what basis."""
    if legal_basis not in LegalBasis.values:
        raise ValueError(f"Unknown legal basis {legal_basis!r}")
    if legal_basis == LegalBasis.CONSENT and not consent_id:
        raise ValueError("A disclosure on consent must name the consent.")
    return DisclosureLogEntry.objects.create(
        user_id=str(actor.pk),
        username=actor.get_username(),
        user_full_name=actor.get_full_name() or actor.get_username(),
        client_id=client_id,
        what=what[:300],
        object_type=object_type,
        object_id=object_id,
        from_organisation=from_organisation[:300],
        recipient=recipient[:300],
        recipient_organisation_id=recipient_organisation_id,
        purpose=purpose[:300],
        legal_basis=legal_basis,
        basis_detail=basis_detail[:300],
        consent_id=consent_id,
    )


def security_log_write(*, actor: LoggedActor, method: str, path: str, status: int) -> SecurityLogEntry:
    """One security log row: `actor`'s request `method path` was refused with `status` (403/404)."""
    return SecurityLogEntry.objects.create(
        user_id=str(actor.pk),
        username=actor.get_username(),
        method=method[:10],
        path=path.replace("\x00", "\ufffd")[:500],
        status=status,
    )


class ClientLinkActor:
    """The client acting through a one-time link, without an account, as the use log names them."""

    def __init__(self, link_id: object) -> None:
        self.pk = f"client-link:{link_id}"

    def get_username(self) -> str:
        return "client"

    def get_full_name(self) -> str:
        return str(_("The client, through a one-time link"))
