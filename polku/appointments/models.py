"""Appointments booked ahead with a client (meetings, home visits, phone and video appointments, review
meetings with a provider), and each worker's secret calendar feed."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Role, User
from polku.casework.models import JournalEntry
from polku.clients.models import Client
from polku.core.models import BaseModel, Versioned
from polku.core.transitions import Transitions
from polku.provision.models import ServiceEpisode

# How long one appointment may last: five minutes to a working day.
DURATION_MIN = 5
DURATION_MAX = 600


class AppointmentKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    HOME_VISIT = "home_visit", _("home visit")
    PHONE = "phone", _("phone appointment")
    VIDEO = "video", _("video meeting")
    REVIEW = "review", _("review meeting with the provider")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")
    NO_SHOW = "no_show", _("no-show")


TRANSITIONS = Transitions(
    AppointmentStatus,
    {
        AppointmentStatus.BOOKED: {
            AppointmentStatus.HELD,
            AppointmentStatus.CANCELLED,
            AppointmentStatus.NO_SHOW,
        },
        AppointmentStatus.HELD: set(),
        AppointmentStatus.CANCELLED: set(),
        AppointmentStatus.NO_SHOW: set(),
    },
)


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user: User) -> AppointmentQuerySet:
        """The appointments `user` may see: those of the clients they may see (their teams' workers and
        managers), and for a provider's worker the review meetings of the services their organisation
        gives (as far as the provider sees the service, `ServiceEpisode.objects.visible_to`)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role in CLIENT_WORK_ROLES or user.role == Role.TEAM_MANAGER:
            return self.filter(client_id__in=Client.objects.visible_ids(user))
        if user.role == Role.PROVIDER_WORKER:
            return self.filter(
                kind=AppointmentKind.REVIEW,
                episode__in=ServiceEpisode.objects.visible_to(user).values("pk"),
            )
        return self.none()

    def involving(self, user_ids: Sequence[object]) -> AppointmentQuerySet:
        """Those that one of `user_ids` organises or takes part in."""
        return self.filter(Q(organiser_id__in=user_ids) | Q(colleagues__in=user_ids)).distinct()

    def overlapping(self, start: object, end: object) -> AppointmentQuerySet:
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class Appointment(BaseModel):
    """A time booked with or about a client. Once it has taken place it becomes an entry of the client's
    timeline (asiakaskertomus, `journal_entry`); cancelled and no-show appointments are kept, with their
    reason, and counted."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="appointments"
    )
    organiser = models.ForeignKey(
        User, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="appointments_organised"
    )
    colleagues = models.ManyToManyField(
        User, verbose_name=_("other workers"), blank=True, related_name="appointments_attended"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    # starts_at + duration, kept for the overlap and "has it ended?" queries.
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    episode = models.ForeignKey(
        ServiceEpisode,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner = models.CharField(_("partner taking part"), max_length=200, blank=True)
    client_takes_part = models.BooleanField(_("the client takes part"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_at = models.DateTimeField(_("status recorded at"), null=True, blank=True)
    journal_entry = models.OneToOneField(
        JournalEntry,
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [
            # A worker's week, and a team's (its workers' ids, each a range of this index).
            models.Index(fields=["organiser", "starts_at"], name="appointment_organiser_idx"),
            models.Index(fields=["client", "starts_at"], name="appointment_client_idx"),
            # Booked appointments whose end has passed: "did it take place?".
            models.Index(fields=["status", "ends_at"], name="appointment_status_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=DURATION_MIN) & Q(duration_minutes__lte=DURATION_MAX),
                name="appointment_duration_bounded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def is_booked(self) -> bool:
        return self.status == AppointmentStatus.BOOKED


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class CalendarFeed(Versioned):
    """A worker's iCalendar feed: a secret address that a calendar program reads without signing in. Only
    the hash of its token is kept (the address is shown once, when made); a new one replaces the old."""

    PREFIX = "cal_"

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
