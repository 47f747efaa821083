"""Organisations, teams and the people who use Polku, with their role and professional qualification."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from polku.core.collation import NAMES
from polku.core.models import BaseModel, Versioned


class OrganisationKind(models.TextChoices):
    WELLBEING_COUNTY = "wellbeing_county", _("wellbeing services county")
    MUNICIPALITY = "municipality", _("municipality")
    PROVIDER = "provider", _("service provider")
    AUTHORITY = "authority", _("other authority")


class Organisation(BaseModel):
    """An organisation: wellbeing services county (hyvinvointialue), municipality, provider or authority."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    # A municipality's code in the national code set of municipalities (kuntakoodi, urn:oid:1.2.246.537.6.21),
    # e.g. "020" for Akaa: the home municipality of a client in FHIR (polku/fhir).
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{3}$", _("Three digits, e.g. 020."))],
    )
    # The registry (kirjaamo) where a client sends a correction request; printed in decision letters.
    registry_address = models.TextField(
        _("registry's postal address"),
        blank=True,
        help_text=_("Where clients send correction requests and other documents (kirjaamo)."),
    )
    registry_email = models.EmailField(_("registry's email address"), blank=True)
    registry_phone = models.CharField(_("registry's telephone"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="organisation_name_kind_unique")]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    """A team of a wellbeing services county, e.g. adult social work in one municipality."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="teams"
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipal_teams",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    receives_unrouted = models.BooleanField(
        _("receives contacts that cannot be routed"),
        default=False,
        help_text=_(
            "Contacts for a person with no team and no known municipality land in this team's queue."
        ),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SERVICE_ADVISOR = "service_advisor", _("service advisor")
    SOCIAL_COUNSELLOR = "social_counsellor", _("social counsellor")
    SOCIAL_WORKER = "social_worker", _("social worker")
    TEAM_MANAGER = "team_manager", _("team manager")
    PROVIDER_WORKER = "provider_worker", _("provider worker")
    AUTHORITY_INTEGRATION = "authority_integration", _("authority integration")
    ANALYST = "analyst", _("analyst")
    ADMINISTRATOR = "administrator", _("administrator")


# Roles whose work is with clients of their own team (client work in the county's social services).
CLIENT_WORK_ROLES: frozenset[str] = frozenset(
    {Role.SERVICE_ADVISOR, Role.SOCIAL_COUNSELLOR, Role.SOCIAL_WORKER}
)


class Qualification(models.TextChoices):
    # SHL 42 and 46: decisions and personal work for clients needing special support need this one.
    SOCIAL_WORKER_PUBLIC_OFFICE = "social_worker_public_office", _("social worker in a public-office post")
    SOCIAL_COUNSELLOR = "social_counsellor", _("social counsellor")
    OTHER = "other", _("other")


class User(Versioned, AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    qualification = models.CharField(
        _("professional qualification"),
        max_length=40,
        choices=Qualification.choices,
        default=Qualification.OTHER,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # AbstractUser's names, sorted in the order of the Finnish alphabet (polku.core.collation).
    first_name = models.CharField(_("first name"), max_length=150, blank=True, db_collation=NAMES)
    last_name = models.CharField(_("last name"), max_length=150, blank=True, db_collation=NAMES)
    teams = models.ManyToManyField(Team, verbose_name=_("teams"), blank=True, related_name="members")
    title = models.CharField(_("job title"), max_length=120, blank=True)
    # The work phone a provider or a partner calls the worker on (shown on a referral to a service).
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    sso_identifier = models.CharField(
        _("organisation account identifier"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the organisation's sign-in service calls this person in the claim Polku is configured "
            "to match (POLKU_OIDC_USER_CLAIM, e.g. sub). Not needed when sign-in matches by email address."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sso_identifier"],
                condition=~models.Q(sso_identifier=""),
                name="user_sso_identifier_unique",
            )
        ]

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name, self.username)

    @property
    def display_name(self) -> str:
        return str(self)


def person_name(first_name: str, last_name: str, username: str) -> str:
    """How a user is named on pages and in lists: first and last name, or the user name when neither is
    recorded (str(user); for rows read without a User instance)."""
    return f"{first_name} {last_name}".strip() or username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(Versioned):
    """A bearer token for a system (e.g. Kela's intake) or a script. Only its hash is stored."""

    PREFIX = "polku_"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # A token stops working at this time; none means until revoked.
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user.username}: {self.label or self.id}"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class AuthedRequest(HttpRequest):
    """A request behind login_required: its user is a Polku user (for type checking views)."""

    user: User  # type: ignore[assignment]
