from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Read-only: effectiveness, deadlines, caseloads, ESR tables, exports. No models of its own."""

    name = "polku.reporting"
    label = "reporting"
    verbose_name = _("Reporting")
