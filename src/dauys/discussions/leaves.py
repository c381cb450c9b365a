"""Which events of discussions and moderation become leaves of the public log (``ledger.leaves``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dauys.discussions.events import (
    CommentEvent,
    CommentFlagged,
    Flagged,
    ModerationLogged,
    RemovalAppealed,
    ThreadLocked,
)
from dauys.discussions.models import Comment
from dauys.ledger.leaves import api_url, label, leaf, not_a_leaf


def comment_url(comment_id: int) -> str:
    return api_url(f"comments/{comment_id}")


def comment_content(comment: Comment, target: str) -> dict[str, Any] | None:
    """A comment's public content: its text while it is shown; never the text of a hidden or deleted one."""
    if comment.status == Comment.Status.UNCONFIRMED:
        return None
    content: dict[str, Any] = {"target": target, "status": comment.status, "parent": comment.parent_id}
    if comment.status == Comment.Status.PUBLISHED:
        content["body"] = comment.body
    if comment.hidden_rule:
        content["rule"] = comment.hidden_rule
    return content


def _comment(event: CommentEvent) -> tuple[str, dict[str, Any]] | None:
    content = event.content  # what the service that emitted it wrote, when it had the comment at hand
    if content is None:
        comment = Comment.objects.select_related("thread").filter(pk=event.comment_id).first()
        content = None if comment is None else comment_content(comment, comment.thread.target)
    return None if content is None else (comment_url(event.comment_id), content)


def _thread(event: ThreadLocked) -> tuple[str, dict[str, Any]]:
    return f"{api_url('comments')}?target={event.target}", {"target": event.target, "locked": event.locked}


def _action(event: ModerationLogged) -> tuple[str, dict[str, Any]]:
    return api_url(f"moderation/{event.action_id}"), {"action_id": event.action_id}


leaf(CommentEvent, _comment, "comment_id", "parent_id", "action_id", "rule", "target")
leaf(ThreadLocked, _thread, "action_id", "locked", "target")
leaf(ModerationLogged, _action, "action_id", "action", "object_kind", "rule")
not_a_leaf(CommentFlagged)  # flags are for moderators; what they lead to is logged
not_a_leaf(Flagged)
not_a_leaf(RemovalAppealed)  # the author's appeal is theirs; its decision is logged (upheld, or restored)

# What the record pages call each kind of leaf.
label("comment.posted", gettext_lazy("comment posted"))
label("comment.edited", gettext_lazy("comment edited"))
label("comment.deleted", gettext_lazy("comment deleted by its author"))
label("comment.hidden", gettext_lazy("comment hidden by the moderators"))
label("comment.restored", gettext_lazy("comment restored"))
