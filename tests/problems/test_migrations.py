"""Migration 0013 (words folded for search) goes forward and back: undone, the search index is the one before it
(over the title and description), and done again it covers the folded words."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dauys.problems.models import Problem
from dauys.problems.search import search

pytestmark = pytest.mark.django_db(transaction=True)


def _index_definition() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'problems_problem_search'")
        else:
            cursor.execute(
                "SELECT group_concat(sql, ';') FROM sqlite_master WHERE name LIKE 'problems_problem_fts%' "
                "AND type IN ('table', 'trigger')"
            )
        row = cursor.fetchone()
    return (row[0] or "") if row else ""


def test_0013_undone_restores_the_index_before_it_and_redone_covers_the_folded_words(make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem(title="Қарағанды облысындағы жол")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("problems")
    assert "search_words" in _index_definition()
    MigrationExecutor(connection).migrate([("problems", "0012_appeal_signed")])
    before = _index_definition()
    assert before and "search_words" not in before and "body" in before
    if connection.vendor == "sqlite":
        assert before.count("CREATE TRIGGER") == 3  # the table kept its triggers after losing a column
    MigrationExecutor(connection).migrate(latest)
    assert "search_words" in _index_definition()
    later = make_problem(title="Шымкенттегі жарық")  # indexed as it is written, by the index made again
    assert list(search(Problem.objects.all(), "Karaganda").values_list("pk", flat=True)) == [problem.pk]
    assert list(search(Problem.objects.all(), "Shymkent").values_list("pk", flat=True)) == [later.pk]
