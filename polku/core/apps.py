from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "polku.core"
    label = "core"

    def ready(self) -> None:
        from polku.core.collation import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="polku_names_collation")
