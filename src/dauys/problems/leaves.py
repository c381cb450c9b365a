"""Which events of public control become leaves of the public log, and what of them (``ledger.leaves``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dauys.ledger.leaves import api_url, label, leaf, not_a_leaf
from dauys.problems.events import (
    AppealAssigned,
    AppealDeadlineSoon,
    AppealEvent,
    FixAsked,
    ProblemDrafted,
    ProblemEvent,
    RoutingChanged,
    SupportChanged,
)
from dauys.problems.models import Problem
from dauys.problems.subjects import subjects


def problem_url(problem_id: int) -> str:
    return api_url(f"problems/{problem_id}")


def problem_content(problem_id: int) -> dict[str, Any] | None:
    """What the public sees of a problem now; None while it is not public."""
    problem = Problem.objects.select_related("category", "place").filter(pk=problem_id).first()
    if problem is None or not problem.is_public:
        return None
    return {
        "title": problem.title,
        "body": problem.body,
        "status": problem.status,
        "category": problem.category.slug,
        "place": problem.place.slug,
    }


def _problem(event: ProblemEvent) -> tuple[str, dict[str, Any]] | None:
    content = problem_content(event.problem_id)
    if content is None and getattr(event, "new", None) == "removed":
        # A removal is itself a public fact: the log keeps that it happened, not the removed text.
        return problem_url(event.problem_id), {"status": "removed"}
    return None if content is None else (problem_url(event.problem_id), content)  # a draft is nobody's business


def _appeal(event: AppealEvent) -> tuple[str, dict[str, Any]] | None:
    """A step of an appeal is a leaf about its subject: a problem as ever, or a subject of another kind."""
    if event.problem_id is not None:
        return _problem(event)  # type: ignore[arg-type]
    kind, _sep, pk = event.subject.partition(":")
    about = subjects[kind]
    found = about.model._default_manager.filter(pk=int(pk)).first()
    public = None if found is None else about.public(found)
    return None if public is None else (api_url(public[0]), public[1])


def _rule(event: RoutingChanged) -> tuple[str, dict[str, Any]]:
    rule = {"category": event.category, "place": event.place, "authority": event.authority}
    return f"{api_url('routing')}#{event.rule_id}", rule


APPEAL_FIELDS = (
    "appeal_id", "answer_id", "complaint_id", "promise_id", "scan_id", "kind", "status", "old", "new", "note",
    "registration_number", "sent_on", "answered",
)  # fmt: skip
leaf(ProblemEvent, _problem, *APPEAL_FIELDS, "fields")
leaf(AppealEvent, _appeal, *APPEAL_FIELDS)
leaf(RoutingChanged, _rule, "category", "place", "authority", "rule_id", "removed")
not_a_leaf(AppealDeadlineSoon)  # a reminder: the deadline is on the record already
not_a_leaf(AppealAssigned)  # who of the body handles it is the body's own business
not_a_leaf(FixAsked)  # a question to the author; the answer is a leaf (problem.fix_answered)
not_a_leaf(ProblemDrafted)  # a draft is its author's alone
not_a_leaf(SupportChanged)  # supports reach the log as hourly counts (``ledger.checkpoints``), not one leaf a click

# What the record pages call each kind of leaf.
label("problem.published", gettext_lazy("published"))
label("problem.edited", gettext_lazy("edited"))
label("problem.status_changed", gettext_lazy("status changed"))
label("problem.fix_answered", gettext_lazy("the author said whether it is fixed"))
label("appeal.queued", gettext_lazy("appeal queued"))
label("appeal.sent", gettext_lazy("appeal sent"))
label("appeal.extended", gettext_lazy("term extended"))
label("appeal.overdue", gettext_lazy("appeal overdue"))
label("appeal.work_started", gettext_lazy("the authority started work"))
label("appeal.registered", gettext_lazy("registration number noted"))
label("appeal.reply_received", gettext_lazy("reply by e-mail received, awaiting the applicant's review"))
label("appeal.reply_settled", gettext_lazy("reply by e-mail reviewed"))
label("appeal.escalated", gettext_lazy("complaint to the higher body"))
label("answer.recorded", gettext_lazy("answer recorded"))
label("answer.judged", gettext_lazy("answer judged"))
label("promise.settled", gettext_lazy("promise kept or broken"))
label("scan.visibility_changed", gettext_lazy("scan shown or hidden"))
label("problem.supports_counted", gettext_lazy("supports counted"))
