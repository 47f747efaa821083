"""The outbox of messages to clients: one row per e-mail or SMS, kept after sending as the record of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.core.models import BaseModel


class MessageKind(models.TextChoices):
    PRE_ASSESSMENT_LINK = "pre_assessment_link", _("pre-assessment link")
    SELF_ASSESSMENT_LINK = "self_assessment_link", _("self-assessment link")
    PLAN_READING_LINK = "plan_reading_link", _("plan reading link")
    APPOINTMENT_CONFIRMATION = "appointment_confirmation", _("appointment confirmation")
    APPOINTMENT_CHANGE = "appointment_change", _("appointment change or cancellation")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


class Message(BaseModel):
    """One message to a client. Only the subject and body needed to deliver it are kept, encrypted
    (polku.core.crypto), and blanked once the message is sent or given up: the one-time link's raw
    token in the body is not readable afterwards."""

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("recipient address"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    channel_confirmed = models.BooleanField(
        _("worker confirmed the channel (address protection)"), default=False
    )
    subject_encrypted = models.TextField(blank=True, editable=False)
    body_encrypted = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("message to a client")
        verbose_name_plural = _("messages to clients")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"
