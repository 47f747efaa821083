"""Reads of social assistance applications, through the client's access rule, with use-log rows."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.finance.models import Application


def application_get_for_user(*, user: User, application_id: UUID | str, view: str) -> Application:
    try:
        application = (
            Application.objects.filter(client_id__in=Client.objects.visible_ids(user))
            .select_related("client", "handled_by")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such application.") from exc
    use_log_write(
        actor=user,
        client_ids=[application.client_id],
        view=view,
        object_type="assistance_application",
        object_id=str(application.pk),
        purpose=purpose_for(user),
    )
    return application


def applications_of_client(*, client: Client) -> list[Application]:
    """The client's applications, newest first; the caller has loaded `client` through an access check."""
    return list(
        client.assistance_applications.select_related("handled_by").order_by("-received_on", "-created_at")
    )
