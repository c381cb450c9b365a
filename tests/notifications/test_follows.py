"""Follows of anything public (notifications.follows): by key, of a registered kind, never of what is not public."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dauys.core.events import record_events
from dauys.notifications.follows import kinds
from dauys.notifications.models import Follow
from dauys.notifications.selectors import followers
from dauys.notifications.services import follow_set

pytestmark = pytest.mark.django_db


def test_each_app_makes_its_own_objects_followable() -> None:
    assert {"problem", "place", "authority"} <= {name for name, _ in kinds.items()}


def test_following_is_by_key_once_and_emits_one_event(  # type: ignore[no-untyped-def]
    make_problem, make_user, django_capture_on_commit_callbacks
) -> None:
    problem, fan = make_problem(), make_user("Fan")
    key = f"problem:{problem.pk}"
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        assert follow_set(user=fan, target=key, following=True) is True
        assert follow_set(user=fan, target=key, following=True) is False  # a repeat changes nothing
        assert follow_set(user=fan, target="place:astana", following=True) is True
    assert [(e.name, e.target, e.following) for e in seen] == [  # type: ignore[attr-defined]
        ("follow.changed", key, True),
        ("follow.changed", "place:astana", True),
    ]
    following = Follow.objects.filter(user=fan, target=key)
    assert following.exists() and followers(key, "place:astana") == [fan]  # each follower once
    assert follow_set(user=fan, target=key, following=False) is True and not following.exists()


@pytest.mark.parametrize("target", ["problem:999999", "problem:abc", "place:nowhere", "petition:1", "problem", ""])
def test_nothing_that_is_not_there_or_not_public_can_be_followed(make_user, target: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="nothing public to follow"):
        follow_set(user=make_user("Fan"), target=target, following=True)


def test_a_draft_cannot_be_followed(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    draft = make_problem(publish=False)
    with pytest.raises(ValidationError):
        follow_set(user=make_user("Fan"), target=f"problem:{draft.pk}", following=True)
