"""The authorities app's entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import entry

entry("authorities", url="authorities:index", label=gettext_lazy("Authorities"), order=30)
