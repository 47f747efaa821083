from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructuralConfig(AppConfig):
    name = "polku.structural"
    label = "structural"
    verbose_name = _("Structural")
