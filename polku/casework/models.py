"""Casework: contacts from other authorities (SHL 35), initiations (SHL 34) and the team queue,
and the case journal (asiakaskertomus) that puts every event on one client timeline."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Organisation, Role, Team, User
from polku.accounts.selectors import team_ids_of, teams_of
from polku.casework.journal_messages import journal_text
from polku.casework.kela import NOTICE_TYPE_CHOICES, notice_type_label
from polku.clients.links import ClientLink
from polku.clients.models import Client, ClientRelationship
from polku.codes.national import SERVICE_TASK, code_check
from polku.core.models import BaseModel, LabelInLanguage, Versioned
from polku.messaging.links import link_sendable
from polku.messaging.models import MessageKind


class ReasonCode(LabelInLanguage, Versioned):
    """Why another authority contacts social services; a code list an administrator can extend."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=100)
    # The national service task (THL code set 1.2.246.537.6.1221) of the need this reason names: a contact's
    # reasons set its initiation's service task (polku/codes, docs/architecture.md "polku.codes").
    service_task_code = models.CharField(
        _("national service task"),
        max_length=50,
        blank=True,
        help_text=_("Code in the code set Sosiaalihuolto - Palvelutehtävä; empty: adult social work."),
    )

    class Meta:
        verbose_name = _("contact reason")
        verbose_name_plural = _("contact reasons")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.service_task_code:
            code_check(SERVICE_TASK, self.service_task_code, field="service_task_code")


class DeadlinePolicy(Versioned):
    """An organisation's own targets for assessments that have no statutory day limit (SHL 36)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="deadline_policy"
    )
    start_weekdays = models.PositiveSmallIntegerField(
        _("start the assessment within (weekdays)"),
        null=True,
        blank=True,
        help_text=_("Target for clients without a statutory limit; empty means no target."),
    )
    complete_weekdays = models.PositiveSmallIntegerField(
        _("complete the assessment within (weekdays)"),
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return str(self.organisation)


class ConsentGround(models.TextChoices):
    # SHL 35 §2: without consent only when the person obviously cannot look after themselves, or a
    # child's interest demands it.
    CANNOT_LOOK_AFTER_SELF = (
        "cannot_look_after_self",
        _("the person obviously cannot look after their own care, health or safety"),
    )
    CHILD_INTEREST = "child_interest", _("a child's interest demands it")


class Channel(models.TextChoices):
    API = "api", _("electronic notice")
    PHONE = "phone", _("phone call")
    FORM = "form", _("form or letter")


class Contact(BaseModel):
    """A contact (yhteydenotto) from another authority under SHL 35."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="contacts"
    )
    sender_organisation = models.CharField(_("sender organisation"), max_length=200)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_phone = models.CharField(_("sender's phone"), max_length=40, blank=True)
    consent = models.BooleanField(_("the person consented"))
    ground_without_consent = models.CharField(
        _("ground without consent"), max_length=32, choices=ConsentGround.choices, blank=True
    )
    reasons = models.ManyToManyField(ReasonCode, verbose_name=_("reasons"), related_name="contacts")
    # Who reported the need, a code of THL's Sosiaalihuolto - Palvelutarpeen ilmoittaja (polku.codes).
    reporter_code = models.CharField(_("reporter of the need"), max_length=50, blank=True)
    description = models.TextField(_("what the sender saw"))
    urgent = models.BooleanField(_("urgent"), default=False)
    highest_care_allowance = models.BooleanField(_("receives the highest care allowance"), default=False)
    contacted_at = models.DateTimeField(_("contacted at"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    idempotency_key = models.CharField(max_length=200, blank=True)
    response = models.JSONField(null=True, blank=True, editable=False)
    # Kela's notices (polku/casework/kela.py): the notice's type, and the day the law gives to act on it.
    notice_type = models.CharField(
        _("type of Kela's notice"), max_length=40, choices=NOTICE_TYPE_CHOICES, blank=True, default=""
    )
    notice_due = models.DateField(_("to be acted on by"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact from another authority")
        verbose_name_plural = _("contacts from other authorities")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="contact_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(consent=True) | ~Q(ground_without_consent=""), name="contact_consent_or_ground"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_organisation} {self.contacted_at:%Y-%m-%d}"

    @property
    def notice_type_name(self) -> str:
        """The Kela notice's type in the page's language (fi/sv/en)."""
        return notice_type_label(self.notice_type)


class InitiatorType(models.TextChoices):
    APPLICATION = "application", _("application by the client")
    AUTHORITY_CONTACT = "authority_contact", _("contact from another authority")
    WORKER_OBSERVATION = "worker_observation", _("worker's own observation")
    OTHER_PERSON = "other_person", _("relative or other person")


class InitiationStatus(models.TextChoices):
    NEW = "new", _("in the team queue")
    IN_PROGRESS = "in_progress", _("being handled")
    CLOSED = "closed", _("closed")


class InitiationQuerySet(models.QuerySet["Initiation"]):
    def visible_to(self, user: User) -> InitiationQuerySet:
        """Initiations in the queues of the user's teams, and those given to the user (the same rule as
        `Client.objects.visible_to`)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        teams = team_ids_of(user)
        if user.role == Role.TEAM_MANAGER:
            return self.filter(team__in=teams)
        if user.role in CLIENT_WORK_ROLES:
            # As with clients: workers see what belongs to open client relationships only.
            return self.filter(Q(team__in=teams) | Q(assigned_to=user), relationship__ended_at__isnull=True)
        return self.none()


@dataclass(frozen=True)
class InitiationScope:
    """The rule of `InitiationQuerySet.visible_to` as plain values, for lists that read the user's teams one
    by one from an index in their order (the deadline board and the initiation list in selectors.py):
    the initiations of `team_ids`; for a worker also those given to them (`assigned_to_id`) in other
    teams; for a worker only those of open client relationships."""

    team_ids: tuple[uuid.UUID, ...] = ()
    assigned_to_id: uuid.UUID | None = None
    open_relationships_only: bool = False

    @property
    def sees_none(self) -> bool:
        return not self.team_ids and self.assigned_to_id is None


def initiation_scope(user: User, *, teams: Iterable[Team] | None = None) -> InitiationScope:
    """What `user` may see of initiations (`InitiationQuerySet.visible_to`, the same rule); `teams` are the
    user's teams (`teams_of`) when the caller has read them already."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return InitiationScope()
    if user.role not in CLIENT_WORK_ROLES | {Role.TEAM_MANAGER}:
        return InitiationScope()
    team_ids = (
        tuple(t.pk for t in teams)
        if teams is not None
        else tuple(teams_of(user).values_list("pk", flat=True))
    )
    if user.role == Role.TEAM_MANAGER:
        return InitiationScope(team_ids=team_ids)
    return InitiationScope(team_ids=team_ids, assigned_to_id=user.pk, open_relationships_only=True)


class Initiation(BaseModel):
    """An initiation (vireilletulo, SHL 34): an application, a contact or a worker's observation."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="initiations"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="initiations"
    )
    relationship = models.ForeignKey(
        ClientRelationship,
        verbose_name=_("client relationship"),
        on_delete=models.PROTECT,
        related_name="initiations",
    )
    contact = models.OneToOneField(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiation",
    )
    initiated_at = models.DateTimeField(_("initiated at"), default=timezone.now)
    initiator_type = models.CharField(_("initiated by"), max_length=32, choices=InitiatorType.choices)
    initiator = models.CharField(_("initiator"), max_length=300, blank=True)
    need = models.TextField(_("need for support"))
    justification = models.TextField(_("justification"), blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    highest_care_allowance = models.BooleanField(_("receives the highest care allowance"), default=False)
    child_special_support = models.BooleanField(_("child needing special support"), default=False)
    age_at_initiation = models.PositiveSmallIntegerField(_("age at initiation"))
    status = models.CharField(
        _("status"), max_length=16, choices=InitiationStatus.choices, default=InitiationStatus.NEW
    )
    assigned_to = models.ForeignKey(
        User,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiations",
    )
    # Stored when the initiation is saved (and when urgency changes), never recomputed per request.
    assessment_start_due = models.DateField(_("assessment start due"), null=True, blank=True)
    assessment_complete_due = models.DateField(_("assessment completion due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    # Kept by the assessment services, so that the board and compliance figures need no join.
    assessment_started_at = models.DateTimeField(_("assessment started"), null=True, blank=True)
    assessment_completed_at = models.DateTimeField(_("assessment completed"), null=True, blank=True)
    # SHL 45 §2: a decided service is carried out at the latest 3 months from the initiation. Kept by the
    # decision services; exceeding the limit needs a recorded special reason.
    service_due = models.DateField(_("service to be carried out by"), null=True, blank=True)
    service_started_on = models.DateField(_("service carried out on"), null=True, blank=True)
    service_delay_reason = models.TextField(_("special reason for the delay"), blank=True)
    # The national codes of the matter (THL code sets, polku.codes): its service task, service process and
    # the special groups the worker records.
    service_task_code = models.CharField(_("service task"), max_length=50, blank=True)
    service_process_code = models.CharField(_("service process"), max_length=50, blank=True)
    special_group_codes = models.JSONField(_("special groups"), default=list, blank=True)

    objects = InitiationQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiation")
        verbose_name_plural = _("initiations")
        ordering = ["initiated_at"]
        indexes = [
            models.Index(fields=["status", "assessment_start_due"]),
            models.Index(fields=["status", "assessment_complete_due"]),
            models.Index(fields=["assigned_to", "status"]),
            # The paged lists (casework/selectors.py), each in its own order with the key last:
            # the initiation list (API), a team's initiations of one status newest first (read backwards);
            models.Index(fields=["team", "status", "initiated_at", "id"], name="initiation_team_status_idx"),
            # the client process page, newest first;
            models.Index(fields=["client", "-initiated_at", "-id"], name="initiation_client_newest_idx"),
            # the team queue;
            models.Index(
                fields=["team", "status", "-urgent", "assessment_start_due", "initiated_at", "id"],
                name="initiation_queue_idx",
            ),
            # the deadline board, one partial index per kind of pending limit, a team's in due order.
            models.Index(
                fields=["team", "assessment_start_due", "id"],
                condition=Q(
                    status__in=["new", "in_progress"],
                    assessment_start_due__isnull=False,
                    assessment_started_at__isnull=True,
                ),
                name="initiation_team_start_idx",
            ),
            models.Index(
                fields=["team", "assessment_complete_due", "id"],
                condition=Q(
                    status__in=["new", "in_progress"],
                    assessment_complete_due__isnull=False,
                    assessment_completed_at__isnull=True,
                ),
                name="initiation_team_complete_idx",
            ),
            models.Index(
                fields=["team", "service_due", "id"],
                condition=Q(
                    status__in=["new", "in_progress"],
                    service_due__isnull=False,
                    service_started_on__isnull=True,
                ),
                name="initiation_team_service_idx",
            ),
            # the work list's untaken initiations of the user's teams, in its order.
            models.Index(
                fields=["team", "assessment_complete_due", "initiated_at", "id"],
                condition=Q(status="new", assigned_to__isnull=True),
                name="initiation_untaken_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_initiator_type_display()} {self.initiated_at:%Y-%m-%d}"


class JournalKind(models.TextChoices):
    CONTACT = "contact", _("contact from another authority")
    INITIATION = "initiation", _("initiation")
    TAKEN = "taken", _("taken for handling")
    ASSIGNED = "assigned", _("assigned to a worker")
    URGENCY = "urgency", _("urgency changed")
    CLOSED = "closed", _("closed")
    MEETING = "meeting", _("meeting")
    NOTE = "note", _("note")
    ASSESSMENT_STARTED = "assessment_started", _("service need assessment started")
    ASSESSMENT_COMPLETED = "assessment_completed", _("service need assessment completed")
    PRE_ASSESSMENT = "pre_assessment", _("client's own pre-assessment")
    SPECIAL_SUPPORT = "special_support", _("special support determined")
    SPECIAL_SUPPORT_ENDED = "special_support_ended", _("special support ended")
    PERSONAL_WORKER = "personal_worker", _("personal worker named")
    RELATIONSHIP_ENDED = "relationship_ended", _("client relationship ended")
    DECISION = "decision", _("decision")
    CLIENT_PLAN = "client_plan", _("client plan")
    SERVICE = "service", _("service")
    REVIEW = "review", _("review meeting")
    KELA_STATEMENT = "kela_statement", _("social welfare statement to Kela")


class JournalEntry(models.Model):
    """One event on the client's timeline (asiakaskertomus). Written by the services, in the same
    transaction as the change it records; never edited."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="journal"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("event"), max_length=32, choices=JournalKind.choices)
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    # What a person wrote; for what the system writes, `message` (a code of `journal_messages.MESSAGES`)
    # and its `params`, written out in the reader's language when shown (`text`).
    summary = models.TextField(_("summary"), blank=True)
    # Defaults in the database too, for the writers in bulk (`polku seed`) that name their columns.
    message = models.CharField(_("message"), max_length=40, blank=True, default="", db_default="")
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        db_default=models.Value({}, output_field=models.JSONField()),
    )
    initiation = models.ForeignKey(
        Initiation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at", "-id"], name="journal_client_newest_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def text(self) -> str:
        """The entry's text in the active language."""
        return journal_text(self.message, self.params, self.summary)


class SpecialSupportGround(models.TextChoices):
    # SHL 3 §3: particular difficulty in seeking and getting services because of ...
    COGNITIVE = "cognitive", _("cognitive disability or illness")
    MENTAL = "mental", _("mental disability or illness")
    SUBSTANCE = "substance", _("substance use or other addiction")
    SEVERAL_NEEDS = "several_needs", _("several simultaneous support needs")
    OTHER = "other", _("another similar reason")


class SpecialSupportQuerySet(models.QuerySet["SpecialSupport"]):
    def in_force(self, on: date | None = None) -> SpecialSupportQuerySet:
        """The determinations in force on `on` (today): determined by that day and not ended by it. A
        determination ends on its end day, as a service episode does (`EpisodeQuerySet.not_ended`)."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), determined_on__lte=on)


class SpecialSupport(BaseModel):
    """A determination that the client needs special support (erityistä tukea tarvitseva, SHL 3 §3).
    While it is in force (`SpecialSupport.objects.in_force`), the assessment, the personal worker and
    decisions need a social worker in a public-office post (SHL 36, 42, 46)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="special_support"
    )
    determined_on = models.DateField(_("determined on"))
    grounds = models.JSONField(_("grounds"), default=list)
    explanation = models.TextField(_("explanation"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)

    objects = SpecialSupportQuerySet.as_manager()

    class Meta:
        verbose_name = _("special support determination")
        verbose_name_plural = _("special support determinations")
        ordering = ["-determined_on"]

    def __str__(self) -> str:
        return f"{self.client} {self.determined_on}"

    def ground_labels(self) -> list[str]:
        labels = dict(SpecialSupportGround.choices)
        return [str(labels.get(code, code)) for code in self.grounds]


class NeedDuration(models.TextChoices):
    TEMPORARY = "temporary", _("temporary")
    RECURRING = "recurring", _("recurring")
    LONG_TERM = "long_term", _("long-term")


class YesNo(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("cannot say")


class Assessment(BaseModel):
    """A service need assessment (palvelutarpeen arviointi, SHL 36) with the contents of SHL 37."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="assessments"
    )
    initiation = models.OneToOneField(
        Initiation, verbose_name=_("initiation"), on_delete=models.PROTECT, related_name="assessment"
    )
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        User,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # SHL 37 contents.
    need_duration = models.CharField(
        _("the need for support is"), max_length=16, choices=NeedDuration.choices, blank=True
    )
    situation_summary = models.TextField(_("summary of the client's situation"), blank=True)
    service_needs = models.TextField(_("need for services and special support"), blank=True)
    conclusion = models.TextField(
        _("the professional's conclusion on the preconditions for a client relationship"), blank=True
    )
    client_view = models.TextField(_("the client's own view of their need"), blank=True)
    client_view_obstacle = models.TextField(
        _("why the client's view could not be recorded"),
        blank=True,
        help_text=_("Fill in only when the client's own view could not be obtained."),
    )
    personal_worker_client_view = models.CharField(
        _("the client's view: is a personal worker needed?"), max_length=8, choices=YesNo.choices, blank=True
    )
    personal_worker_professional_view = models.CharField(
        _("the professional's view: is a personal worker needed?"),
        max_length=8,
        choices=YesNo.choices,
        blank=True,
    )
    relatives_views = models.TextField(_("views of relatives or a representative (ATL 42)"), blank=True)

    class Meta:
        verbose_name = _("service need assessment")
        verbose_name_plural = _("service need assessments")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.client} {self.started_at:%Y-%m-%d}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    CONTENTS = (
        "need_duration",
        "situation_summary",
        "service_needs",
        "conclusion",
        "client_view",
        "client_view_obstacle",
        "personal_worker_client_view",
        "personal_worker_professional_view",
        "relatives_views",
    )

    def contents(self) -> list[tuple[str, str]]:
        """The SHL 37 items as (label, text), choices shown by their names."""
        rows = []
        for name in self.CONTENTS:
            field = self._meta.get_field(name)
            value = (
                getattr(self, f"get_{name}_display")()
                if getattr(field, "choices", None)
                else getattr(self, name)
            )
            rows.append((str(getattr(field, "verbose_name", name)), str(value)))
        return rows


class PreAssessment(ClientLink):
    """The client's own pre-assessment, filled at home through a one-time link (no account).

    The row is the link as well as the answer (polku.clients.links): the link is used up (`used_at`) when
    the client answers. Any browser with the link may answer; the answer is written once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="pre_assessments"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pre_assessments",
    )
    # The link's times, under the names this page has always shown them by.
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("link expires"))
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)
    own_view = models.TextField(_("my situation in my own words"), blank=True)
    needs = models.TextField(_("what I need help with"), blank=True)
    strengths = models.TextField(_("what goes well and what I am good at"), blank=True)
    pulled_at = models.DateTimeField(_("taken into the assessment"), null=True, blank=True)

    class Meta:
        verbose_name = _("pre-assessment")
        verbose_name_plural = _("pre-assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client} {self.created_at:%Y-%m-%d}"

    @property
    def link_client_id(self) -> uuid.UUID:
        return self.client_id


class PersonalWorkerAssignment(BaseModel):
    """Who is the client's personal worker (omatyöntekijä, SHL 42) and when; the history stays."""

    relationship = models.ForeignKey(
        ClientRelationship,
        verbose_name=_("client relationship"),
        on_delete=models.PROTECT,
        related_name="personal_worker_history",
    )
    worker = models.ForeignKey(
        User,
        verbose_name=_("personal worker"),
        on_delete=models.PROTECT,
        related_name="personal_worker_assignments",
    )
    alongside = models.ForeignKey(
        User,
        verbose_name=_("social worker alongside"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alongside_assignments",
        help_text=_(
            "SHL 42: for a client needing special support, a social worker in a public-office post as "
            "the personal worker or alongside them."
        ),
    )
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal worker assignment")
        verbose_name_plural = _("personal worker assignments")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.worker} {self.started_at:%Y-%m-%d}"


# The worker sends this link to the client by e-mail or SMS with one click (polku.messaging).
link_sendable(PreAssessment, kind=MessageKind.PRE_ASSESSMENT_LINK, url_name="pre_assessment_answer")


class KelaStatement(BaseModel):
    """A social welfare statement (sosiaalihuollon lausunto) written back to Kela on a contact Kela sent.

    Made once, then final: a correction is a new statement that `replaces` the earlier one. Kela's token
    reads it once (`read_at`, set by one conditional UPDATE); each read is a disclosure (polku/casework/
    statements.py)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="kela_statements"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact answered"), on_delete=models.PROTECT, related_name="statements"
    )
    recipient = models.ForeignKey(
        Organisation, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("statement"))
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("made at"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        # A mention: the client's statements are removed together at retention (polku/registry).
        on_delete=models.SET_NULL,
        related_name="corrected_by",
    )
    read_at = models.DateTimeField(_("read by the recipient at"), null=True, blank=True)
    read_by = models.ForeignKey(
        User, verbose_name=_("read by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("social welfare statement to Kela")
        verbose_name_plural = _("social welfare statements to Kela")
        ordering = ["-made_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="kela_statement_unread")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.made_at:%Y-%m-%d}"
