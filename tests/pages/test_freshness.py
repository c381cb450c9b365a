"""Each app declares which stored pages its events make stale; an undeclared event never drops every page."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.test import Client

from dauys.core.events import Event, emit
from dauys.pages import cache as pagecache
from dauys.pages import freshness

pytestmark = pytest.mark.django_db

LIST_URL = "/en/problems/"


def test_every_event_says_which_pages_it_makes_stale() -> None:
    """A new event is declared when it is added, in its app's ``pages`` module (``pages.freshness.touches``)."""
    ours = {name: cls for name, cls in Event.registry.items() if cls.__module__.startswith("dauys.")}
    assert "problem.published" in ours and "comment.posted" in ours
    undeclared = sorted(name for name, cls in ours.items() if freshness.declaration(cls) is None)
    assert undeclared == []


@pytest.fixture
def undeclared_event() -> Iterator[type[Event]]:
    """An event that no app declared (taken out of the registry again, so the test above sees only real ones)."""

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Undeclared(Event):
        name = "test.undeclared"

    yield Undeclared
    Event.registry.pop(Undeclared.name, None)


def _stored(url: str) -> bool:
    return any(key.endswith(url) for key in pagecache.store.entries)


def test_an_undeclared_event_touches_lists_only(  # type: ignore[no-untyped-def]
    client: Client, make_problem, undeclared_event, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    page = f"/en/problems/{problem.pk}/"
    client.get(LIST_URL)
    client.get(page)
    assert _stored(LIST_URL) and _stored(page)
    assert freshness.tags_of(undeclared_event()) == (freshness.LISTS,)
    with django_capture_on_commit_callbacks(execute=True):
        emit(undeclared_event())
    generation = pagecache.store.current_generation()
    # The list is dropped when next read; the problem's page (it shows only its problem) is served as stored.
    assert pagecache.store.get(next(k for k in pagecache.store.entries if k.endswith(LIST_URL))) is None
    assert pagecache.store.get(next(k for k in pagecache.store.entries if k.endswith(page))) is not None
    assert pagecache.store.current_generation() == generation  # no page was dropped wholesale


def test_a_declared_event_refreshes_its_object_and_everything_drops_all(  # type: ignore[no-untyped-def]
    client: Client, make_problem, make_user, django_capture_on_commit_callbacks
) -> None:
    from dauys.accounts.services import display_name_change
    from dauys.problems.events import ProblemEdited

    problem, other = make_problem(), make_problem()
    page, other_page = f"/en/problems/{problem.pk}/", f"/en/problems/{other.pk}/"
    for url in (LIST_URL, page, other_page):
        client.get(url)
    assert freshness.tags_of(ProblemEdited(problem_id=problem.pk, fields=["title"])) == (
        freshness.LISTS,
        f"problem:{problem.pk}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        emit(ProblemEdited(problem_id=problem.pk, fields=["title"]))
    entries = dict(pagecache.store.entries)
    assert pagecache.store.get(next(k for k in entries if k.endswith(page))) is None
    assert pagecache.store.get(next(k for k in entries if k.endswith(LIST_URL))) is None
    assert pagecache.store.get(next(k for k in entries if k.endswith(other_page))) is not None

    with django_capture_on_commit_callbacks(execute=True):
        display_name_change(user=make_user("Someone"), display_name="Someone Else")  # shown anywhere: everything
    assert pagecache.store.entries == {}
