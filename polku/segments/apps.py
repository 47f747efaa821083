from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_rule_file(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse to start with a segment rule that names an unknown field or a bad number: every placement
    would be wrong."""
    from django.core.exceptions import ValidationError

    from polku.segments.rule import rule

    try:
        rule()
    except ValidationError as exc:
        return [checks.Error("; ".join(exc.messages), hint="See docs/segments.md.", id="segments.E001")]
    return []


class SegmentsConfig(AppConfig):
    name = "polku.segments"
    label = "segments"
    verbose_name = _("Client segments")

    def ready(self) -> None:
        checks.register(check_rule_file)
