"""The problems app's entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import action, entry, own

entry("problems", url="problems:index", label=gettext_lazy("Problems"), order=10)
action("report", url="problems:new", label=gettext_lazy("Report a problem"), order=10)
own("mine", url="problems:mine", label=gettext_lazy("My cases"), order=10)
