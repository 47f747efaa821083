"""THL's national code sets (koodistopalvelu.kanta.fi), loaded from versioned data files.

A code set is known by its OID; each load of a new version of it is a `CodeSetVersion` with its codes. One
version of each set is in use (`active`); the older ones stay so that a record made under them still shows
its code's name. `polku load_code_set` loads a version (polku/codes/loader.py); the repository's own files
(polku/codes/data/) are loaded by this app's migrations.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CodeSetVersion(models.Model):
    """One version of a national code set, as loaded from one file."""

    oid = models.CharField(_("code set OID"), max_length=64)
    version = models.CharField(_("version"), max_length=100)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True)
    # Polku's keys → codes of this version (polku.codes.national.MAPPING_KEYS), e.g. {"kela": "6"}.
    mapping = models.JSONField(_("Polku's mapping"), default=dict, blank=True)
    # True when the file says some of its values could not be checked against the code service.
    provisional = models.BooleanField(_("provisional values"), default=False)
    content_hash = models.CharField(max_length=64, editable=False)
    file_name = models.CharField(_("file"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("code set version")
        verbose_name_plural = _("code set versions")
        ordering = ["oid", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["oid", "version"], name="code_set_version_unique"),
            models.UniqueConstraint(
                fields=["oid"], condition=Q(active=True), name="code_set_one_active_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_fi} {self.version}"


class NationalCode(models.Model):
    """A code of one version of a code set, with its national names."""

    code_set = models.ForeignKey(
        CodeSetVersion, verbose_name=_("code set version"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("code"), max_length=50)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("national code")
        verbose_name_plural = _("national codes")
        ordering = ["code_set", "order"]
        constraints = [models.UniqueConstraint(fields=["code_set", "code"], name="national_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fi}"
