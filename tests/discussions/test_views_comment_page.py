"""A comment's page shows each reader their own controls: its author edit and delete, a moderator the flags and
the moderation forms, other readers the flag form only (it is rendered for each of them, not shared)."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.discussions import services
from dauys.discussions.models import Moderator

pytestmark = pytest.mark.django_db


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_each_reader_sees_their_own_controls_whoever_came_first(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    author, first, second, moderator = (make_user(n) for n in ("Writer", "Reader_One", "Reader_Two", "Mod"))
    Moderator.objects.create(user=moderator)
    comment = services.comment_post(target_key=f"problem:{make_problem().pk}", body="Lights, please.", author=author)
    url = f"/en/comments/{comment.pk}/"
    services.comment_flag(comment=comment, user=first, rule="spam")
    for _round in range(2):  # whoever read it before
        page = _as(second).get(url).content.decode()
        assert "Flag this comment" in page and "Your comment" not in page and "Hide with this rule" not in page
        own = _as(author).get(url).content.decode()
        assert "Your comment" in own and "Flag this comment" not in own and "Hide with this rule" not in own
        moderated = _as(moderator).get(url).content.decode()
        assert "Hide with this rule" in moderated and "Open flags:" in moderated and "Your comment" not in moderated
