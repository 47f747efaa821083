"""Consultation between professionals (konsultaatio): a worker asks a colleague, a team or an expert panel.

A consultation is anonymous unless it names a client. An identified one names the client only on the
client's consent or a ground in law, recorded with it and written to the disclosure log; the people it is
asked of read what was shared about the client until `shared_until`, and after that only its topic and
dates. Expert panels and their members are kept by administrators (the admin site).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Team, User
from polku.clients.models import Client
from polku.core.models import BaseModel


class Topic(models.TextChoices):
    LAW = "law", _("law")
    SUBSTANCE_USE = "substance_use", _("substance use")
    DISABILITY = "disability", _("disability")
    SOCIAL_SECURITY = "social_security", _("social security")
    MENTAL_HEALTH = "mental_health", _("mental health")
    HOUSING = "housing", _("housing")
    MONEY = "money", _("money and debts")
    OTHER = "other", _("other")


class Panel(BaseModel):
    """An expert panel (asiantuntijapaneeli) that answers consultations on its topic."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(User, verbose_name=_("members"), blank=True, related_name="panels")
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AskedOf(models.TextChoices):
    COLLEAGUE = "colleague", _("a colleague")
    TEAM = "team", _("a team")
    PANEL = "panel", _("an expert panel")


class Status(models.TextChoices):
    OPEN = "open", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Consultation(BaseModel):
    asker = models.ForeignKey(
        User, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="consultations_asked"
    )
    asked_of = models.CharField(_("asked of"), max_length=10, choices=AskedOf.choices)
    colleague = models.ForeignKey(
        User,
        verbose_name=_("colleague"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations_received",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    panel = models.ForeignKey(
        Panel,
        verbose_name=_("expert panel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # Identified: the client, what was shared of them, until when, and on what basis (LegalBasis).
    client = models.ForeignKey(
        Client,
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    shared = models.TextField(_("what is shared about the client"), blank=True)
    shared_until = models.DateField(_("shared until"), null=True, blank=True)
    legal_basis = models.CharField(_("basis of the disclosure"), max_length=20, blank=True)
    basis_detail = models.CharField(_("ground in law"), max_length=300, blank=True)
    first_answer_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    asker_read_at = models.DateTimeField(_("answers read by the asker"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["asker", "-created_at"], name="consult_asker"),
            models.Index(fields=["colleague", "status"], name="consult_colleague"),
            models.Index(fields=["team", "status"], name="consult_team"),
            models.Index(fields=["panel", "status"], name="consult_panel"),
        ]
        constraints = [
            models.CheckConstraint(
                name="consultation_one_recipient",
                condition=(
                    models.Q(
                        asked_of="colleague", colleague__isnull=False, team__isnull=True, panel__isnull=True
                    )
                    | models.Q(
                        asked_of="team", colleague__isnull=True, team__isnull=False, panel__isnull=True
                    )
                    | models.Q(
                        asked_of="panel", colleague__isnull=True, team__isnull=True, panel__isnull=False
                    )
                ),
            ),
            models.CheckConstraint(
                name="consultation_identified_has_basis",
                condition=models.Q(client__isnull=True)
                | (models.Q(shared_until__isnull=False) & ~models.Q(legal_basis="")),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def identified(self) -> bool:
        return self.client_id is not None

    @property
    def recipient_name(self) -> str:
        if self.asked_of == AskedOf.COLLEAGUE and self.colleague is not None:
            return self.colleague.display_name
        if self.asked_of == AskedOf.TEAM and self.team is not None:
            return str(self.team)
        return str(self.panel)

    def shared_on(self, day: date | None = None) -> bool:
        """Whether what was shared about the client may still be read by those it was asked of."""
        return self.shared_until is not None and (day or timezone.localdate()) <= self.shared_until


class Message(models.Model):
    """One message of the consultation's thread: an answer, or the asker's follow-up."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["at"]
        indexes = [models.Index(fields=["consultation", "at"], name="consult_message_at")]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
