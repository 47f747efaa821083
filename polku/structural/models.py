"""Structural social work (rakenteellinen sosiaalityö, SHL 7-8): social reports and their summaries,
walk-in and outreach tallies (SHL 7 a), client feedback, and project participation for ESR monitoring.

Nothing here names a client except ProjectParticipant, which the ESR table needs; tallies and feedback
answers are anonymous by construction (no client, no author, feedback only to the month).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organisation, OrganisationKind, Team, User
from polku.clients.models import Client, Gender, LabourMarketStatus
from polku.core.collation import NAMES
from polku.core.models import BaseModel, LabelInLanguage, Versioned
from polku.core.suppression import shown, suppress


class Theme(LabelInLanguage, Versioned):
    """A theme of social reports (e.g. housing, debt); a code list an administrator can extend."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_fi = models.CharField(_("label in Finnish"), max_length=120)
    label_sv = models.CharField(_("label in Swedish"), max_length=120)
    label_en = models.CharField(_("label in English"), max_length=120)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class ReportKind(models.TextChoices):
    PHENOMENON = "phenomenon", _("phenomenon")
    WEAK_SIGNAL = "weak_signal", _("weak signal")
    PROBLEM = "problem", _("problem")
    GOOD_PRACTICE = "good_practice", _("good practice")
    CLIENT_PROPOSAL = "client_proposal", _("client's proposal")


class Urgency(models.TextChoices):
    LOW = "low", _("can wait")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("urgent")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to the supervisor")
    READ = "read", _("read by the supervisor")
    IN_SUMMARY = "in_summary", _("included in a summary")
    PRESENTED = "presented", _("taken to decision-makers")
    RESPONDED = "responded", _("response recorded")


class SocialReport(BaseModel):
    """A social report (sosiaalinen raportointi, SHL 7): what a professional saw, with proposed measures.

    The author is shown to the supervisor (the team manager of `team`) only; summaries and decision-makers
    never see who wrote it.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="social_reports",
        help_text=_("The team whose manager reads the report first."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    observation = models.TextField(_("what was seen"))
    affected = models.TextField(_("who is affected"))
    affected_count = models.PositiveIntegerField(_("how many are affected (estimate)"), null=True, blank=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="social_reports",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    area = models.CharField(_("area"), max_length=200, blank=True)
    since = models.CharField(_("since when"), max_length=200, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    proposed_measures = models.TextField(_("proposed measures"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="reports")
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    supervisor_comment = models.TextField(_("supervisor's comment"), blank=True)
    read_at = models.DateTimeField(_("read by the supervisor"), null=True, blank=True)
    summary = models.ForeignKey(
        "ReportSummary",
        verbose_name=_("summary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    response = models.TextField(_("decision-makers' response"), blank=True)
    responded_at = models.DateTimeField(_("response recorded"), null=True, blank=True)
    # A client's proposal from co-development: its project and who made it (None: anonymous).
    development_project = models.ForeignKey(
        "DevelopmentProject",
        verbose_name=_("development project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        "CoDeveloper",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )

    FREE_TEXT_FIELDS = (
        "title",
        "observation",
        "affected",
        "area",
        "since",
        "evidence",
        "proposed_measures",
    )

    class Meta:
        verbose_name = _("social report")
        verbose_name_plural = _("social reports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "submitted_at"]),
            models.Index(fields=["team", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def affected_shown(self) -> str:
        """The writer's estimate as summaries show it: small groups as "<5", unknown as a dash."""
        if self.affected_count is None:
            return "–"
        return shown(suppress(self.affected_count))


class ReportSummary(BaseModel):
    """The half-yearly summary of one municipality's social reports, taken to decision-makers."""

    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"), choices=[(1, "1"), (2, "2")])
    presented_to = models.CharField(_("presented to"), max_length=200, blank=True)
    presented_on = models.DateField(_("presented on"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary of social reports")
        verbose_name_plural = _("summaries of social reports")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "half"], name="one_summary_per_half_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}H{self.half}"


class WorkKind(models.TextChoices):
    WALK_IN = "walk_in", _("low-threshold walk-in hours")
    OUTREACH = "outreach", _("outreach work")


class ContactKind(models.TextChoices):
    IN_PERSON = "in_person", _("met in person")
    PHONE = "phone", _("phone")
    ONLINE = "online", _("online or chat")
    GROUP = "group", _("group")


class TallyTopic(models.TextChoices):
    INCOME = "income", _("income and social assistance")
    HOUSING = "housing", _("housing")
    DEBT = "debt", _("debt")
    SUBSTANCES = "substances", _("substance use")
    MENTAL_HEALTH = "mental_health", _("mental health")
    EMPLOYMENT = "employment", _("work and education")
    RELATIONSHIPS = "relationships", _("relationships and loneliness")
    DAILY_LIFE = "daily_life", _("everyday life")
    SERVICES = "services", _("guidance to services")
    OTHER = "other", _("other")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("under 18")
    AGE_18_24 = "18_24", _("18-24")
    AGE_25_29 = "25_29", _("25-29")
    AGE_30_54 = "30_54", _("30-54")
    AGE_55_64 = "55_64", _("55-64")
    AGE_65_PLUS = "65_plus", _("65 or over")
    UNKNOWN = "unknown", _("not known")


class Tally(BaseModel):
    """Anonymous tally of walk-in or outreach contacts (SHL 7 a): no client relationship, no personal data."""

    date = models.DateField(_("date"))
    work_kind = models.CharField(_("work"), max_length=12, choices=WorkKind.choices)
    place = models.CharField(_("place"), max_length=200)
    contact_kind = models.CharField(_("kind of contact"), max_length=12, choices=ContactKind.choices)
    topics = models.JSONField(_("topics"), default=list)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    people = models.PositiveIntegerField(_("number of people"))
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="tallies")

    class Meta:
        verbose_name = _("walk-in or outreach tally")
        verbose_name_plural = _("walk-in and outreach tallies")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["team", "date"])]
        constraints = [models.CheckConstraint(condition=Q(people__gte=1), name="tally_people_positive")]

    def __str__(self) -> str:
        return f"{self.date} {self.place} {self.people}"


class FeedbackAnswer(models.Model):
    """One client's answers to the short feedback survey after a meeting. Deliberately without client,
    author or time of day: only the team and the month, so that an answer cannot be traced back."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument_code = models.CharField(_("instrument"), max_length=60, default="client_feedback")
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("Always the first day of the month."))
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        indexes = [models.Index(fields=["instrument_code", "team", "month"])]

    def __str__(self) -> str:
        return f"{self.instrument_code} {self.month:%Y-%m}"


class Project(BaseModel):
    """A project (e.g. ESR-funded) whose participants are reported by labour-market status and age."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="project_period")
        ]

    def __str__(self) -> str:
        return self.name


class EsrAgeGroup(models.TextChoices):
    UNDER_25 = "under_25", _("under 25")
    AGE_25_29 = "25_29", _("25-29")
    AGE_30_54 = "30_54", _("30-54")
    OVER_54 = "over_54", _("over 54")


class ProjectParticipant(BaseModel):
    """A client's participation in a project. Gender, age group and labour-market status are recorded as
    they were at the start, as the ESR participant table counts them (situation on entry)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participants"
    )
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="project_participations"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, editable=False)
    age_group = models.CharField(_("age group"), max_length=10, choices=EsrAgeGroup.choices, editable=False)
    labour_market_status = models.CharField(
        _("labour-market status"), max_length=24, choices=LabourMarketStatus.choices, editable=False
    )

    class Meta:
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")
        constraints = [
            models.UniqueConstraint(fields=["project", "client"], name="one_participation_per_project")
        ]
        indexes = [models.Index(fields=["project", "started_on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.started_on}"


class SurveyPhase(models.TextChoices):
    START = "start", _("start of the project")
    END = "end", _("end of the project")


class WorkerSurveyAnswer(models.Model):
    """A worker's answers to the worker survey of a development project, without the worker: who answered
    is kept apart (WorkerSurveyTaken), so that everyone answers once per phase and no answer is traceable."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="worker_survey_answers"
    )
    phase = models.CharField(_("phase"), max_length=8, choices=SurveyPhase.choices)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("worker survey answer")
        verbose_name_plural = _("worker survey answers")
        indexes = [models.Index(fields=["project", "phase"])]

    def __str__(self) -> str:
        return f"{self.project} {self.phase}"


class WorkerSurveyTaken(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(max_length=8, choices=SurveyPhase.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "phase", "user"], name="one_survey_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.phase}"


# -- co-development (yhteiskehittäminen) -------------------------------------------------------------------


class CoDeveloperRole(models.TextChoices):
    DEVELOPER_CLIENT = "developer_client", _("developer-client")
    LIVED_EXPERIENCE = "lived_experience", _("lived-experience expert")
    OTHER = "other", _("other")


class Reward(models.TextChoices):
    NONE = "none", _("no fee or reward")
    FEE = "fee", _("a fee per session")
    GIFT_CARD = "gift_card", _("a gift card")
    OTHER = "other", _("other reward")


class CoDeveloper(BaseModel):
    """A developer-client or lived-experience expert of the county's roster, taking part on their consent."""

    name = models.CharField(_("name"), max_length=200, db_collation=NAMES)  # a person's, in Finnish order
    contact = models.CharField(_("contact details"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=CoDeveloperRole.choices)
    # Set only for a client of the one who entered them (checked in the service); their reads are logged.
    client = models.ForeignKey(
        Client, verbose_name=_("client"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_on = models.DateField(_("consent given on"))
    consent_scope = models.CharField(_("what the consent covers"), max_length=300)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    availability = models.TextField(_("availability"), blank=True)
    reward = models.CharField(_("fee or reward"), max_length=12, choices=Reward.choices, default=Reward.NONE)
    fee = models.DecimalField(_("fee per session (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    reward_note = models.CharField(_("terms of the fee or reward"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("co-developer")
        verbose_name_plural = _("co-developers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def consents(self) -> bool:
        return self.consent_withdrawn_on is None


class DevelopmentProject(BaseModel):
    """A project that develops a service together with clients (PRO SOS, co-development)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    aim = models.TextField(_("aim"))
    service = models.CharField(_("service or area developed"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    lead = models.ForeignKey(User, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The team whose manager reads the clients' proposals first."),
    )

    class Meta:
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class DevelopmentParticipant(BaseModel):
    project = models.ForeignKey(
        DevelopmentProject, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participants"
    )
    codeveloper = models.ForeignKey(
        CoDeveloper, verbose_name=_("co-developer"), on_delete=models.PROTECT, related_name="participations"
    )
    role_in_project = models.CharField(_("role in the project"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["project", "codeveloper"], name="one_codeveloper_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.codeveloper}"


class DevelopmentSession(BaseModel):
    project = models.ForeignKey(
        DevelopmentProject, verbose_name=_("project"), on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    attended = models.ManyToManyField(CoDeveloper, verbose_name=_("who took part"), related_name="sessions")
    rewards = models.CharField(_("fees and rewards given"), max_length=300, blank=True)
    notes = models.TextField(_("what was worked on"), blank=True)

    class Meta:
        verbose_name = _("development session")
        verbose_name_plural = _("development sessions")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.project} {self.held_on}"


class SessionReward(BaseModel):
    """The fee or reward one participant was given for one session, on their terms unless changed then."""

    session = models.ForeignKey(
        DevelopmentSession,
        verbose_name=_("development session"),
        on_delete=models.PROTECT,
        related_name="rewards_given",
    )
    codeveloper = models.ForeignKey(
        CoDeveloper, verbose_name=_("co-developer"), on_delete=models.PROTECT, related_name="rewards_received"
    )
    reward = models.CharField(_("fee or reward"), max_length=12, choices=Reward.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("terms of the fee or reward"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fee or reward given")
        verbose_name_plural = _("fees and rewards given")
        ordering = ["codeveloper__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "codeveloper"], name="one_reward_per_session"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="session_reward_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.codeveloper}"
