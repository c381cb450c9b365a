"""The accountability app's entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import entry

entry("scorecards", url="accountability:rankings", label=gettext_lazy("Scorecards"), order=40)
