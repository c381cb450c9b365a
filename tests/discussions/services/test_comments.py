"""Each write on comments emits exactly its one event, delivered once the change is committed."""

from __future__ import annotations

import pytest

from dauys.discussions import services

pytestmark = pytest.mark.django_db


def test_posting_editing_and_deleting(world, emitted) -> None:  # type: ignore[no-untyped-def]
    w = world
    assert emitted(services.comment_post, target_key=w["key"], body="A reply", author=w["reader"], parent=w["comment"])[
        0
    ] == ["comment.posted"]
    assert emitted(services.comment_edit, comment=w["comment"], user=w["writer"], body="An edited comment")[0] == [
        "comment.edited"
    ]
    assert emitted(services.comment_delete, comment=w["comment"], user=w["writer"])[0] == ["comment.deleted"]
