from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "dauys.ledger"
    label = "ledger"
    verbose_name = "Ledger"
