"""The initiatives' entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import entry

entry("initiatives", url="initiatives:index", label=gettext_lazy("Initiatives"), order=45)
