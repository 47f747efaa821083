"""Clients (asiakas) and their client relationships (asiakkuus) with a team."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.db import connections, models
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.options import Options
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Organisation, OrganisationKind, Role, Team, User
from polku.accounts.selectors import team_ids_sql
from polku.clients.hetu import age_on, parse_hetu
from polku.core.collation import NAMES
from polku.core.crypto import decrypt_text, encrypt_text, search_hash
from polku.core.models import BaseModel


class Gender(models.TextChoices):
    FEMALE = "female", _("woman")
    MALE = "male", _("man")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("not recorded")


class LabourMarketStatus(models.TextChoices):
    """The client's labour-market status, as the ESR participant table groups it (domain.md)."""

    UNEMPLOYED = "unemployed", _("unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    IN_EDUCATION = "in_education", _("in education")
    EMPLOYED = "employed", _("employed")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    OUTSIDE = "outside_labour_market", _("outside the labour market")
    UNKNOWN = "unknown", _("not recorded")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    SAMI = "se", _("Sámi")
    PLAIN_FINNISH = "fi-selko", _("plain Finnish")
    ENGLISH = "en", _("English")
    OTHER = "other", _("other language")


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: User) -> ClientQuerySet:
        """The clients `user` may see; the only way pages and the API find clients.

        - service advisors, social counsellors and social workers: clients with an open relationship
          with one of their teams, and clients whose open relationship names them personal worker;
        - team managers: clients with any relationship, open or ended, with one of their teams;
        - everyone else (providers, authorities, analysts, administrators): no one, until a task or a
          service gives them a reason.
        """
        ids = self.visible_ids(user)
        return self.filter(pk__in=ids) if isinstance(ids, RawSQL) else self.none()

    def visible_ids(self, user: User) -> RawSQL | QuerySet[Client, Any]:
        """The ids of the clients `user` may see (`visible_to`), for a filter on another table's client:
        `Decision.objects.filter(client_id__in=Client.objects.visible_ids(user))` reads the relationships
        only, where `client__in=visible_to(user)` joined the client table as well."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none().values("pk")
        if user.role in CLIENT_WORK_ROLES:
            sql, params = _visible_sql()["worker"], 2
        elif user.role == Role.TEAM_MANAGER:
            sql, params = _visible_sql()["manager"], 1
        else:
            return self.none().values("pk")
        user_id = User._meta.pk.get_db_prep_value(user.pk, connections[self.db])  # type: ignore[union-attr]
        return RawSQL(sql, (user_id,) * params)  # noqa: S611  (our own SQL, below)


@cache
def _visible_sql() -> dict[str, str]:
    """The subqueries of `ClientQuerySet.visible_to`, written once: every page asks who its user may see,
    and building the same subquery through the ORM cost about a millisecond a page.

    For workers, the two reasons are a UNION rather than one OR: PostgreSQL then estimates the visible set
    (hundreds of a county's million clients) and starts from it, where the OR of a subquery left it guessing
    half the register and walking the name index of every client (seconds for a common surname at 1M
    clients). Same rows either way."""
    relationship = ClientRelationship._meta
    rel = relationship.db_table
    client, team, worker, ended = (
        _column(relationship, name) for name in ("client", "team", "personal_worker", "ended_at")
    )
    # Identifiers from the models' meta; the user is the only value, a parameter.
    my_teams = team_ids_sql()
    return {
        "worker": (
            f"SELECT {client} FROM {rel} WHERE {ended} IS NULL AND {team} IN ({my_teams}) "  # noqa: S608
            f"UNION SELECT {client} FROM {rel} WHERE {ended} IS NULL AND {worker} = %s"
        ),
        "manager": f"SELECT {client} FROM {rel} WHERE {team} IN ({my_teams})",  # noqa: S608
    }


def _column(meta: Options[Any], name: str) -> str:
    return str(cast("models.Field[Any, Any]", meta.get_field(name)).column)


class Client(BaseModel):
    hetu_encrypted = models.TextField(editable=False)
    hetu_hash = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    # Sorted in the order of the Finnish alphabet (polku.core.collation).
    first_name = models.CharField(_("first names"), max_length=150, db_collation=NAMES)
    last_name = models.CharField(_("last name"), max_length=150, db_index=True, db_collation=NAMES)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.FINNISH
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    # Turvakielto (Population Information Act 36 §): contact details are never shown or disclosed.
    address_protection = models.BooleanField(_("address protection (turvakielto)"), default=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    labour_market_status = models.CharField(
        _("labour-market status"),
        max_length=24,
        choices=LabourMarketStatus.choices,
        default=LabourMarketStatus.UNKNOWN,
    )

    objects = ClientQuerySet.as_manager()

    CONTACT_FIELDS = ("phone", "email", "street_address", "postal_code", "post_office")

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def hetu(self) -> str:
        return decrypt_text(self.hetu_encrypted)

    def set_hetu(self, raw: str) -> None:
        parsed = parse_hetu(raw)
        self.hetu_encrypted = encrypt_text(parsed.value)
        self.hetu_hash = search_hash(parsed.value)
        self.birth_date = parsed.birth_date

    @property
    def age(self) -> int:
        return age_on(self.birth_date, timezone.localdate())

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ClientRelationship(BaseModel):
    """Client relationship (asiakkuus, SHL 34): starts with an application, processing or a service,
    and ends only by a recorded entry that there is no longer a basis for social welfare."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="relationships"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="relationships"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    personal_worker = models.ForeignKey(
        User,
        verbose_name=_("personal worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personal_clients",
    )

    class Meta:
        verbose_name = _("client relationship")
        verbose_name_plural = _("client relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "team"],
                condition=Q(ended_at__isnull=True),
                name="one_open_relationship_per_team",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "ended_at"]),
            models.Index(fields=["personal_worker", "ended_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.client} / {self.team}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("in writing")
    ORAL = "oral", _("orally, recorded by the worker")
    ELECTRONIC = "electronic", _("electronically")
    JOINT_PLAN = "joint_plan", _("when the joint client plan was made")


class DataSharingConsent(BaseModel):
    """The client's permission to disclose their data to a named recipient for a purpose (ATL)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="consents"
    )
    recipient = models.CharField(_("recipient"), max_length=300)
    # Set when the recipient is an organisation in Polku (a provider, another authority).
    recipient_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("recipient organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=12, choices=ConsentMethod.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-sharing consent")
        verbose_name_plural = _("data-sharing consents")
        ordering = ["-given_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.purpose}"

    def is_active_on(self, day: Any) -> bool:
        return (
            self.withdrawn_at is None
            and self.given_on <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class BanScope(models.TextChoices):
    ORGANISATION = "organisation", _("an organisation")
    SERVICE_TASK = "service_task", _("a service task")
    DOCUMENT = "document", _("a document")


class ServiceTask(models.TextChoices):
    """Service tasks whose documents a ban may cover; service kinds of polku/provision use the same codes."""

    ADULT_SOCIAL_WORK = "adult_social_work", _("adult social work")
    SOCIAL_REHABILITATION = "social_rehabilitation", _("social rehabilitation")
    REHABILITATIVE_WORK = "rehabilitative_work_activity", _("rehabilitative work activity")
    OTHER = "other", _("other service")


class DocumentType(models.TextChoices):
    """Documents of the client record (the types the Client Data Act names, and those Polku adds)."""

    INITIATION = "initiation", _("initiation")
    ASSESSMENT = "assessment", _("service need assessment")
    CLIENT_PLAN = "client_plan", _("client plan")
    DECISION = "decision", _("decision")
    NARRATIVE = "narrative", _("client narrative")
    REFERRAL = "referral", _("referral to a service")
    SELF_ASSESSMENT = "self_assessment", _("self-assessment")


class DisclosureBan(BaseModel):
    """The client's ban (kielto) on disclosing data to an organisation, of a service task, or a document."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="disclosure_bans"
    )
    scope = models.CharField(_("the ban covers"), max_length=16, choices=BanScope.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A recipient outside Polku, such as a partner of a joint plan, named as the client named it.
    recipient_name = models.CharField(_("recipient outside Polku"), max_length=300, blank=True)
    service_task = models.CharField(_("service task"), max_length=40, choices=ServiceTask.choices, blank=True)
    document_type = models.CharField(_("document"), max_length=20, choices=DocumentType.choices, blank=True)
    given_on = models.DateField(_("given on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure ban")
        verbose_name_plural = _("disclosure bans")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="organisation", service_task="", document_type="")
                    & (Q(organisation__isnull=False) | ~Q(recipient_name=""))
                )
                | Q(scope="service_task", organisation__isnull=True, recipient_name="", document_type="")
                & ~Q(service_task="")
                | Q(scope="document", organisation__isnull=True, recipient_name="", service_task="")
                & ~Q(document_type=""),
                name="disclosure_ban_names_what_it_covers",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.target}"

    @property
    def target(self) -> str:
        if self.scope == BanScope.ORGANISATION:
            return str(self.organisation) if self.organisation_id else self.recipient_name
        if self.scope == BanScope.SERVICE_TASK:
            return str(self.get_service_task_display())
        return str(self.get_document_type_display())


class ReleaseRule(models.TextChoices):
    """When a document may be shown to the client (as Omakanta shows the client their documents)."""

    IMMEDIATELY = "immediately", _("immediately")
    AFTER_DATE = "after_date", _("from a date")
    NEVER = "never", _("not shown to the client")


class DocumentRelease(BaseModel):
    """The release of one document (a record of `document_type`, e.g. a plan version) to the client, where
    a worker has set one; a document without a row follows its type's default (polku/clients/release.py)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="document_releases"
    )
    document_type = models.CharField(_("document"), max_length=20, choices=DocumentType.choices)
    object_id = models.CharField(_("object ID"), max_length=64)
    rule = models.CharField(_("shown to the client"), max_length=12, choices=ReleaseRule.choices)
    release_on = models.DateField(_("shown from"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("release to the client")
        verbose_name_plural = _("releases to the client")
        constraints = [
            models.UniqueConstraint(fields=["document_type", "object_id"], name="document_release_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_type} {self.object_id}: {self.rule}"
