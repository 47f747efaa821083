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
from polku.finance.models import Debt
from polku.messaging.links import link_sendable
from polku.messaging.models import MessageKind
from polku.plans.avain import LISTED, avain


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
    # The version of the AVAIN data file the version's AVAIN ratings were given with (None: not rated).
    avain_version = models.PositiveSmallIntegerField(_("AVAIN list version"), null=True, blank=True)

    class Meta:
        verbose_name = _("client plan version")
        verbose_name_plural = _("client plan versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def avain_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The version's AVAIN factors, services and methods as the plan shows them: per component its
        title and (item, rating) pairs, in the AVAIN file's order."""
        measure = avain()
        ratings = list(self.avain_ratings.all())
        sections = []
        for component_id in LISTED:
            component = measure.component(component_id)
            order = {item.code: i for i, item in enumerate(component.items)}
            rows = sorted(
                (r for r in ratings if r.component == component_id),
                key=lambda r: (order.get(r.item, len(order)), r.item),
            )
            if rows:
                sections.append(
                    (
                        str(component.title),
                        [
                            (
                                component.item_label(r.item),
                                component.scale.label(r.value)
                                if r.value is not None
                                else str(_("in use, not rated yet")),
                            )
                            for r in rows
                        ],
                    )
                )
        return sections


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
    # AVAIN component 1: how far the goal has been attained, on the AVAIN file's goal scale
    # (polku.plans.avain); rated when the plan is made and again in every review's new version.
    avain = models.SmallIntegerField(_("AVAIN: goal attainment"), null=True, blank=True)
    # A goal about the household's money may name the debt it is about (financial social work).
    debt = models.ForeignKey(
        Debt, verbose_name=_("debt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def avain_label(self) -> str:
        return avain().component("goals").scale.label(self.avain) if self.avain is not None else ""


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


class AvainComponent(models.TextChoices):
    FACTOR = "factors", _("situational factor")
    SERVICE = "services", _("service")
    METHOD = "methods", _("method")


class AvainRating(models.Model):
    """An AVAIN situational factor, service or method of one plan version, with its rating.

    `item` is a code of the AVAIN data file (polku.plans.avain) and `value` a value of that component's
    scale; a service or method in use that cannot be rated yet has no value. Written with its version and
    never changed after: a review rates again in the new version."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="avain_ratings"
    )
    component = models.CharField(_("AVAIN component"), max_length=10, choices=AvainComponent.choices)
    item = models.CharField(_("item"), max_length=60)
    value = models.SmallIntegerField(_("rating"), null=True, blank=True)

    class Meta:
        verbose_name = _("AVAIN rating")
        verbose_name_plural = _("AVAIN ratings")
        ordering = ["component", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "component", "item"], name="avain_rating_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.component}:{self.item}"


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
