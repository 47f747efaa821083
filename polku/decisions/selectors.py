"""Reads of decisions, through the client's access rule, with use-log rows."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.decisions.models import Decision


def decision_get_for_user(*, user: User, decision_id: UUID | str, view: str) -> Decision:
    try:
        decision = (
            Decision.objects.filter(client_id__in=Client.objects.visible_ids(user))
            .select_related("client", "provider", "decided_by", "initiation", "application")
            .get(pk=decision_id)
        )
    except (Decision.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such decision.") from exc
    use_log_write(
        actor=user,
        client_ids=[decision.client_id],
        view=view,
        object_type="decision",
        object_id=str(decision.pk),
        purpose=purpose_for(user),
    )
    return decision


def decisions_of_client(*, client: Client) -> list[Decision]:
    """The client's decisions; the caller has loaded `client` through an access-checked selector."""
    return list(client.decisions.select_related("provider", "decided_by").order_by("-created_at"))
