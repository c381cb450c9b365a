"""The problems app's entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import entry

entry("problems", url="problems:index", label=gettext_lazy("Problems"), order=10)
