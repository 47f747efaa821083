from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "polku.consultation"
    label = "consultation"
    verbose_name = _("Consultation between professionals")
