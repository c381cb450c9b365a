"""Full-text search over problems, on SQLite (FTS5) and PostgreSQL (tsvector), behind one function.

On SQLite the index is kept by triggers (migration 0002). SQLite alters a column by rebuilding the table, which
drops its triggers: a migration that alters ``problems_problem`` must make them again (as 0004 does).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from dauys.problems.models import Problem

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
PG_MATCH = (
    "SELECT id FROM problems_problem WHERE to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || "
    "coalesce(body, '')) @@ to_tsquery('simple'::regconfig, %s)"
)
SQLITE_MATCH = "SELECT rowid FROM problems_problem_fts WHERE problems_problem_fts MATCH %s"


def terms(query: str) -> list[str]:
    return [w.lower() for w in WORD.findall(query)][:MAX_TERMS]


def search(qs: QuerySet[Problem], query: str) -> QuerySet[Problem]:
    """Problems of ``qs`` containing every word of ``query`` (each as a prefix), in title or description."""
    words = terms(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)  # words are \w+ only: no tsquery operators get through
        return qs.filter(pk__in=RawSQL(PG_MATCH, [tsquery]))  # noqa: S611 - constant SQL, the query is a parameter
    if connection.vendor == "sqlite":
        # Each word quoted (so FTS5 syntax in the query is inert) and matched as a prefix.
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        return qs.filter(
            pk__in=RawSQL("SELECT rowid FROM problems_problem_fts WHERE problems_problem_fts MATCH %s", [match])
        )
    for w in words:  # other databases: a plain scan
        qs = qs.filter(Q(title__icontains=w) | Q(body__icontains=w))
    return qs
