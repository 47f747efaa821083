from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisionConfig(AppConfig):
    """Services run by providers (e.g. social rehabilitation, SHL 17): the client's service episode, the
    provider's implementation plan, groups with sessions and attendance, home guidance visits, reviews.

    Named for what it does (palvelujen toteutus), so that `provision/services.py` is plainly its service
    layer. Until 2026-12 the app was labelled `services`; `polku migrate` renames an older database's
    tables and records once (see polku.core.app_rename)."""

    name = "polku.provision"
    label = "provision"
    verbose_name = _("Services")
