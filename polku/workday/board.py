"""The team manager's board: the week's load by worker of the manager's teams (named work, not
statistics, so no small-cell rule): open initiations, assessments due this week, overdue, caseload, and
the week's appointments (with those cancelled and those the client did not come to). Four grouped queries
whatever the teams' size; no client is named, so nothing goes to the use log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from polku.accounts.models import Role, User, person_name
from polku.accounts.selectors import teams_of
from polku.appointments.models import Appointment, AppointmentStatus
from polku.casework.models import Initiation
from polku.clients.models import ClientRelationship
from polku.workday.worklist import OPEN


def caseload_limit() -> int:
    return int(settings.POLKU_CASELOAD_LIMIT)


@dataclass
class BoardLine:
    worker_id: UUID
    name: str
    open_initiations: int = 0
    due_this_week: int = 0
    overdue: int = 0
    caseload: int = 0
    appointments: int = 0  # this week's, not cancelled
    cancelled: int = 0
    no_show: int = 0

    @property
    def over_limit(self) -> bool:
        return self.caseload > caseload_limit()


def team_board(user: User, today: date) -> list[BoardLine]:
    """One line per worker of the manager's teams (other roles get none)."""
    if user.role != Role.TEAM_MANAGER:
        return []
    teams = teams_of(user).values("pk")
    workers = User.objects.filter(teams__in=teams, is_active=True).exclude(pk=user.pk).distinct()
    lines = {
        w["pk"]: BoardLine(w["pk"], person_name(w["first_name"], w["last_name"], w["username"]))
        for w in workers.values("pk", "first_name", "last_name", "username").order_by(
            "last_name", "first_name"
        )
    }
    sunday = today + timedelta(days=6 - today.weekday())
    for row in (
        Initiation.objects.filter(team__in=teams, status__in=OPEN, assigned_to_id__in=list(lines))
        .values("assigned_to_id")
        .annotate(
            n=Count("pk"),
            week=Count(
                "pk", filter=Q(assessment_complete_due__gte=today, assessment_complete_due__lte=sunday)
            ),
            late=Count(
                "pk",
                filter=Q(assessment_started_at__isnull=True, assessment_start_due__lt=today)
                | Q(assessment_completed_at__isnull=True, assessment_complete_due__lt=today),
            ),
        )
    ):
        line = lines[row["assigned_to_id"]]
        line.open_initiations, line.due_this_week, line.overdue = row["n"], row["week"], row["late"]
    for row in (
        ClientRelationship.objects.filter(
            team__in=teams, ended_at__isnull=True, personal_worker_id__in=list(lines)
        )
        .values("personal_worker_id")
        .annotate(n=Count("pk"))
    ):
        lines[row["personal_worker_id"]].caseload = row["n"]
    monday = today - timedelta(days=today.weekday())
    week = (
        timezone.make_aware(datetime.combine(monday, time.min)),
        timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min)),
    )
    for row in (
        Appointment.objects.filter(
            organiser_id__in=list(lines), starts_at__gte=week[0], starts_at__lt=week[1]
        )
        .values("organiser_id")
        .annotate(
            kept=Count("pk", filter=~Q(status=AppointmentStatus.CANCELLED)),
            cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
            no_show=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
        )
    ):
        line = lines[row["organiser_id"]]
        line.appointments, line.cancelled, line.no_show = row["kept"], row["cancelled"], row["no_show"]
    return list(lines.values())
