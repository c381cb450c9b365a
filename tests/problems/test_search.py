"""Full-text search in Kazakh, Russian and English (FTS5 on SQLite, tsvector on PostgreSQL)."""

from __future__ import annotations

import pytest

from dauys.problems.models import Problem
from dauys.problems.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_problem):  # type: ignore[no-untyped-def]
    return {
        "kk": make_problem(title="Өзен жағасындағы қоқыс", body="Өзен жағасы тұрмыстық қоқысқа толып кетті."),
        "ru": make_problem(title="Нет горячей воды третью неделю", body="В домах по улице Жамбыла нет горячей воды."),
        "en": make_problem(title="Street lights off", body="All street lights on Kenesary street are off."),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("қоқыс", {"kk"}),
        ("ГОРЯЧЕЙ воды", {"ru"}),
        ("горяч", {"ru"}),  # a prefix
        ("street lights", {"en"}),
        ("Kenesary", {"en"}),
        ("воды street", set()),  # every word must match
        ('"); DROP TABLE problems_problem; --', set()),  # syntax is inert
        ("OR AND NOT *", set()),
    ],
)
def test_search(corpus, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    found = set(search(Problem.objects.all(), query).values_list("pk", flat=True))
    assert found == {corpus[k].pk for k in expected}


def test_edits_are_searchable(corpus) -> None:  # type: ignore[no-untyped-def]
    problem = corpus["en"]
    Problem.objects.filter(pk=problem.pk).update(title="Dark underpass")
    assert set(search(Problem.objects.all(), "underpass").values_list("pk", flat=True)) == {problem.pk}
    assert not search(Problem.objects.all(), "lights").filter(title="Street lights off").exists()
