from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dauys.authorities.models import Authority
from dauys.places.models import Place
from dauys.problems import services
from dauys.problems.models import Category, Problem


@pytest.fixture
def author(make_user):  # type: ignore[no-untyped-def]
    return make_user("Author_One", email="author@example.org")


@pytest.fixture
def astana_yesil() -> Place:
    return Place.objects.get(code="KZ-71-yesil")


@pytest.fixture
def make_problem(author, astana_yesil):  # type: ignore[no-untyped-def]
    def make(publish: bool = True, **overrides: Any) -> Problem:
        data = {
            "title": "Potholes on Kabanbay Batyr avenue",
            "body": "Deep potholes near the crossing; cars are damaged every day.",
            "category": Category.objects.get(slug="roads"),
            "place": astana_yesil,
        }
        data.update(overrides)
        problem = services.problem_draft(author=overrides.pop("author", author), data=services.ProblemInput(**data))
        if publish:
            problem = services.problem_publish(problem=problem, actor=problem.author)
        return problem

    return make


@pytest.fixture
def yesil_akimat() -> Authority:
    return Authority.objects.get(slug="akimat-astana-yesil")


@pytest.fixture
def recorded_appeal(make_problem, yesil_akimat):  # type: ignore[no-untyped-def]
    def make(registered_on: date, **kwargs: Any):  # type: ignore[no-untyped-def]
        problem = kwargs.pop("problem", None) or make_problem()
        return services.appeal_create(
            problem=problem,
            authority=kwargs.pop("authority", yesil_akimat),
            actor=problem.author,
            delivery="recorded",
            registration_number="ЖТ-2026-00001",
            registered_on=registered_on,
            **kwargs,
        )

    return make
