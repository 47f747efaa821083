from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_figures_file(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse to start with a figures file that breaks the format: every calculation would be wrong."""
    from polku.finance.figures import FiguresFileError, figures

    try:
        figures()
    except FiguresFileError as exc:
        return [checks.Error(str(exc), hint="See docs/domain.md, social assistance.", id="finance.E001")]
    return []


class FinanceConfig(AppConfig):
    name = "polku.finance"
    label = "finance"
    verbose_name = _("Financial social work")

    def ready(self) -> None:
        checks.register(check_figures_file)
