"""Full-text search over problems, on SQLite (FTS5) and PostgreSQL (tsvector), behind one function.

On SQLite the index is kept by triggers (migration 0002). SQLite alters a column by rebuilding the table, which
drops its triggers: a migration that alters ``problems_problem`` must make them again (as 0004 does).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from dauys.core.translit import skeleton

if TYPE_CHECKING:
    from dauys.problems.models import Problem

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
MAX_WORDS = 4000  # of a description, for its spelling-folded words (a description has at most 20,000 characters)
PG_MATCH = (
    "SELECT id FROM problems_problem WHERE to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || "
    "coalesce(body, '') || ' ' || coalesce(search_words, '')) @@ to_tsquery('simple'::regconfig, %s)"
)
SQLITE_MATCH = "SELECT rowid FROM problems_problem_fts WHERE problems_problem_fts MATCH %s"
VOWELS = "aeiou"


def terms(query: str) -> list[str]:
    return [w.lower() for w in WORD.findall(query)][:MAX_TERMS]


def words_of(text: str) -> str:
    """The distinct words of ``text`` in one spelling for every script (``core.translit.skeleton``), for the index:
    "Қарағанды" and "Karaganda" are kept as "karagandi" and "karaganda"."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text)[:MAX_WORDS]:
        folded = skeleton(word)
        if folded:
            seen.setdefault(folded, None)
    return " ".join(seen)


def folded_stem(word: str) -> str:
    """A query word in the index's spelling, without a final vowel (Караганда, Қарағанды and Qaraghandy end
    differently): matched as a prefix, "karagand" finds them all."""
    folded = skeleton(word)
    return folded.rstrip(VOWELS) if len(folded) >= 5 else folded


def search(qs: QuerySet[Problem], query: str) -> QuerySet[Problem]:
    """Problems of ``qs`` containing every word of ``query`` (each as a prefix), in title or description, as typed
    or in another script or spelling ("Qaraghandy", "Караганда" and "Қарағанды" find each other)."""
    words = terms(query)
    if not words:
        return qs
    # Each word: as typed, or its folded stem among the folded words (both \w+ or ASCII letters and digits only,
    # so no operator of tsquery or FTS5 gets through; FTS5's are quoted as well).
    alternatives = [sorted({w, stem} - {""}) for w in words for stem in [folded_stem(w)]]
    if connection.vendor == "postgresql":
        tsquery = " & ".join("(" + " | ".join(f"{a}:*" for a in each) + ")" for each in alternatives)
        return qs.filter(pk__in=RawSQL(PG_MATCH, [tsquery]))  # noqa: S611 - constant SQL, the query is a parameter
    if connection.vendor == "sqlite":
        match = " AND ".join(
            "(" + " OR ".join('"' + a.replace('"', "") + '"*' for a in each) + ")" for each in alternatives
        )
        return qs.filter(pk__in=RawSQL(SQLITE_MATCH, [match]))  # noqa: S611 - constant SQL, the query is a parameter
    for w, stem in zip(words, (folded_stem(w) for w in words), strict=True):  # other databases: a plain scan
        qs = qs.filter(Q(title__icontains=w) | Q(body__icontains=w) | Q(search_words__icontains=stem or w))
    return qs
