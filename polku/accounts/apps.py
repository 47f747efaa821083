from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "polku.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from polku.accounts.session_expiry import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="polku.accounts.stamp_sign_in")
