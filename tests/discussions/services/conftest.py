"""What the services' tests of discussions share: a problem with one comment, its writer, a reader and two
moderators."""

from __future__ import annotations

from typing import Any

import pytest

from dauys.discussions import services
from dauys.discussions.models import Moderator


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
