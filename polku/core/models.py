"""Base models shared by every app: UUID keys, who changed a row and when, and a version for safe edits."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class StaleEditError(ValidationError):
    """Someone else saved the record after this editor loaded it: the save is refused, nothing overwritten."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this record after you opened it. Reload the page to see their "
                "changes, then make yours again."
            ),
            code="stale",
        )


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def save_versioned(
        self,
        *,
        actor: AbstractBaseUser,
        expected_version: int | None,
        update_fields: list[str],
        where: Q | None = None,
    ) -> None:
        """Save only if nobody saved since `expected_version` was read (optimistic locking), and only while
        the row still matches `where` (e.g. not closed meanwhile). With `expected_version` None, only
        `where` is checked.

        One UPDATE ... WHERE version = expected: of two concurrent editors exactly one wins.
        """
        fields = {name: getattr(self, name) for name in update_fields}
        rows = type(self)._default_manager.filter(pk=self.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if where is not None:
            rows = rows.filter(where)
        updated = rows.update(
            **fields,
            version=F("version") + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise StaleEditError()
        self.refresh_from_db(fields=["version", "updated_at", "updated_by"])


class Versioned(models.Model):
    """A record edited in place that has no need for BaseModel's other columns (code lists, attendance
    marks): it still carries a version, so that a save based on an old reading is refused."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


def carries_version(model: type[models.Model]) -> bool:
    """Whether a model's rows carry the version that optimistic locking compares."""
    return issubclass(model, (BaseModel, Versioned))


class LabelInLanguage:
    """A code list row with label_fi, label_sv and label_en: `label` speaks the active language, falling
    back to Finnish."""

    label_fi: str
    label_sv: str
    label_en: str

    @property
    def label(self) -> str:
        language = (get_language() or "fi")[:2]
        return str(getattr(self, f"label_{language}", "") or self.label_fi)
