"""Reads of appointments, each through `Appointment.objects.visible_to(user)`.

The list selectors (`appointments_between`, `team_appointments_between`, `booked_appointments`,
`appointments_to_record`, `client_appointments`) return querysets and write no log row: the page or endpoint
that shows them calls `log_shown` with what it shows (one use-log row per client, ATL 10)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from polku.accounts.models import CLIENT_WORK_ROLES, Role, User
from polku.accounts.selectors import colleagues_of
from polku.appointments.models import Appointment, AppointmentStatus
from polku.audit.services import use_log_write
from polku.clients.models import Client
from polku.clients.selectors import purpose_for
from polku.provision.models import ServiceEpisode


def _shown(rows: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return (
        rows.select_related("client", "organiser").prefetch_related("colleagues").order_by("starts_at", "pk")
    )


def log_shown(*, user: User, appointments: Iterable[Appointment], view: str) -> None:
    """One use-log row for each client whose appointments a page or answer shows."""
    client_ids = sorted({a.client_id for a in appointments}, key=str)
    if client_ids:
        use_log_write(
            actor=user,
            client_ids=client_ids,
            view=view,
            object_type="appointment_list",
            purpose=purpose_for(user),
        )


def appointment_get_for_user(*, user: User, appointment_id: UUID | str, view: str) -> Appointment:
    """The appointment, if `user` may see it (404 otherwise), with its use-log row."""
    try:
        appointment = (
            Appointment.objects.visible_to(user)
            .select_related("client", "organiser", "episode__provider", "journal_entry")
            .get(pk=appointment_id)
        )
    except (Appointment.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such appointment.") from exc
    use_log_write(
        actor=user,
        client_ids=[appointment.client_id],
        view=view,
        object_type="appointment",
        object_id=str(appointment.pk),
        purpose=purpose_for(user),
    )
    return appointment


def appointments_between(user: User, start: datetime, end: datetime) -> QuerySet[Appointment]:
    """The user's own appointments that start in [start, end), whatever their status: those they organise
    or take part in; for a provider's worker, the review meetings of their organisation's services."""
    visible = Appointment.objects.visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    if user.role != Role.PROVIDER_WORKER:
        own = Appointment.objects.filter(Q(organiser=user) | Q(colleagues=user)).values("pk")
        visible = visible.filter(pk__in=own)
    return _shown(visible)


def team_workers(user: User) -> QuerySet[User]:
    """The workers whose appointments the team calendar shows: the client workers of the user's teams
    (for a team manager and for the team's workers alike)."""
    if user.role not in CLIENT_WORK_ROLES and user.role != Role.TEAM_MANAGER:
        return User.objects.none()
    return colleagues_of(user).filter(is_active=True)


def team_appointments_between(user: User, start: datetime, end: datetime) -> QuerySet[Appointment]:
    """The appointments in [start, end) organised by the workers of the user's teams, of the clients the
    user may see."""
    workers = team_workers(user).values("pk")
    return _shown(
        Appointment.objects.visible_to(user).filter(
            organiser__in=workers, starts_at__gte=start, starts_at__lt=end
        )
    )


def booked_appointments(user: User) -> QuerySet[Appointment]:
    """The user's own booked appointments, whose outcome is not recorded yet: those they organise or take
    part in, of clients they may see (client work only)."""
    if user.role not in CLIENT_WORK_ROLES:
        return Appointment.objects.none()
    own = Appointment.objects.filter(Q(organiser=user) | Q(colleagues=user)).values("pk")
    return _shown(Appointment.objects.visible_to(user).filter(pk__in=own, status=AppointmentStatus.BOOKED))


def appointments_to_record(user: User, now: datetime) -> QuerySet[Appointment]:
    """The user's booked appointments that have ended and whose outcome is not recorded: did it take
    place?"""
    return booked_appointments(user).filter(ends_at__lte=now)


def client_appointments(client: Client) -> QuerySet[Appointment]:
    """All appointments of `client` (one the caller got through `client_get_for_user`)."""
    return _shown(Appointment.objects.filter(client=client))


def closed_counts(appointments: QuerySet[Appointment]) -> dict[str, int]:
    """How many of `appointments` were cancelled and how many the client did not come to (for reports)."""
    counts = appointments.order_by().aggregate(
        cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
        no_show=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
        held=Count("pk", filter=Q(status=AppointmentStatus.HELD)),
        total=Count("pk"),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def review_episodes(client: Client) -> QuerySet[ServiceEpisode]:
    """The client's services a review meeting may name (those not ended)."""
    return ServiceEpisode.objects.filter(client=client).not_ended().select_related("provider")
