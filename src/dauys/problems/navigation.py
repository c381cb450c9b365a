"""The problems app's entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import action, entry

entry("problems", url="problems:index", label=gettext_lazy("Problems"), order=10)
action("report", url="problems:new", label=gettext_lazy("Report a problem"), order=10)
