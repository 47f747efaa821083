"""Client plans (asiakassuunnitelma, SHL 39, ATL 43) in versions, and activation plans."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import User
from polku.clients.links import ClientLink
from polku.clients.models import Client
from polku.core.models import BaseModel
from polku.messaging.links import link_sendable
from polku.messaging.models import MessageKind


class ClientPlan(BaseModel):
    client = models.OneToOneField(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="client_plan"
    )

    class Meta:
        verbose_name = _("client plan")
        verbose_name_plural = _("client plans")

    def __str__(self) -> str:
        return str(self.client)


class PlanVersion(models.Model):
    """One version of the plan. A review makes a new version; earlier ones are never changed."""

    # The SHL 39 items compared between versions, in the order the page shows them.
    TEXT_FIELDS = (
        "client_view_of_need",
        "professional_view_of_need",
        "client_view_of_services",
        "professional_view_of_services",
        "meeting_frequency",
        "strengths",
        "estimated_duration",
        "follow_up",
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        ClientPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    created_by = models.ForeignKey(
        User, verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )
    client_view_of_need = models.TextField(_("the client's view of the need for support"))
    professional_view_of_need = models.TextField(_("the professional's view of the need for support"))
    client_view_of_services = models.TextField(_("the client's view of the services needed"), blank=True)
    professional_view_of_services = models.TextField(
        _("the professional's view of the services needed"), blank=True
    )
    meeting_frequency = models.CharField(_("how often the client and the worker meet"), max_length=200)
    strengths = models.TextField(_("strengths and resources"), blank=True)
    estimated_duration = models.CharField(
        _("estimated duration of the client relationship"), max_length=200, blank=True
    )
    follow_up = models.TextField(_("follow-up and assessment of goal attainment"), blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    is_joint = models.BooleanField(_("joint plan with other sectors"), default=False)
    consent_given_at = models.DateTimeField(_("the client's consent to a joint plan"), null=True, blank=True)
    consent_note = models.CharField(_("how the consent was given"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("client plan version")
        verbose_name_plural = _("client plan versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class GoalOwner(models.TextChoices):
    CLIENT = "client", _("the client")
    WORKER = "worker", _("the worker")
    TOGETHER = "together", _("together")
    PARTNER = "partner", _("a partner")


class PlanGoal(models.Model):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal"))
    client_words = models.TextField(_("in the client's own words"), blank=True)
    owner = models.CharField(_("whose task"), max_length=10, choices=GoalOwner.choices)
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class PlanService(models.Model):
    """A service essential for the client (SHL 39 §2): with its start and duration."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("service"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    duration = models.CharField(_("duration"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("essential service")
        verbose_name_plural = _("essential services")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PlanPartner(models.Model):
    """A partner from another sector and its responsibilities (SHL 41); its part is marked as its own."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.CharField(_("partner"), max_length=200)
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=[
            ("health", _("health care")),
            ("employment", _("employment services")),
            ("other", _("other")),
        ],
    )
    responsibilities = models.TextField(_("responsibilities"))

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.organisation


class PlanReadLink(ClientLink):
    """A one-time link through which the client reads their current plan (no account).

    It opens once: the first open uses it up, and any later one, a reload in the same browser too, gets the
    "no longer in use" page (polku.clients.links, OPENS_ONCE)."""

    OPENS_ONCE = True
    CLOSED_MESSAGE = _("The link has been opened already or has expired. Ask your worker for a new one.")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ClientPlan, on_delete=models.CASCADE, related_name="read_links")

    class Meta:
        verbose_name = _("plan reading link")
        verbose_name_plural = _("plan reading links")

    def __str__(self) -> str:
        return str(self.plan)

    @property
    def link_client_id(self) -> UUID:
        return self.plan.client_id


class ActivationPlan(BaseModel):
    """An activation plan (aktivointisuunnitelma) made with employment services, e.g. before
    rehabilitative work activity (laki kuntouttavasta työtoiminnasta 189/2001)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="activation_plans"
    )
    made_on = models.DateField(_("made on"))
    employment_office = models.CharField(_("employment services"), max_length=200)
    measures = models.TextField(_("agreed measures"))
    work_activity = models.TextField(_("rehabilitative work activity"), blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation plan")
        verbose_name_plural = _("activation plans")
        ordering = ["-made_on"]

    def __str__(self) -> str:
        return f"{self.client} {self.made_on}"


# The worker sends this link to the client by e-mail or SMS with one click (polku.messaging).
link_sendable(PlanReadLink, kind=MessageKind.PLAN_READING_LINK, url_name="plan_read")
