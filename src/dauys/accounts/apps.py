from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dauys.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # The receivers that drop a saved account from the shared cache must be connected in every process,
        # including the ones that never authenticate anybody (the worker, the shell).
        from dauys.accounts import backends  # noqa: F401
