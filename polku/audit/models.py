"""The use log (käyttöloki, ATL 10): who used whose client data, what, why and when.

Rows name the user and the client by id and keep the user's name as it was, without foreign keys:
a log must outlive the accounts and the records it speaks of (logs are kept 12 years).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    CLIENT_WORK = "client_work", _("client work")
    SUPERVISION = "supervision", _("supervision of client work")
    REGISTRATION = "registration", _("registering client data")


class Action(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("write")


class UseLogEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user_id = models.CharField(_("user ID"), max_length=64)
    username = models.CharField(_("user name"), max_length=150)
    user_full_name = models.CharField(_("user's name"), max_length=300)
    client_id = models.UUIDField(_("client"), db_index=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    view = models.CharField(_("view"), max_length=120)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object ID"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)

    class Meta:
        verbose_name = _("use log entry")
        verbose_name_plural = _("use log entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["client_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The use log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The use log is append-only.")
