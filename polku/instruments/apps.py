from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_instrument_files(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse to start with an instrument file that breaks the schema: it would score clients wrongly."""
    from polku.instruments.definitions import InstrumentFileError, registry

    try:
        registry()
    except InstrumentFileError as exc:
        return [checks.Error(str(exc), hint="See docs/instruments.md.", id="instruments.E001")]
    return []


class InstrumentsConfig(AppConfig):
    name = "polku.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        checks.register(check_instrument_files)
