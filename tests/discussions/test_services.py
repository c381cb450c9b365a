"""Each write of discussions and moderation emits exactly its one event, delivered once the change is committed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dauys.core.events import record_events
from dauys.discussions import services
from dauys.discussions.models import Comment, Moderator, Thread

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


def _emitted(capture: Any, service: Callable[..., object], **arguments: Any) -> list[str]:
    """The names of the events ``service(**arguments)`` emitted, delivered after its commit."""
    with record_events() as seen, capture(execute=True):
        service(**arguments)
    return [event.name for event in seen]


def test_posting_editing_and_deleting(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    w, capture = world, django_capture_on_commit_callbacks
    assert _emitted(
        capture, services.comment_post, target_key=w["key"], body="A reply", author=w["reader"], parent=w["comment"]
    ) == ["comment.posted"]
    assert _emitted(
        capture, services.comment_edit, comment=w["comment"], user=w["writer"], body="An edited comment"
    ) == ["comment.edited"]
    assert _emitted(capture, services.comment_delete, comment=w["comment"], user=w["writer"]) == ["comment.deleted"]


def test_flagging_hiding_restoring_and_dismissing(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    w, capture = world, django_capture_on_commit_callbacks
    assert _emitted(capture, services.comment_flag, comment=w["comment"], user=w["reader"], rule="spam") == [
        "comment.flagged"
    ]
    assert _emitted(capture, services.flags_dismiss, comment=w["comment"], moderator=w["mod"]) == ["moderation.logged"]
    assert _emitted(capture, services.comment_hide, comment=w["comment"], moderator=w["mod"], rule="abuse") == [
        "comment.hidden"
    ]
    assert _emitted(capture, services.comment_restore, comment=w["comment"], moderator=w["mod"]) == ["comment.restored"]


def test_an_upheld_removal_appeal_is_logged(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    w, capture = world, django_capture_on_commit_callbacks
    services.comment_hide(comment=w["comment"], moderator=w["mod"], rule="abuse")
    with record_events() as seen, capture(execute=True):
        appeal = services.removal_appeal(comment=w["comment"], user=w["writer"], text="It broke no rule.")
    assert [(e.name, e.appeal_id) for e in seen] == [("comment.removal_appealed", appeal.pk)]  # type: ignore[attr-defined]
    assert _emitted(capture, services.removal_appeal_decide, appeal=appeal, moderator=w["mod2"], restore=False) == [
        "moderation.logged"
    ]


def test_locking_suspending_and_approving(world, django_capture_on_commit_callbacks, settings) -> None:  # type: ignore[no-untyped-def]
    w, capture = world, django_capture_on_commit_callbacks
    thread = Thread.objects.get(target=w["key"])
    assert _emitted(capture, services.thread_lock, thread=thread, moderator=w["mod"], locked=True) == ["thread.locked"]
    services.thread_lock(thread=thread, moderator=w["mod"], locked=False)
    assert _emitted(capture, services.account_suspend, user=w["reader"], moderator=w["mod"], days=7, rule="abuse") == [
        "moderation.logged"
    ]
    settings.PREMODERATE_NEW_ACCOUNTS = True
    newcomer = type(w["writer"]).objects.create_user(
        username="newcomer", email="new@example.org", password="x" * 12, display_name="Newcomer"
    )
    held = services.comment_post(target_key=w["key"], body="My first words here", author=newcomer)
    assert held.status == Comment.Status.HELD
    assert _emitted(capture, services.comment_approve, comment=held, moderator=w["mod"]) == ["comment.posted"]
