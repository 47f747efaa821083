"""A client's service at a provider, and the provider's work in it."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Organisation, OrganisationKind, Role, User
from polku.clients.models import BanScope, Client, DisclosureBan, DocumentType
from polku.core.formats import day
from polku.core.models import BaseModel, Versioned


class ServiceKind(models.TextChoices):
    SOCIAL_REHABILITATION = "social_rehabilitation", _("social rehabilitation")
    REHABILITATIVE_WORK = "rehabilitative_work_activity", _("rehabilitative work activity")
    OTHER = "other", _("other service")


class ServiceOffering(BaseModel):
    """The service catalogue (palveluvalikoima): what each provider offers, kept by an administrator."""

    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="offerings",
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
    )
    kind = models.CharField(_("service"), max_length=40, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="offerings_served",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("service in the catalogue")
        verbose_name_plural = _("service catalogue")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"


# The documents of the client record a provider's worker reads through the service: the referral.
PROVIDER_DOCUMENTS = (DocumentType.REFERRAL,)


class EpisodeStatus(models.TextChoices):
    """Whether an end is recorded. Whether the service runs is read from the dates (`ServiceEpisode.phase`):
    an end recorded for a day ahead is scheduled, and the service runs until that day."""

    ACTIVE = "active", _("running")
    ENDED = "ended", _("ended")


class EpisodePhase(models.TextChoices):
    """Where the service is on a given day, read from its dates."""

    STARTING = "starting", _("starting")
    RUNNING = "active", _("running")  # the API's value of a running service, as before phases
    ENDED = "ended", _("ended")


# The end day of an episode with none recorded: after every real day, so that "not ended by today" is one
# range condition (`not_ended`) and an index on it (`episode_provider_until_idx`) reads only the running.
NO_END = date(9999, 12, 31)


def ends_on() -> Coalesce:
    """The day the episode ends: its recorded end, else `NO_END`."""
    return Coalesce("ended_on", Value(NO_END), output_field=models.DateField())


class EpisodeQuerySet(models.QuerySet["ServiceEpisode"]):
    def not_ended(self, on: date | None = None) -> EpisodeQuerySet:
        """The episodes that have not ended by `on` (today): no end recorded, or one set for a later day.
        An episode ends on its end date, without anything having to run then."""
        return self.filter(GreaterThan(ends_on(), on or timezone.localdate()))

    def latest_first(self) -> EpisodeQuerySet:
        """The latest started first, as a provider's services are listed (its services page, the API, its
        home): a provider's history runs to tens of thousands, most of them ended, and this order reads the
        newest from an index (`episode_provider_start_idx`) and stops at the page's end."""
        return self.order_by("-start_date", "-pk")

    def visible_to(self, user: User) -> EpisodeQuerySet:
        """Provider workers see only their organisation's episodes that have not ended (the data the
        service needs, while it is starting or runs, and not once the client has banned disclosing to the
        provider); the client's own workers and managers see the episodes of clients they may see."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.PROVIDER_WORKER:
            if user.organisation_id is None:
                return self.none()
            # A ban is a ban however it was recorded: on the provider (by organisation or by its name),
            # on the running service's service task, or on the referral document the provider reads.
            banned = DisclosureBan.objects.filter(
                Q(scope=BanScope.ORGANISATION, organisation=OuterRef("provider"))
                | Q(scope=BanScope.ORGANISATION, recipient_name__iexact=OuterRef("provider__name"))
                | Q(scope=BanScope.SERVICE_TASK, service_task=OuterRef("kind"))
                | Q(scope=BanScope.DOCUMENT, document_type__in=PROVIDER_DOCUMENTS),
                client=OuterRef("client"),
                withdrawn_at__isnull=True,
            )
            return self.filter(provider_id=user.organisation_id).not_ended().exclude(Exists(banned))
        if user.role in CLIENT_WORK_ROLES | {Role.TEAM_MANAGER}:
            return self.filter(client_id__in=Client.objects.visible_ids(user))
        return self.none()


class ServiceEpisode(BaseModel):
    """The client's service at a provider (palvelujakso), started from a decision."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="episodes"
    )
    kind = models.CharField(_("service"), max_length=40, choices=ServiceKind.choices)
    # Only another service has a name of its own; the others are named by their kind in the reader's language.
    name = models.CharField(_("name"), max_length=200, blank=True)
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="episodes",
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
    )
    decision_id = models.UUIDField(_("decision"), null=True, blank=True, db_index=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("planned end"), null=True, blank=True)
    # The decision's extent of the service, carried to the provider on the referral (a decision that has
    # been made is never edited, so the copy does not go stale).
    extent = models.CharField(_("extent of the service"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_summary = models.TextField(_("summary at the end"), blank=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("service episode")
        verbose_name_plural = _("service episodes")
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            # The services page and API list a provider's services, the latest started first.
            models.Index(fields=["provider", "start_date", "id"], name="episode_provider_start_idx"),
            # How many services a provider runs (its services page, the API's count, its home page), from
            # the index alone on PostgreSQL and reading only the running ones (`not_ended`): the client and
            # the service task are what the disclosure bans are checked against, and PostgreSQL reads an
            # expression from an index alone only with its column. At a million clients, 13,472 running of
            # the 98,589 a provider ever ran: 5 ms, against 14 ms on (provider, ended_on) and 45 ms on none.
            models.Index(
                F("provider"),
                ends_on(),
                include=["ended_on", "client", "kind"],
                name="episode_provider_until_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.start_date:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return self.name if self.kind == ServiceKind.OTHER and self.name else str(self.get_kind_display())

    def phase_on(self, on: date) -> str:
        """Starting before the start date, ended from the end date on (`not_ended`), running between."""
        if self.ended_on is not None and self.ended_on <= on:
            return EpisodePhase.ENDED
        if on < self.start_date:
            return EpisodePhase.STARTING
        return EpisodePhase.RUNNING

    @property
    def phase(self) -> str:
        return self.phase_on(timezone.localdate())

    @property
    def has_ended(self) -> bool:
        return self.phase == EpisodePhase.ENDED

    @property
    def phase_text(self) -> str:
        """The phase as a page shows it, with its day: "starting on 1.2.2027", "running, ends on …"."""
        phase = self.phase
        if phase == EpisodePhase.ENDED:
            return gettext_now("ended on %(day)s") % {"day": day(self.ended_on)}
        if phase == EpisodePhase.STARTING:
            return gettext_now("starting on %(day)s") % {"day": day(self.start_date)}
        if self.ended_on is not None:
            return gettext_now("running, ends on %(day)s") % {"day": day(self.ended_on)}
        return gettext_now("running")


class ImplementationPlan(BaseModel):
    """The provider's implementation plan (toteuttamissuunnitelma), made with the client."""

    episode = models.OneToOneField(
        ServiceEpisode,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="implementation_plan",
    )
    individual_activities = models.TextField(_("individual activities"), blank=True)
    group_activities = models.TextField(_("group activities"), blank=True)
    schedule = models.TextField(_("schedule"), blank=True)

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self) -> str:
        return str(self.episode)


class Goal(models.Model):
    """A goal of the implementation plan, in the client's own words too; rated at review meetings."""

    plan = models.ForeignKey(
        ImplementationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal"))
    client_words = models.TextField(_("in the client's own words"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Group(BaseModel):
    """A provider's group, e.g. a weekly film group."""

    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        ServiceEpisode, verbose_name=_("members"), blank=True, related_name="groups"
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(BaseModel):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["group", "date"], name="one_session_per_group_day")]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("absent with notice")


class Attendance(Versioned):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    episode = models.ForeignKey(
        ServiceEpisode, verbose_name=_("service"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "episode"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.status}"


class HomeVisit(BaseModel):
    """An individual home guidance visit (kotiohjaus)."""

    episode = models.ForeignKey(
        ServiceEpisode, verbose_name=_("service"), on_delete=models.PROTECT, related_name="home_visits"
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    content = models.TextField(_("what was done"))

    class Meta:
        verbose_name = _("home guidance visit")
        verbose_name_plural = _("home guidance visits")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.episode} {self.date:%Y-%m-%d}"


class Review(BaseModel):
    """A review meeting with the personal worker: goal attainment, the client's view, next steps."""

    episode = models.ForeignKey(
        ServiceEpisode, verbose_name=_("service"), on_delete=models.PROTECT, related_name="reviews"
    )
    date = models.DateField(_("date"))
    participants = models.TextField(_("participants"))
    client_view = models.TextField(_("the client's view"))
    next_steps = models.TextField(_("next steps"))

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.episode} {self.date:%Y-%m-%d}"


class GoalRating(models.Model):
    """Goal attainment at a review: 1 (not at all) to 5 (fully), with notes."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="ratings"
    )
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("attainment (1-5)"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("goal rating")
        verbose_name_plural = _("goal ratings")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="goal_rating_1_to_5"),
            models.UniqueConstraint(fields=["review", "goal"], name="one_rating_per_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.score}"
