"""The stored pages that public control's events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.pages.freshness import LISTS, Tags, lists_only, nothing, touches
from dauys.problems.events import (
    AnswerJudged,
    AppealAssigned,
    AppealDeadlineSoon,
    AppealEvent,
    FixAsked,
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


touches(ProblemEvent, _problem_and_lists)  # published, edited, status, promises, scans
# An appeal's steps and its answers: the page of its subject (a problem's is "problem:12") and the lists.
touches(AppealEvent, lambda event: (LISTS, event.subject))
touches(AppealDeadlineSoon, nothing)  # a reminder changes no page
touches(AppealAssigned, nothing)  # seen in the body's inbox only, which is never stored
touches(FixAsked, nothing)  # the question goes to the author alone
touches(ProblemDrafted, nothing)  # a draft is its author's alone (and its page is never stored)
# A support is exact on its problem's page at once; lists and rankings catch up within PAGE_CACHE_SECONDS.
touches(SupportChanged, _problem_only)
touches(AnswerJudged, _problem_only)  # the verdict counts show on the problem's page only
touches(ScanVisibilityChanged, lambda event: (event.subject,))  # the page of the letter's subject only
touches(RoutingChanged, lists_only)
