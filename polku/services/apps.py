from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """Services run by providers (e.g. social rehabilitation, SHL 17): the client's service episode, the
    provider's implementation plan, groups with sessions and attendance, home guidance visits, reviews."""

    name = "polku.services"
    label = "services"
    verbose_name = _("Services")
