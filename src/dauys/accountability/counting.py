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

import dataclasses
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max, Min
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
    "via_inbox",
    "via_email",
    "via_author",
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
    _subjects: dict[int, list[list[int]]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

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

    def authorities_below(self, authority_id: int) -> list[int]:
        """The authority and every body below it in the vertical."""
        return [a for a in self.authority_parent if authority_id in self._chain(self.authority_parent, a)]

    def places_within(self, place_id: int) -> list[int]:
        """The place and every place within it."""
        return [p for p in self.place_parent if place_id in self.places(p)]

    def authorities_in(self, place_id: int) -> list[int]:
        """The bodies located in the place or within it (national bodies, without a place, in the country)."""
        within = set(self.places_within(place_id))
        return [a for a, p in self.authority_place.items() if (p or self.country) in within]

    def appeal_subjects(self, authority_id: int) -> list[list[int]]:
        """The subjects an appeal to this authority counts for (the same list each time: do not change it)."""
        if (known := self._subjects.get(authority_id)) is not None:
            return known
        subjects = [
            [Scope.AUTHORITY, authority_id],
            *([Scope.VERTICAL, a] for a in self._chain(self.authority_parent, authority_id)),
            *([Scope.PLACE, p] for p in self.places(self.authority_place.get(authority_id) or self.country)),
        ]
        self._subjects[authority_id] = subjects
        return subjects


@dataclass(slots=True)
class AnswerRow:
    pk: int
    kind: str
    received_on: date
    promise_status: str | None  # the promise this answer made, if any
    verdicts: list[tuple[int, str]]  # (user id, verdict)
    via: str = "author"  # where it reached Dauys (problems.models.Answer.Via)


@dataclass(slots=True)
class AppealRow:
    pk: int
    authority_id: int
    kind: str
    status: str
    complains_about_id: int | None
    registered_on: date | None
    deadline: date | None
    extended_until: date | None
    answered_on: date | None
    answers: list[AnswerRow]
    complained: bool = False  # a complaint about it exists
    delivery: str = "recorded"
    registration_noted_on: date | None = None


@dataclass(slots=True)
class ProblemRow:
    pk: int
    status: str
    author_id: int
    place_id: int
    published_at: datetime | None
    closed_at: datetime | None
    appeals: list[AppealRow]


def load(problem_ids: Sequence[int] | None = None, *, id_range: tuple[int, int] | None = None) -> list[ProblemRow]:
    """Problems with what counts of their appeals, answers, verdicts, promises and complaints: plain rows, five
    queries, no model instances (a rebuild reads millions of them)."""
    from dauys.problems.models import Answer, AnswerVerdict, Appeal, Problem, Promise

    def of(field: str) -> dict[str, Any]:
        if id_range is not None:
            return {f"{field}__gte": id_range[0], f"{field}__lt": id_range[1]}
        return {f"{field}__in": problem_ids}

    problems = {
        pk: ProblemRow(pk, status, author, place, published, closed, [])
        for pk, status, author, place, published, closed in Problem.objects.filter(**of("pk")).values_list(
            "pk", "status", "author_id", "place_id", "published_at", "closed_at"
        )
    }
    appeals: dict[int, AppealRow] = {}
    complained: set[int] = set()
    rows = Appeal.objects.filter(**of("problem_id")).order_by("pk")
    for (
        pk, problem_id, authority, kind, status, about, registered, deadline, extended, answered, delivery, noted
    ) in rows.values_list(
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
        "delivery",
        "registration_noted_on",
    ):  # fmt: skip
        appeal = AppealRow(
            pk, authority, kind, status, about, registered, deadline, extended, answered, [], False, delivery, noted
        )
        appeals[pk] = appeal
        if pk_problem := problems.get(problem_id):
            pk_problem.appeals.append(appeal)
        if about is not None:
            complained.add(about)
    # A complaint is filed with the same problem, so the complaints about these appeals are among them.
    for about in complained:
        if about in appeals:
            appeals[about].complained = True
    answers: dict[int, AnswerRow] = {}
    for pk, appeal_id, kind, received, via in (
        Answer.objects.filter(**of("appeal__problem_id")).order_by("received_on", "pk")
    ).values_list("pk", "appeal_id", "kind", "received_on", "via"):
        answer = AnswerRow(pk, kind, received, None, [], via)
        answers[pk] = answer
        appeals[appeal_id].answers.append(answer)
    for answer_id, status in Promise.objects.filter(**of("problem_id")).values_list("answer_id", "status"):
        if answer_id in answers:
            answers[answer_id].promise_status = status
    for answer_id, user_id, verdict in AnswerVerdict.objects.filter(**of("answer__appeal__problem_id")).values_list(
        "answer_id", "user_id", "verdict"
    ):
        answers[answer_id].verdicts.append((user_id, verdict))
    return list(problems.values())


def counted_kind(answer: AnswerRow, author_id: int) -> str:
    """An answer's kind as the figures count it: the public can show a reply to be a formal brush-off.

    The problem's author's verdict decides; without one, a strict majority of at least ``READERS_NEEDED`` readers'
    verdicts. "Formal" makes any answer but a redirect formal; "substantive" makes a formal reply substantive.
    """
    verdicts = answer.verdicts
    verdict = next((v for user, v in verdicts if user == author_id), None)
    if verdict is None and len(verdicts) >= READERS_NEEDED:
        formal = sum(1 for _user, v in verdicts if v == "formal")
        if formal * 2 > len(verdicts):
            verdict = "formal"
        elif formal * 2 < len(verdicts):
            verdict = "substantive"
    if verdict == "formal" and answer.kind != "redirect":
        return "formal"
    if verdict == "substantive" and answer.kind == "formal":
        return "substantive"
    return answer.kind


@dataclass(slots=True)
class AppealCount:
    """What one registered appeal of a public problem counts as (the fields of ``AppealFact``)."""

    appeal_id: int
    problem_id: int
    authority_id: int
    registered_on: date
    outcome: str
    answer_kind: str
    answer_days: int | None
    answered_via: str
    registration_days: int | None
    escalated: bool
    from_below: bool
    promises: int
    promises_kept: int
    promises_broken: int
    subjects: list[list[int]]


@dataclass(slots=True)
class ProblemCount:
    """What one published public problem counts as (the fields of ``ProblemFact``)."""

    problem_id: int
    published_on: date
    resolved: bool
    resolution_days: int | None
    subjects: list[list[int]]


APPEAL_FIELDS = [f.name for f in dataclasses.fields(AppealCount)]
PROBLEM_FIELDS = [f.name for f in dataclasses.fields(ProblemCount)]


def appeal_fact(appeal: AppealRow, problem: ProblemRow, tree: Tree) -> AppealCount | None:
    """What a registered appeal of a public problem counts as; None when it does not count (yet)."""
    if appeal.registered_on is None:
        return None
    answers = appeal.answers  # in the order received
    deadline = appeal.extended_until or appeal.deadline
    if appeal.answered_on is not None:
        outcome = Outcome.ON_TIME if deadline is None or appeal.answered_on <= deadline else Outcome.LATE
    elif appeal.status in ("overdue", "complained"):
        outcome = Outcome.OVERDUE
    else:
        outcome = Outcome.PENDING
    promises = [a.promise_status for a in answers if a.kind == "promise" and a.promise_status is not None]
    answer_days = None
    if appeal.answered_on is not None:
        answer_days = max(0, working_days_between(appeal.registered_on, appeal.answered_on))
    registration_days = None
    if appeal.delivery == "dauys" and appeal.registration_noted_on is not None:
        registration_days = max(0, working_days_between(appeal.registered_on, appeal.registration_noted_on))
    return AppealCount(
        appeal_id=appeal.pk,
        problem_id=problem.pk,
        authority_id=appeal.authority_id,
        registered_on=appeal.registered_on,
        outcome=str(outcome),
        answer_kind=counted_kind(answers[0], problem.author_id) if answers else "",
        answer_days=answer_days,
        answered_via=answers[0].via if answers else "",
        registration_days=registration_days,
        escalated=appeal.complained,
        from_below=appeal.kind == "complaint" and appeal.complains_about_id is not None,
        promises=len(promises),
        promises_kept=promises.count("kept"),
        promises_broken=promises.count("broken"),
        subjects=tree.appeal_subjects(appeal.authority_id),
    )


def problem_fact(problem: ProblemRow, facts: Sequence[AppealCount], tree: Tree) -> ProblemCount | None:
    """A published public problem, for the places it was filed in and the authorities its appeals went to."""
    if problem.published_at is None:
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
    return ProblemCount(
        problem_id=problem.pk, published_on=published_on, resolved=resolved, resolution_days=days, subjects=subjects
    )


def facts_of(problem: ProblemRow, tree: Tree) -> tuple[list[AppealCount], ProblemCount | None]:
    """Every fact of one problem; none for a draft or a removed problem."""
    from dauys.problems.selectors import PUBLIC

    if problem.status not in PUBLIC:
        return [], None
    appeals = [f for a in problem.appeals if (f := appeal_fact(a, problem, tree)) is not None]
    return appeals, problem_fact(problem, appeals, tree)


# --- Contributions ---------------------------------------------------------------------------------------------


def _appeal_columns(f: AppealFact | AppealCount) -> list[tuple[str, int]]:
    """The tally columns one appeal adds to, and by how much."""
    columns = [("received", 1), (str(f.outcome), 1)]
    if f.answer_kind:
        columns.append((KIND_COLUMN[f.answer_kind], 1))
    if f.answered_via:
        columns.append((f"via_{f.answered_via}", 1))
    if f.escalated:
        columns.append(("escalated", 1))
    if f.from_below:
        columns.append(("from_below", 1))
    if f.promises:
        columns.append(("promises", f.promises))
    if f.promises_kept:
        columns.append(("promises_kept", f.promises_kept))
    if f.promises_broken:
        columns.append(("promises_broken", f.promises_broken))
    return columns


def contributions(
    appeals: Iterable[AppealFact | AppealCount], problems: Iterable[ProblemFact | ProblemCount]
) -> tuple[Counter[TallyKey], Counter[SpreadKey]]:
    """What these facts add to the tallies and to the spreads."""
    tallies: Counter[TallyKey] = Counter()
    spreads: Counter[SpreadKey] = Counter()
    for f in appeals:
        columns = _appeal_columns(f)
        for scope, subject in f.subjects:
            for column, n in columns:
                tallies[scope, subject, f.registered_on, column] += n
            if f.answer_days is not None:
                spreads[scope, subject, f.registered_on, Spread.Measure.ANSWER, f.answer_days] += 1
            if f.registration_days is not None:
                spreads[scope, subject, f.registered_on, Spread.Measure.REGISTRATION, f.registration_days] += 1
    _add_problems(problems, tallies, spreads)
    return tallies, spreads


def _add_problems(
    problems: Iterable[ProblemFact | ProblemCount], tallies: Counter[TallyKey], spreads: Counter[SpreadKey]
) -> None:
    for problem in problems:
        for scope, subject in problem.subjects:
            tallies[scope, subject, problem.published_on, "problems"] += 1
            if problem.resolved:
                tallies[scope, subject, problem.published_on, "problems_resolved"] += 1
                if problem.resolution_days is not None:
                    key = (scope, subject, problem.published_on, Spread.Measure.RESOLUTION, problem.resolution_days)
                    spreads[key] += 1


def _fanned_contributions(
    appeals: Iterable[AppealCount], problems: Iterable[ProblemCount], tree: Tree
) -> tuple[Counter[TallyKey], Counter[SpreadKey]]:
    """``contributions`` for a rebuild: an appeal's subjects depend only on its authority, so the appeals are summed
    per authority first and the sums spread to the subjects after (a few times fewer additions)."""
    by_body: Counter[tuple[int, date, str]] = Counter()
    days_by_body: Counter[tuple[int, date, str, int]] = Counter()
    for f in appeals:
        for column, n in _appeal_columns(f):
            by_body[f.authority_id, f.registered_on, column] += n
        if f.answer_days is not None:
            days_by_body[f.authority_id, f.registered_on, Spread.Measure.ANSWER, f.answer_days] += 1
        if f.registration_days is not None:
            days_by_body[f.authority_id, f.registered_on, Spread.Measure.REGISTRATION, f.registration_days] += 1
    tallies: Counter[TallyKey] = Counter()
    spreads: Counter[SpreadKey] = Counter()
    for (body, day, column), n in by_body.items():
        for scope, subject in tree.appeal_subjects(body):
            tallies[scope, subject, day, column] += n
    for (body, day, measure, value), n in days_by_body.items():
        for scope, subject in tree.appeal_subjects(body):
            spreads[scope, subject, day, measure, value] += n
    _add_problems(problems, tallies, spreads)
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
        new_appeals: list[AppealCount] = []
        new_problems: list[ProblemCount] = []
        for problem in load(ids):
            appeals, fact = facts_of(problem, tree)
            new_appeals.extend(appeals)
            if fact is not None:
                new_problems.append(fact)
        old = contributions(old_appeals, old_problems)
        new = contributions(new_appeals, new_problems)
        _add_tallies(_difference(new[0], old[0]))
        _add_spreads(_difference(new[1], old[1]))
        _replace_facts(AppealFact, APPEAL_FIELDS, old_appeals, new_appeals)
        _replace_facts(ProblemFact, PROBLEM_FIELDS, old_problems, new_problems)


def recount_authority(authority_id: int) -> None:
    """Count again every problem addressed to this authority or to a body below it."""
    from dauys.problems.models import Appeal

    tree = Tree.load()
    ids = (
        Appeal.objects.filter(authority_id__in=tree.authorities_below(authority_id))
        .values_list("problem_id", flat=True)
        .distinct()
    )
    _recount_in_batches(ids, tree)


def recount_place(place_id: int) -> None:
    """Count again every problem filed in this place or below it, or addressed to a body located there."""
    from dauys.problems.models import Appeal, Problem

    tree = Tree.load()
    ids = set(Problem.objects.filter(place_id__in=tree.places_within(place_id)).values_list("pk", flat=True))
    bodies = tree.authorities_in(place_id)
    ids |= set(Appeal.objects.filter(authority_id__in=bodies).values_list("problem_id", flat=True))
    _recount_in_batches(ids, tree)


def _recount_in_batches(ids: Iterable[int], tree: Tree) -> None:
    for chunk in _chunks(iter(sorted(set(ids))), 500):
        recount(chunk, tree)


def _replace_facts(model: Any, fields: list[str], old: list[Any], new: list[Any]) -> None:
    """Store the new facts in place of the old ones, writing only those that changed."""
    before = {getattr(f, fields[0]): f for f in old}
    after = {getattr(f, fields[0]): f for f in new}
    gone = before.keys() - after.keys()
    if gone:
        model.objects.filter(pk__in=gone).delete()
    for pk, fact in after.items():
        values = {name: getattr(fact, name) for name in fields}
        if pk not in before:
            model(**values).save(force_insert=True)
        elif values != {name: getattr(before[pk], name) for name in fields}:
            model(**values).save(force_update=True)


# --- Rebuilding ------------------------------------------------------------------------------------------------

BATCH = 20_000  # problems read at once


def rebuild(*, progress: Any = None) -> dict[str, int]:
    """Throw every fact and tally away and count everything from scratch; return how many rows were written.

    One transaction: readers see the old figures until the new ones are complete, and writers wait (on PostgreSQL
    the fact table is locked against them) so no change falls between the two. The rows are read as plain values
    in ranges of problem ids and written with COPY (PostgreSQL) or executemany (SQLite): no model instances.
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
        bounds = Problem.objects.aggregate(low=Min("pk"), high=Max("pk"))
        low, high = bounds["low"] or 0, (bounds["high"] or -1) + 1
        for start in range(low, high, BATCH):
            appeal_facts: list[AppealCount] = []
            problem_facts: list[ProblemCount] = []
            problems = load(id_range=(start, start + BATCH))
            for problem in problems:
                appeals, fact = facts_of(problem, tree)
                appeal_facts.extend(appeals)
                if fact is not None:
                    problem_facts.append(fact)
            t, s = _fanned_contributions(appeal_facts, problem_facts, tree)
            tallies.update(t)
            spreads.update(s)
            _write(AppealFact, APPEAL_FIELDS, ([getattr(f, n) for n in APPEAL_FIELDS] for f in appeal_facts))
            _write(ProblemFact, PROBLEM_FIELDS, ([getattr(f, n) for n in PROBLEM_FIELDS] for f in problem_facts))
            written["problems"] += len(problems)
            written["appeal_facts"] += len(appeal_facts)
            written["problem_facts"] += len(problem_facts)
            if progress:
                progress(written["problems"])
        rows: dict[tuple[int, int, date], dict[str, int]] = defaultdict(dict)
        for (scope, subject, day, column), n in tallies.items():
            if n:
                rows[scope, subject, day][column] = n
        del tallies
        _write(
            Tally,
            ["scope", "subject", "day", *TALLY_COLUMNS],
            ([*key, *(v.get(c, 0) for c in TALLY_COLUMNS)] for key, v in sorted(rows.items())),
        )
        _write(
            Spread,
            ["scope", "subject", "day", "measure", "value", "n"],
            ([*key, n] for key, n in sorted(spreads.items()) if n),
        )
        written["tallies"] = len(rows)
        written["spreads"] = sum(1 for n in spreads.values() if n)
    return written


def _write(model: Any, fields: list[str], rows: Iterable[list[Any]]) -> None:
    """Insert plain rows fast: COPY on PostgreSQL, executemany elsewhere; JSON columns are given as text."""
    table = model._meta.db_table
    columns = [model._meta.get_field(name) for name in fields]
    json_at = [i for i, f in enumerate(columns) if f.get_internal_type() == "JSONField"]
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)

    def prepared() -> Iterator[list[Any]]:
        for row in rows:
            for i in json_at:
                row[i] = json.dumps(row[i], separators=(",", ":"))
            yield row

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            for chunk in _batches(prepared(), 5_000):
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)  # noqa: S608


def _batches(rows: Iterator[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _chunks(iterator: Iterator[int], size: int) -> Iterator[list[int]]:
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
