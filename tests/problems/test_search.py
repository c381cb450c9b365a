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


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Qaraghandy", "Қарағанды облысындағы жол"),  # Kazakh typed in a Latin transliteration
        ("Qarağandy", "Қарағанды облысындағы жол"),  # Kazakh Latin of 2021
        ("Караганда", "Қарағанды облысындағы жол"),  # the Russian name finds the Kazakh one
        ("Қарағанды", "Разбитая дорога в Караганде"),  # and the other way, whatever the ending
        ("Karaganda", "Разбитая дорога в Караганде"),
        ("Zhambyl", "Нет горячей воды третью неделю"),  # a word of the description ("улице Жамбыла")
        ("Кенесары", "Street lights off"),
        ("ozen kokys", "Өзен жағасындағы қоқыс"),  # Kazakh typed without its letters
    ],
)
def test_search_finds_a_word_in_another_script_or_spelling(corpus, make_problem, query: str, title: str) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Қарағанды облысындағы жол", body="Жол бұзылған.")
    make_problem(title="Разбитая дорога в Караганде", body="Ямы на дороге.")
    found = set(search(Problem.objects.all(), query).values_list("title", flat=True))
    assert title in found
    assert "Street lights off" not in found or title == "Street lights off"  # not everything matches


def test_an_edit_through_the_model_refolds_its_words(corpus) -> None:  # type: ignore[no-untyped-def]
    problem = corpus["en"]
    problem.title = "Шымкенттегі жарық"
    problem.save(update_fields=["title"])
    assert list(search(Problem.objects.all(), "Shymkent").values_list("pk", flat=True)) == [problem.pk]
