"""Clients (asiakas) and their client relationships (asiakkuus) with a team."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import CLIENT_WORK_ROLES, Organisation, OrganisationKind, Role, Team, User
from polku.clients.hetu import age_on, parse_hetu
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
    ENGLISH = "en", _("English")
    OTHER = "other", _("other language")


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: Any) -> ClientQuerySet:
        """The clients `user` may see; the only way pages and the API find clients.

        - service advisors, social counsellors and social workers: clients with an open relationship
          with one of their teams, and clients whose open relationship names them personal worker;
        - team managers: clients with any relationship, open or ended, with one of their teams;
        - everyone else (providers, authorities, analysts, administrators): no one, until a task or a
          service gives them a reason.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        teams = Team.objects.filter(members=user).values("pk")
        if user.role in CLIENT_WORK_ROLES:
            open_ = Q(ended_at__isnull=True)
            relationships = ClientRelationship.objects.filter(
                open_ & (Q(team__in=teams) | Q(personal_worker=user))
            )
        elif user.role == Role.TEAM_MANAGER:
            relationships = ClientRelationship.objects.filter(team__in=teams)
        else:
            return self.none()
        return self.filter(pk__in=relationships.values("client_id"))


class Client(BaseModel):
    hetu_encrypted = models.TextField(editable=False)
    hetu_hash = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    first_name = models.CharField(_("first names"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, db_index=True)
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
