"""Each act of moderation emits exactly its one event, delivered once the change is committed."""

from __future__ import annotations

import pytest

from dauys.discussions import services
from dauys.discussions.models import Comment, Thread

pytestmark = pytest.mark.django_db


def test_flagging_hiding_restoring_and_dismissing(world, emitted) -> None:  # type: ignore[no-untyped-def]
    w = world
    assert emitted(services.comment_flag, comment=w["comment"], user=w["reader"], rule="spam")[0] == ["comment.flagged"]
    assert emitted(services.flags_dismiss, comment=w["comment"], moderator=w["mod"])[0] == ["moderation.logged"]
    assert emitted(services.comment_hide, comment=w["comment"], moderator=w["mod"], rule="abuse")[0] == [
        "comment.hidden"
    ]
    assert emitted(services.comment_restore, comment=w["comment"], moderator=w["mod"])[0] == ["comment.restored"]


def test_an_upheld_removal_appeal_is_logged(world, emitted) -> None:  # type: ignore[no-untyped-def]
    w = world
    services.comment_hide(comment=w["comment"], moderator=w["mod"], rule="abuse")
    names, appeal = emitted(services.removal_appeal, comment=w["comment"], user=w["writer"], text="It broke no rule.")
    assert names == ["moderation.removal_appealed"]
    assert emitted(services.removal_appeal_decide, appeal=appeal, moderator=w["mod2"], restore=False)[0] == [
        "moderation.logged"
    ]


def test_locking_suspending_and_approving(world, emitted, settings) -> None:  # type: ignore[no-untyped-def]
    w = world
    thread = Thread.objects.get(target=w["key"])
    assert emitted(services.thread_lock, thread=thread, moderator=w["mod"], locked=True)[0] == ["thread.locked"]
    services.thread_lock(thread=thread, moderator=w["mod"], locked=False)
    assert emitted(services.account_suspend, user=w["reader"], moderator=w["mod"], days=7, rule="abuse")[0] == [
        "moderation.logged"
    ]
    settings.PREMODERATE_NEW_ACCOUNTS = True
    newcomer = type(w["writer"]).objects.create_user(
        username="newcomer", email="new@example.org", password="x" * 12, display_name="Newcomer"
    )
    held = services.comment_post(target_key=w["key"], body="My first words here", author=newcomer)
    assert held.status == Comment.Status.HELD
    assert emitted(services.comment_approve, comment=held, moderator=w["mod"])[0] == ["comment.posted"]
