"""Domain events of public control. Every service in ``services`` emits exactly one of these."""

from __future__ import annotations

import dataclasses
from typing import Any, Self

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProblemEvent(Event):
    name = "problem._base"
    problem_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProblemDrafted(ProblemEvent):
    name = "problem.drafted"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProblemPublished(ProblemEvent):
    name = "problem.published"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProblemEdited(ProblemEvent):
    name = "problem.edited"
    fields: list[str]


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProblemStatusChanged(ProblemEvent):
    name = "problem.status_changed"
    old: str
    new: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealEvent(Event):
    """A step of an appeal's life, about its subject (``problems.subjects``): a problem or another kind.

    ``subject`` is the subject's key (``"problem:12"``, ``"petition:3"``); ``problem_id`` is set when the subject
    is a problem (and the key is made from it when not given), so public control's own pages and figures read it
    as they always did.
    """

    name = "appeal._base"
    appeal_id: int
    problem_id: int | None = None
    subject: str = ""

    def __post_init__(self) -> None:
        if not self.subject:
            if self.problem_id is None:
                raise TypeError(f"{type(self).__name__}: give the subject or the problem_id")
            object.__setattr__(self, "subject", f"problem:{self.problem_id}")

    @classmethod
    def of(cls, appeal: Any, **fields: Any) -> Self:
        """The event about ``appeal`` (an ``Appeal``): its id, its subject's key, and its problem's when it has one."""
        return cls(appeal_id=appeal.pk, problem_id=appeal.problem_id, subject=appeal.subject_key, **fields)


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealQueued(AppealEvent):
    name = "appeal.queued"


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealSent(AppealEvent):
    name = "appeal.sent"
    delivery: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealExtended(AppealEvent):
    name = "appeal.extended"
    extended_until: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealWorkStarted(AppealEvent):
    """The body says it has started work on the appeal (its state does not change)."""

    name = "appeal.work_started"
    note: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealRegistered(AppealEvent):
    """The body's registration number for an appeal Dauys e-mailed reached Dauys."""

    name = "appeal.registered"
    registration_number: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealReplyReceived(AppealEvent):
    """The body's reply by e-mail reached the appeal's reply address: public as a date only ("awaiting the
    applicant's review"), its text private until the applicant publishes it as an answer."""

    name = "appeal.reply_received"
    sent_on: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealReplySettled(AppealEvent):
    """No reply awaits review any more, and none was published as the answer (that is ``answer.recorded``): the
    applicant found each was no answer, and the clock runs again."""

    name = "appeal.reply_settled"


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealAssigned(AppealEvent):
    """A representative gave the appeal to a colleague of the same body (the body's own business: not public)."""

    name = "appeal.assigned"
    assignee_id: int | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealOverdue(AppealEvent):
    name = "appeal.overdue"


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealDeadlineSoon(AppealEvent):
    """Regular monitoring: an appeal is due in a few working days (its applicant, and a body Dauys wrote to, are
    reminded). Not a public fact: the deadline itself is on the record already."""

    name = "appeal.deadline_soon"
    deadline: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppealEscalated(AppealEvent):
    name = "appeal.escalated"
    complaint_id: int
    automatic: bool


@dataclasses.dataclass(frozen=True, kw_only=True)
class AnswerRecorded(AppealEvent):
    name = "answer.recorded"
    answer_id: int
    kind: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AnswerJudged(ProblemEvent):
    name = "answer.judged"
    answer_id: int
    verdict: str
    by_author: bool


@dataclasses.dataclass(frozen=True, kw_only=True)
class PromiseSettled(ProblemEvent):
    name = "promise.settled"
    promise_id: int
    status: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupportChanged(ProblemEvent):
    name = "problem.support_changed"
    supported: bool
    supports_count: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class FixAnswered(ProblemEvent):
    name = "problem.fix_answered"
    answer_id: int
    fixed: bool


@dataclasses.dataclass(frozen=True, kw_only=True)
class FixAsked(ProblemEvent):
    """Regular monitoring asks the author whether an answered problem is fixed (weeks after the answer)."""

    name = "problem.fix_asked"
    answer_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class ScanVisibilityChanged(AppealEvent):
    """The applicant showed a scan of a letter to everyone, to the addressee, or hid it."""

    name = "scan.visibility_changed"
    scan_id: int
    public: bool
    visibility: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class RoutingChanged(Event):
    """An operator added, changed or removed a routing rule (which authority a problem is suggested to go to)."""

    name = "routing.changed"
    rule_id: int
    category: str | None  # slugs; None: any category / the whole country
    place: str | None
    authority: str | None  # None: the rule was removed
    removed: bool = False
