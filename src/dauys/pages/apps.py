from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "dauys.pages"
    label = "pages"

    def ready(self) -> None:
        from django.test.signals import setting_changed

        from dauys.pages import cache

        # A setting is read when a page is rendered; in production a new one takes a restart, which empties the
        # store. Tests change settings as they run: the stored pages go with the old value.
        setting_changed.connect(cache.forget_all, dispatch_uid="dauys.pages.setting_changed")
