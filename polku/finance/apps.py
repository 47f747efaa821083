from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "polku.finance"
    label = "finance"
    verbose_name = _("Financial social work")
