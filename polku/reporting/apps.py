from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Effectiveness, deadlines, caseloads, ESR tables, exports; its own models are pre-aggregated counts."""

    name = "polku.reporting"
    label = "reporting"
    verbose_name = _("Reporting")
