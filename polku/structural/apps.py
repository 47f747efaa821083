from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class StructuralConfig(AppConfig):
    name = "polku.structural"
    label = "structural"
    verbose_name = _("Structural")

    def ready(self) -> None:
        from polku.structural.feedback_items import check_feedback_instrument

        checks.register(check_feedback_instrument)
