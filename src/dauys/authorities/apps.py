from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoritiesConfig(AppConfig):
    name = "dauys.authorities"
    label = "authorities"
    verbose_name = _("Authorities")

    def ready(self) -> None:
        from dauys.accounts.selectors import register_export_section
        from dauys.authorities.selectors import representative_roles_export

        register_export_section("representative_roles", representative_roles_export)
