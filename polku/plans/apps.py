from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_avain_file(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse to start with an AVAIN file that breaks the format: plans would be rated on a wrong scale."""
    from polku.plans.avain import AvainFileError, avain

    try:
        avain()
    except AvainFileError as exc:
        return [checks.Error(str(exc), hint="See docs/instruments.md.", id="plans.E001")]
    return []


class PlansConfig(AppConfig):
    name = "polku.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        checks.register(check_avain_file)
