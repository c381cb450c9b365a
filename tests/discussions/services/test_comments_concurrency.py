"""Comments from many concurrent clients on PostgreSQL: one discussion row, an exact counter, no double posts."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from dauys.discussions import services
from dauys.discussions.models import Comment, Thread

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_first_comments_at_once_share_one_discussion_and_count_exactly(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    key = f"problem:{problem.pk}"
    users = [make_user(f"Crowd {i}") for i in range(8)]
    barrier = threading.Barrier(16)
    errors: list[BaseException] = []

    def post(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()  # the discussion does not exist yet: every client races to make it
            for n in range(3):
                # Each text is sent by two clients at once (a double click): it must be stored once.
                services.comment_post(target_key=key, body=f"{user.display_name} says {n}: fix the road", author=user)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(user,)) for user in users + users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert Thread.objects.filter(target=key).count() == 1
    thread = Thread.objects.get(target=key)
    stored = Comment.objects.filter(thread=thread)
    assert stored.count() == 24  # 8 people × 3 texts, each sent twice
    assert stored.filter(status=Comment.Status.PUBLISHED).count() == thread.comments_count == 24
