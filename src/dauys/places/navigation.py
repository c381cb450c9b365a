"""The places app's entry in the main menu (``pages.navigation``)."""

from django.utils.translation import gettext_lazy

from dauys.pages.navigation import entry

entry("places", url="places:index", label=gettext_lazy("Places"), order=20)
