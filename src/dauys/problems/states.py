"""Which status may follow which, for problems and appeals, in one place (as Alaveteli's state calculator does).

Problems: ``draft → open → resolved | unresolved | withdrawn | duplicate | removed``. Final states stay final except
for the documented reopenings: the community reopens a resolved or unresolved problem with evidence, and a
moderator restores a removed one.

Appeals (the legal clock of APPK, see clock.py and docs/legal-clock.md): ``queued → sent → answered | redirected |
overdue → complained``, and ``sent → extended`` when the authority lawfully extends the term (Art. 76(2)); an
extended appeal can still be answered, redirected or become overdue. An answered appeal whose answer was a formal
reply or a refusal can be complained about (Art. 91).
"""

from __future__ import annotations

from dauys.problems.models import Appeal, Problem

P = Problem.Status
PROBLEM_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.OPEN, P.WITHDRAWN}),
    P.OPEN: frozenset({P.RESOLVED, P.UNRESOLVED, P.WITHDRAWN, P.DUPLICATE, P.REMOVED}),
    P.RESOLVED: frozenset({P.OPEN, P.REMOVED}),  # reopened with evidence
    P.UNRESOLVED: frozenset({P.OPEN, P.RESOLVED, P.REMOVED}),
    P.WITHDRAWN: frozenset({P.REMOVED}),
    P.DUPLICATE: frozenset({P.OPEN, P.REMOVED}),  # a wrong duplicate mark is undone
    P.REMOVED: frozenset({P.OPEN}),  # restored by a moderator
}

A = Appeal.Status
APPEAL_TRANSITIONS: dict[str, frozenset[str]] = {
    A.QUEUED: frozenset({A.SENT}),
    A.SENT: frozenset({A.ANSWERED, A.REDIRECTED, A.EXTENDED, A.OVERDUE}),
    A.EXTENDED: frozenset({A.ANSWERED, A.REDIRECTED, A.OVERDUE}),
    A.OVERDUE: frozenset({A.ANSWERED, A.COMPLAINED}),  # a late answer still counts, as late
    A.ANSWERED: frozenset({A.COMPLAINED, A.ANSWERED}),  # a further answer on the same appeal
    A.REDIRECTED: frozenset(),
    A.COMPLAINED: frozenset({A.ANSWERED}),  # the body complained about may still answer, late
}
APPEAL_OPEN = frozenset({A.SENT, A.EXTENDED})  # the clock is running


class TransitionError(ValueError):
    def __init__(self, what: str, current: str, wanted: str) -> None:
        super().__init__(f"{what} cannot go from {current!r} to {wanted!r}")
        self.current, self.wanted = current, wanted


def check_problem(current: str, wanted: str) -> None:
    if wanted not in PROBLEM_TRANSITIONS.get(current, frozenset()):
        raise TransitionError("a problem", current, wanted)


def check_appeal(current: str, wanted: str) -> None:
    if wanted not in APPEAL_TRANSITIONS.get(current, frozenset()):
        raise TransitionError("an appeal", current, wanted)
