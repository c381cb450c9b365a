"""Every event of every app says whether it becomes a leaf of the public log, and leaves hold public facts only."""

from __future__ import annotations

import hashlib
import json

import pytest

from dauys.core.events import Event
from dauys.discussions import services as discussions
from dauys.ledger import canonical, leaves
from dauys.ledger.models import Entry, Pending

pytestmark = pytest.mark.django_db


def test_every_event_is_declared_a_leaf_or_not() -> None:
    """A new event is declared when it is added, in its app's ``leaves`` module (``ledger.leaves``)."""
    ours = {name: cls for name, cls in Event.registry.items() if cls.__module__.startswith("dauys.")}
    assert "problem.published" in ours and "comment.posted" in ours
    assert sorted(name for name, cls in ours.items() if leaves.declaration(cls) is None) == []


def test_a_comment_leaf_is_made_from_the_event_without_reading_the_comment_back(  # type: ignore[no-untyped-def]
    make_problem, make_user, django_assert_num_queries
) -> None:
    """The service that posts a comment puts its public content in the event; the leaf is the same as one read
    back from the database."""
    from dauys.discussions.events import CommentPosted
    from dauys.discussions.leaves import comment_content
    from dauys.discussions.models import Comment

    problem = make_problem()
    comment = discussions.comment_post(target_key=f"problem:{problem.pk}", body="Seen by all", author=make_user())
    written = [json.loads(e.data) for e in Entry.objects.all()] + [json.loads(p.data) for p in Pending.objects.all()]
    [posted] = [leaf for leaf in written if leaf["type"] == "comment.posted"]
    stored = Comment.objects.select_related("thread").get(pk=comment.pk)
    content = comment_content(stored, stored.thread.target)
    assert content == {"target": f"problem:{problem.pk}", "status": "published", "parent": None, "body": "Seen by all"}
    assert posted["content_sha256"] == hashlib.sha256(canonical.dumpb(content)).hexdigest()
    event = CommentPosted(comment_id=comment.pk, target=f"problem:{problem.pk}", page="", content=content)
    with django_assert_num_queries(0):
        assert leaves.leaf_for(event)["content_sha256"] == posted["content_sha256"]  # type: ignore[index]
