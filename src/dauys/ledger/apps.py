from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "dauys.ledger"
    label = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        """A malformed witness key stops the start with one line naming it (``dauys`` prints ConfigError)."""
        from django.conf import settings

        from dauys.config import ConfigError
        from dauys.ledger.notes import parse_witness_key

        for key in settings.LEDGER_WITNESSES:
            try:
                parse_witness_key(key)
            except ValueError as exc:
                raise ConfigError(f"DAUYS_LEDGER_WITNESSES: {exc}") from None
