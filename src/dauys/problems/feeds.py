"""Atom feeds (DESIGN section 6): new problems everywhere, by place, by authority, by status; a problem's timeline."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from dauys.authorities.models import Authority
from dauys.places.models import Place
from dauys.problems import selectors
from dauys.problems.models import Problem, TimelineEvent
from dauys.problems.selectors import PUBLIC

LIMIT = 50


class ProblemsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        status = request.GET.get("status", "")
        if status and status not in PUBLIC:
            raise Http404
        target: Any = None
        if "place" in kwargs:
            target = get_object_or_404(Place, slug=kwargs["place"])
        elif "authority" in kwargs:
            target = get_object_or_404(Authority, slug=kwargs["authority"], is_active=True)
        return {"target": target, "status": status}

    def title(self, obj: dict[str, Any]) -> str:
        target = obj["target"]
        return f"Dauys — {target.name}" if target else "Dauys — " + _("Problems")

    def link(self, obj: dict[str, Any]) -> str:
        target = obj["target"]
        return target.get_absolute_url() if target else reverse("problems:index")

    def subtitle(self, obj: dict[str, Any]) -> str:
        return _("New problems filed on Dauys")

    def items(self, obj: dict[str, Any]) -> list[Problem]:
        target = obj["target"]
        filters = selectors.ProblemFilters(
            place=target if isinstance(target, Place) else None,
            authority_id=target.pk if isinstance(target, Authority) else None,
            status=obj["status"],
        )
        # The list's own filters, newest first; the feed carries the descriptions the list leaves out.
        return list(selectors.problem_list(filters).defer(None).defer("search_words").select_related("author")[:LIMIT])

    def item_title(self, item: Problem) -> str:
        return item.title

    def item_description(self, item: Problem) -> str:
        return item.body_html

    def item_link(self, item: Problem) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Problem) -> Any:
        return item.published_at

    def item_updateddate(self, item: Problem) -> Any:
        return item.updated_at

    def item_author_name(self, item: Problem) -> str:
        return item.public_author


class TimelineFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, pk: int) -> Problem:
        return get_object_or_404(Problem, pk=pk, status__in=PUBLIC)

    def title(self, obj: Problem) -> str:
        return f"Dauys — {obj.title}"

    def link(self, obj: Problem) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Problem) -> list[TimelineEvent]:
        events = list(selectors.timeline_of(obj).reverse()[:LIMIT])
        for event in events:
            event.problem = obj  # item_link needs it: no query per event
        return events

    def item_title(self, item: TimelineEvent) -> str:
        from django.template.loader import render_to_string
        from django.utils.html import strip_tags

        return " ".join(strip_tags(render_to_string("problems/_event.html", {"event": item})).split())

    def item_description(self, item: TimelineEvent) -> str:
        return ""

    def item_link(self, item: TimelineEvent) -> str:
        return f"{item.problem.get_absolute_url()}#event-{item.pk}"

    def item_pubdate(self, item: TimelineEvent) -> Any:
        return item.created_at
