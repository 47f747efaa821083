from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "polku.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from polku.clients.languages import register_language_info

        register_language_info()
