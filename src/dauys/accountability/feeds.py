"""The Atom feed of periodic reports (``/feeds/reports.atom``): every report of the whole country, newest first."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from dauys.accountability.models import Report


class ReportsFeed(Feed):
    feed_type = Atom1Feed

    def link(self) -> str:
        return reverse("accountability:reports")

    def title(self) -> str:
        return "Dauys: " + _("Reports")

    def subtitle(self) -> str:
        return _("Every week and every month: new problems, answers, appeals left overdue, promises broken.")

    def items(self) -> Any:
        return Report.objects.filter(place=None).order_by("-created_at")[:50]

    def item_title(self, item: Report) -> str:
        kind = _("Weekly report") if item.kind == Report.Kind.WEEKLY else _("Monthly report")
        return f"{kind}: {item.start.isoformat()} – {item.end.isoformat()}"

    def item_description(self, item: Report) -> str:
        c = item.content
        return _(
            "%(problems)s new problems, %(answers)s answers, %(overdue)s appeals overdue, %(broken)s promises broken."
        ) % {
            "problems": c["problems"],
            "answers": c["answers"],
            "overdue": c["overdue"],
            "broken": c["promises_broken"],
        }

    def item_link(self, item: Report) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Report) -> Any:
        return item.created_at

    def item_updateddate(self, item: Report) -> Any:
        return item.created_at
