"""The stored pages that public control's events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.pages.freshness import LISTS, Tags, lists_only, nothing, touches
from dauys.problems.events import (
    AnswerJudged,
    FollowChanged,
    ProblemDrafted,
    ProblemEvent,
    RoutingChanged,
    ScanVisibilityChanged,
    SupportChanged,
)


def _problem_and_lists(event: ProblemEvent) -> Tags:
    return (LISTS, f"problem:{event.problem_id}")


def _problem_only(event: ProblemEvent) -> Tags:
    return (f"problem:{event.problem_id}",)


touches(ProblemEvent, _problem_and_lists)  # published, edited, status, appeals, answers, promises
touches(ProblemDrafted, nothing)  # a draft is its author's alone (and its page is never stored)
# A support is exact on its problem's page at once; lists and rankings catch up within PAGE_CACHE_SECONDS.
touches(SupportChanged, _problem_only)
touches(AnswerJudged, _problem_only)  # the verdict counts show on the problem's page only
touches(ScanVisibilityChanged, _problem_only)
touches(FollowChanged, nothing)  # who follows what is not public; each reader's button is a personal slot
touches(RoutingChanged, lists_only)
