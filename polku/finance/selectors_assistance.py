"""Reads of social assistance applications, through the client's access rule, with use-log rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from polku.accounts.models import User
from polku.audit.services import use_log_write
from polku.clients.models import Client, ClientRelationship
from polku.clients.selectors import purpose_for
from polku.core.deadlines import CountsDown
from polku.finance.models import Application, ApplicationStatus


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


@dataclass(frozen=True)
class ApplicationBoardRow(CountsDown):
    application: Application
    days_left: int

    @property
    def due(self) -> date | None:
        return self.application.due_on

    @property
    def client(self) -> Client:
        return self.application.client


def application_board(
    *,
    user: User,
    view: str,
    team_id: UUID | str | None = None,
    worker_id: UUID | str | None = None,
    limit: int = 500,
) -> list[ApplicationBoardRow]:
    """Undecided social assistance applications of the clients `user` may see, the nearest due date (so
    overdue) first: to decide, or while incomplete to request what is missing (polku.finance.deadlines).
    A team filter keeps the clients of that team; a worker filter the applications the worker handles.
    One query (the `finance_application_open_due` index), and one use-log statement when there are rows."""
    open_ = Application.objects.filter(
        status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.COMPLETE],
        client_id__in=Client.objects.visible_ids(user),
    ).select_related("client", "handled_by")
    if team_id:
        open_ = open_.filter(
            client_id__in=ClientRelationship.objects.filter(team_id=team_id, ended_at__isnull=True).values(
                "client_id"
            )
        )
    if worker_id:
        open_ = open_.filter(handled_by__pk=worker_id)
    applications = list(open_.order_by("due_on", "received_on", "pk")[:limit])
    if not applications:
        return []
    today = timezone.localdate()
    use_log_write(
        actor=user,
        client_ids=sorted({a.client_id for a in applications}),
        view=view,
        object_type="assistance_application_list",
        purpose=purpose_for(user),
    )
    return [ApplicationBoardRow(a, ((a.due_on or today) - today).days) for a in applications]
