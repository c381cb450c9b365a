"""A name hidden after publishing is hidden everywhere a reader can look (TimelineEvent.public_actor): the problem's
page and its timeline, the Atom feed of the timeline, the timeline API, and every leaf written after the hiding. The
leaf of the publication itself cannot change, so the publish step offers to hide the name first."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dauys.ledger import sequencer
from dauys.ledger.models import Entry
from dauys.problems import services

pytestmark = pytest.mark.django_db


def _leaves_of(problem_id: int) -> list[dict]:  # type: ignore[type-arg]
    sequencer.sequence_all()
    leaves = [json.loads(e.data) for e in Entry.objects.order_by("index")]
    return [leaf for leaf in leaves if leaf["object"].endswith(f"/problems/{problem_id}")]


def test_a_name_hidden_after_publishing_is_hidden_everywhere(
    author, make_problem, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        problem = make_problem()
    name = author.public_name
    page = Client().get(problem.get_absolute_url()).content.decode()
    assert f'<span class="actor">{name}</span>' in page  # named, as chosen
    data = services.ProblemInput(
        title=problem.title, body=problem.body, category=problem.category, place=problem.place, hide_author=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_edit(problem=problem, actor=author, data=data)
        services.problem_set_status(problem=problem, actor=author, status="resolved")
    for url in (
        problem.get_absolute_url(),
        f"/feeds/problems/{problem.pk}.atom",
        f"/api/v1/problems/{problem.pk}/timeline",
    ):
        text = Client().get(url).content.decode()
        assert name not in text and f"/people/{author.username}/" not in text, url
    leaves = _leaves_of(problem.pk)
    published, *later = leaves
    assert published["type"] == "problem.published" and published["actor"] is not None  # written before: kept
    assert later and all(leaf["actor"] is None for leaf in later)


def test_publishing_without_the_name_keeps_it_out_of_the_record_too(author, make_problem, client: Client) -> None:  # type: ignore[no-untyped-def]
    draft = make_problem(publish=False)
    client.force_login(author)
    preview = client.get(draft.get_absolute_url()).content.decode()
    assert "permanent public record" in preview and "Publish without my name" in preview
    assert client.post(f"/en/problems/{draft.pk}/publish/", {"hide_author": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "open" and draft.hide_author
    assert [leaf["actor"] for leaf in _leaves_of(draft.pk)] == [None]
    assert author.public_name not in Client().get(draft.get_absolute_url()).content.decode()
