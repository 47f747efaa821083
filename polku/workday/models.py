"""Reminders: what each worker wants to receive, and one row per reminder sent (or being retried)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.models import Versioned


class ReminderSetting(Versioned):
    """What reminders a worker receives; a worker without a row gets the defaults (all on, at 7)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_setting", primary_key=True
    )
    daily_digest = models.BooleanField(_("a daily digest of what falls due"), default=True)
    digest_hour = models.PositiveSmallIntegerField(_("hour of the digest (Finnish time)"), default=7)
    urgent_notices = models.BooleanField(_("a same-day notice of urgent initiations"), default=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.user)


class ReminderKind(models.TextChoices):
    DIGEST = "digest", _("daily digest")
    URGENT = "urgent", _("urgent notice")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


class Reminder(models.Model):
    """One reminder of one kind to one user on one day: unique, so two workers never send it twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "day"], name="workday_one_reminder_a_day")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.day}"
