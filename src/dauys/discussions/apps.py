from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "dauys.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from dauys.discussions import targets

        targets.autodiscover()
