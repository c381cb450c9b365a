"""Each write on comments emits exactly its one event, delivered once the change is committed."""

from __future__ import annotations

from typing import Any

import pytest

from dauys.discussions import services
from dauys.discussions.models import Moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_problem, make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    problem = make_problem()
    writer, reader, moderator, other_moderator = (make_user(n) for n in ("Writer", "Reader", "Mod", "Mod2"))
    Moderator.objects.create(user=moderator)
    Moderator.objects.create(user=other_moderator)
    key = f"problem:{problem.pk}"
    comment = services.comment_post(target_key=key, body="A first comment", author=writer)
    return {
        "key": key,
        "comment": comment,
        "writer": writer,
        "reader": reader,
        "mod": moderator,
        "mod2": other_moderator,
    }


def test_posting_editing_and_deleting(world, emitted) -> None:  # type: ignore[no-untyped-def]
    w = world
    assert emitted(services.comment_post, target_key=w["key"], body="A reply", author=w["reader"], parent=w["comment"])[
        0
    ] == ["comment.posted"]
    assert emitted(services.comment_edit, comment=w["comment"], user=w["writer"], body="An edited comment")[0] == [
        "comment.edited"
    ]
    assert emitted(services.comment_delete, comment=w["comment"], user=w["writer"])[0] == ["comment.deleted"]
