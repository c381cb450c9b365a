"""How the figures are counted, kept up to date and rebuilt.

Every figure is a sum of *facts*, and a fact is a pure function of the database as it is now (see ``appeal_fact``
and ``problem_fact``): what an appeal came to, what a problem came to. When anything about a problem changes, its
facts are computed again, compared with the facts last counted (stored, with the subjects they were counted for),
and only the difference is added to the tallies — in the same transaction as the change, so a figure can never
disagree with the record it counts, and a crash loses nothing. ``rebuild`` computes every fact from scratch and
writes the tallies anew; the property test proves both ways give identical rows.

Cohorts: an appeal counts on the day it was registered (the legal clock's day one), with everything that came of
it — its answer, its promises, a complaint about it; a problem counts on the day it was published. A scorecard
for a period is "of the appeals registered (problems published) in the period, what became of them".
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from dauys.accountability.models import AppealFact, Outcome, ProblemFact, Scope, Spread, Tally
from dauys.core.calendar import working_days_between

# An answer kind -> its tally column ("resolved" would read as "problems resolved").
KIND_COLUMN = {
    "substantive": "substantive",
    "resolved": "resolved_answer",
    "promise": "promise",
    "apology": "apology",
    "formal": "formal",
    "refusal": "refusal",
    "redirect": "redirect",
}
TALLY_COLUMNS = (
    "received",
    "on_time",
    "late",
    "overdue",
    "pending",
    *KIND_COLUMN.values(),
    "escalated",
    "from_below",
    "promises",
    "promises_kept",
    "promises_broken",
    "problems",
    "problems_resolved",
)
READERS_NEEDED = 3  # readers' verdicts decide an answer's kind only when at least this many gave one

TallyKey = tuple[int, int, date, str]  # scope, subject, day, column
SpreadKey = tuple[int, int, date, str, int]  # scope, subject, day, measure, value


# --- Facts -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tree:
    """Parents of every authority and place, and where each authority sits: one query each, per counting pass."""

    authority_parent: dict[int, int | None]
    authority_place: dict[int, int | None]
    place_parent: dict[int, int | None]
    country: int | None = None  # where national bodies (no place of their own) are counted

    @classmethod
    def load(cls) -> Tree:
        from dauys.authorities.models import Authority
        from dauys.places.models import Place

        rows = list(Authority.objects.values_list("pk", "parent_id", "place_id"))
        places: dict[int, int | None] = dict(Place.objects.values_list("pk", "parent_id"))
        roots = [pk for pk, parent in places.items() if parent is None]
        return cls(
            authority_parent={pk: parent for pk, parent, _place in rows},
            authority_place={pk: place for pk, _parent, place in rows},
            place_parent=places,
            country=roots[0] if len(roots) == 1 else None,
        )

    @staticmethod
    def _chain(parents: dict[int, int | None], start: int | None) -> list[int]:
        chain: list[int] = []
        while start is not None and start not in chain and len(chain) < 20:
            chain.append(start)
            start = parents.get(start)
        return chain

    def places(self, place_id: int | None) -> list[int]:
        """The place and every place above it."""
        return self._chain(self.place_parent, place_id)

    def appeal_subjects(self, authority_id: int) -> list[list[int]]:
        return [
            [Scope.AUTHORITY, authority_id],
            *([Scope.VERTICAL, a] for a in self._chain(self.authority_parent, authority_id)),
            *([Scope.PLACE, p] for p in self.places(self.authority_place.get(authority_id) or self.country)),
        ]


def counted_kind(answer: Any, author_id: int) -> str:
    """An answer's kind as the figures count it: the public can show a reply to be a formal brush-off.

    The problem's author's verdict decides; without one, a strict majority of at least ``READERS_NEEDED`` readers'
    verdicts. "Formal" makes any answer but a redirect formal; "substantive" makes a formal reply substantive.
    """
    verdicts = list(answer.verdicts.all())
    verdict = next((v.verdict for v in verdicts if v.user_id == author_id), None)
    if verdict is None and len(verdicts) >= READERS_NEEDED:
        formal = sum(1 for v in verdicts if v.verdict == "formal")
        if formal * 2 > len(verdicts):
            verdict = "formal"
        elif formal * 2 < len(verdicts):
            verdict = "substantive"
    if verdict == "formal" and answer.kind != "redirect":
        return "formal"
    if verdict == "substantive" and answer.kind == "formal":
        return "substantive"
    return str(answer.kind)


def appeal_fact(appeal: Any, problem: Any, tree: Tree) -> AppealFact | None:
    """What a registered appeal of a public problem counts as; None when it does not count (yet)."""
    if appeal.registered_on is None:
        return None
    answers = sorted(appeal.answers.all(), key=lambda a: (a.received_on, a.pk))
    first = answers[0] if answers else None
    deadline = appeal.extended_until or appeal.deadline
    if appeal.answered_on is not None:
        outcome = Outcome.ON_TIME if deadline is None or appeal.answered_on <= deadline else Outcome.LATE
    elif appeal.status in ("overdue", "complained"):
        outcome = Outcome.OVERDUE
    else:
        outcome = Outcome.PENDING
    promises = [a.promise for a in answers if a.kind == "promise" and hasattr(a, "promise")]
    answer_days = None
    if appeal.answered_on is not None:
        answer_days = max(0, working_days_between(appeal.registered_on, appeal.answered_on))
    return AppealFact(
        appeal_id=appeal.pk,
        problem_id=problem.pk,
        authority_id=appeal.authority_id,
        registered_on=appeal.registered_on,
        outcome=outcome,
        answer_kind=counted_kind(first, problem.author_id) if first else "",
        answer_days=answer_days,
        escalated=bool(appeal.complaints.all()),
        from_below=appeal.kind == "complaint" and appeal.complains_about_id is not None,
        promises=len(promises),
        promises_kept=sum(1 for p in promises if p.status == "kept"),
        promises_broken=sum(1 for p in promises if p.status == "broken"),
        subjects=tree.appeal_subjects(appeal.authority_id),
    )


def problem_fact(problem: Any, facts: Sequence[AppealFact], tree: Tree) -> ProblemFact | None:
    """A published public problem, for the places it was filed in and the authorities its appeals went to."""
    from dauys.problems.selectors import PUBLIC

    if problem.status not in PUBLIC or problem.published_at is None:
        return None
    published_on = timezone.localdate(problem.published_at)
    resolved = problem.status == "resolved"
    days = None
    if resolved and problem.closed_at is not None:
        days = max(0, (timezone.localdate(problem.closed_at) - published_on).days)
    subjects: list[list[int]] = [[Scope.PLACE, p] for p in tree.places(problem.place_id)]
    seen: set[tuple[int, int]] = set()
    for fact in facts:
        for scope, subject in fact.subjects:
            if scope != Scope.PLACE and (scope, subject) not in seen:
                seen.add((scope, subject))
                subjects.append([scope, subject])
    return ProblemFact(
        problem_id=problem.pk, published_on=published_on, resolved=resolved, resolution_days=days, subjects=subjects
    )


def facts_of(problem: Any, tree: Tree) -> tuple[list[AppealFact], ProblemFact | None]:
    """Every fact of one problem (its appeals, answers, verdicts, promises and complaints prefetched)."""
    from dauys.problems.selectors import PUBLIC

    if problem.status not in PUBLIC:
        return [], None
    appeals = [f for a in problem.appeals.all() if (f := appeal_fact(a, problem, tree)) is not None]
    return appeals, problem_fact(problem, appeals, tree)


def problems_with_everything() -> Any:
    from dauys.problems.models import Answer, Appeal, Problem

    answers = Answer.objects.only("pk", "appeal_id", "kind", "received_on", "promise__status").select_related("promise")
    return Problem.objects.only("pk", "status", "author_id", "place_id", "published_at", "closed_at").prefetch_related(
        Prefetch(
            "appeals",
            queryset=Appeal.objects.only(
                "pk",
                "problem_id",
                "authority_id",
                "kind",
                "status",
                "complains_about_id",
                "registered_on",
                "deadline",
                "extended_until",
                "answered_on",
            ).prefetch_related(
                Prefetch("answers", queryset=answers.prefetch_related("verdicts")),
                Prefetch("complaints", queryset=Appeal.objects.only("pk", "complains_about_id")),
            ),
        )
    )


# --- Contributions ---------------------------------------------------------------------------------------------


def contributions(
    appeals: Iterable[AppealFact], problems: Iterable[ProblemFact]
) -> tuple[Counter[TallyKey], Counter[SpreadKey]]:
    """What these facts add to the tallies and to the spreads."""
    tallies: Counter[TallyKey] = Counter()
    spreads: Counter[SpreadKey] = Counter()
    for f in appeals:
        columns = ["received", str(f.outcome)]
        if f.answer_kind:
            columns.append(KIND_COLUMN[f.answer_kind])
        if f.escalated:
            columns.append("escalated")
        if f.from_below:
            columns.append("from_below")
        for scope, subject in f.subjects:
            for column in columns:
                tallies[scope, subject, f.registered_on, column] += 1
            for column, n in (
                ("promises", f.promises),
                ("promises_kept", f.promises_kept),
                ("promises_broken", f.promises_broken),
            ):
                if n:
                    tallies[scope, subject, f.registered_on, column] += n
            if f.answer_days is not None:
                spreads[scope, subject, f.registered_on, Spread.Measure.ANSWER, f.answer_days] += 1
    for problem in problems:
        for scope, subject in problem.subjects:
            tallies[scope, subject, problem.published_on, "problems"] += 1
            if problem.resolved:
                tallies[scope, subject, problem.published_on, "problems_resolved"] += 1
                if problem.resolution_days is not None:
                    key = (scope, subject, problem.published_on, Spread.Measure.RESOLUTION, problem.resolution_days)
                    spreads[key] += 1
    return tallies, spreads


def _difference(new: Counter[Any], old: Counter[Any]) -> dict[Any, int]:
    return {k: d for k in new.keys() | old.keys() if (d := new.get(k, 0) - old.get(k, 0))}


def _add_tallies(deltas: dict[TallyKey, int]) -> None:
    """Add each delta to its day's row, rows in a fixed order (two writers never wait on each other in a cycle)."""
    rows: dict[tuple[int, int, date], dict[str, int]] = defaultdict(dict)
    for (scope, subject, day, column), delta in deltas.items():
        rows[scope, subject, day][column] = delta
    for (scope, subject, day), changes in sorted(rows.items()):
        key = {"scope": scope, "subject": subject, "day": day}
        update = {c: F(c) + d for c, d in changes.items()}
        if not Tally.objects.filter(**key).update(**update):
            with transaction.atomic():
                _, created = Tally.objects.get_or_create(**key, defaults=changes)
            if not created:  # another writer created the row between our update and insert
                Tally.objects.filter(**key).update(**update)


def _add_spreads(deltas: dict[SpreadKey, int]) -> None:
    for (scope, subject, day, measure, value), delta in sorted(deltas.items()):
        key = {"scope": scope, "subject": subject, "day": day, "measure": measure, "value": value}
        if not Spread.objects.filter(**key).update(n=F("n") + delta):
            with transaction.atomic():
                _, created = Spread.objects.get_or_create(**key, defaults={"n": delta})
            if not created:
                Spread.objects.filter(**key).update(n=F("n") + delta)


# --- Keeping up to date ----------------------------------------------------------------------------------------


def recount(problem_ids: Iterable[int], tree: Tree | None = None) -> None:
    """Count these problems again and add the difference to the tallies (inside the caller's transaction)."""
    ids = sorted(set(problem_ids))
    if not ids:
        return
    tree = tree or Tree.load()
    with transaction.atomic():
        old_appeals = list(AppealFact.objects.filter(problem_id__in=ids).select_for_update())
        old_problems = list(ProblemFact.objects.filter(problem_id__in=ids).select_for_update())
        new_appeals: list[AppealFact] = []
        new_problems: list[ProblemFact] = []
        for problem in problems_with_everything().filter(pk__in=ids):
            appeals, fact = facts_of(problem, tree)
            new_appeals.extend(appeals)
            if fact is not None:
                new_problems.append(fact)
        old = contributions(old_appeals, old_problems)
        new = contributions(new_appeals, new_problems)
        _add_tallies(_difference(new[0], old[0]))
        _add_spreads(_difference(new[1], old[1]))
        _replace_facts(AppealFact, "appeal_id", old_appeals, new_appeals)
        _replace_facts(ProblemFact, "problem_id", old_problems, new_problems)


def recount_authority(authority_id: int) -> None:
    """Count again every problem addressed to this authority or to a body below it."""
    from dauys.problems.models import Appeal

    tree = Tree.load()
    below = {a for a in tree.authority_parent if authority_id in tree._chain(tree.authority_parent, a)}
    ids = Appeal.objects.filter(authority_id__in=below).values_list("problem_id", flat=True).distinct()
    _recount_in_batches(ids, tree)


def recount_place(place_id: int) -> None:
    """Count again every problem filed in this place or below it, or addressed to a body located there."""
    from dauys.problems.models import Appeal, Problem

    tree = Tree.load()
    places = {p for p in tree.place_parent if place_id in tree.places(p)}
    bodies = [a for a, p in tree.authority_place.items() if p in places]
    ids = set(Problem.objects.filter(place_id__in=places).values_list("pk", flat=True))
    ids |= set(Appeal.objects.filter(authority_id__in=bodies).values_list("problem_id", flat=True))
    _recount_in_batches(ids, tree)


def _recount_in_batches(ids: Iterable[int], tree: Tree) -> None:
    for chunk in _chunks(iter(sorted(set(ids))), 500):
        recount(chunk, tree)


def _fact_row(fact: Any) -> dict[str, Any]:
    return {f.attname: getattr(fact, f.attname) for f in fact._meta.concrete_fields}


def _replace_facts(model: Any, key: str, old: list[Any], new: list[Any]) -> None:
    before = {getattr(f, key): _fact_row(f) for f in old}
    after = {getattr(f, key): f for f in new}
    gone = before.keys() - after.keys()
    if gone:
        model.objects.filter(pk__in=gone).delete()
    for pk, fact in after.items():
        if pk not in before:
            fact.save(force_insert=True)
        elif before[pk] != _fact_row(fact):
            fact.save(force_update=True)


# --- Rebuilding ------------------------------------------------------------------------------------------------

BATCH = 2_000


def rebuild(*, progress: Any = None) -> dict[str, int]:
    """Throw every fact and tally away and count everything from scratch; return how many rows were written.

    One transaction: readers see the old figures until the new ones are complete, and writers wait (on PostgreSQL
    the fact table is locked against them) so no change falls between the two.
    """
    from dauys.problems.models import Problem

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {AppealFact._meta.db_table} IN EXCLUSIVE MODE")
        for model in (AppealFact, ProblemFact, Tally, Spread):
            model.objects.all().delete()
        tree = Tree.load()
        tallies: Counter[TallyKey] = Counter()
        spreads: Counter[SpreadKey] = Counter()
        written = {"problems": 0, "appeal_facts": 0, "problem_facts": 0}
        ids = Problem.objects.order_by("pk").values_list("pk", flat=True)
        for chunk in _chunks(ids.iterator(chunk_size=BATCH), BATCH):
            appeal_facts: list[AppealFact] = []
            problem_facts: list[ProblemFact] = []
            for problem in problems_with_everything().filter(pk__in=chunk):
                appeals, fact = facts_of(problem, tree)
                appeal_facts.extend(appeals)
                if fact is not None:
                    problem_facts.append(fact)
            t, s = contributions(appeal_facts, problem_facts)
            tallies.update(t)
            spreads.update(s)
            AppealFact.objects.bulk_create(appeal_facts, batch_size=BATCH)
            ProblemFact.objects.bulk_create(problem_facts, batch_size=BATCH)
            written["problems"] += len(chunk)
            written["appeal_facts"] += len(appeal_facts)
            written["problem_facts"] += len(problem_facts)
            if progress:
                progress(written["problems"])
        rows: dict[tuple[int, int, date], dict[str, int]] = defaultdict(dict)
        for (scope, subject, day, column), n in tallies.items():
            if n:
                rows[scope, subject, day][column] = n
        Tally.objects.bulk_create(
            (Tally(scope=k[0], subject=k[1], day=k[2], **v) for k, v in sorted(rows.items())), batch_size=BATCH
        )
        Spread.objects.bulk_create(
            (
                Spread(scope=k[0], subject=k[1], day=k[2], measure=k[3], value=k[4], n=n)
                for k, n in sorted(spreads.items())
                if n
            ),
            batch_size=BATCH,
        )
        written["tallies"] = len(rows)
        written["spreads"] = sum(1 for n in spreads.values() if n)
    return written


def _chunks(iterator: Iterator[int], size: int) -> Iterator[list[int]]:
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
