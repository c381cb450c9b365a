"""Reactions to discussion events: the commented object's people hear of a new comment."""

from __future__ import annotations

from dauys.core.events import subscriber
from dauys.discussions import targets
from dauys.discussions.events import CommentPosted
from dauys.discussions.models import Comment


@subscriber(CommentPosted, as_task=True)
def notify_new_comment(event: CommentPosted) -> None:
    """The author and followers of the object, and the writer of the comment replied to (never the writer)."""
    from dauys.notifications.services import notify

    comment = Comment.objects.select_related("author", "parent__author").filter(pk=event.comment_id).first()
    target = targets.resolve(event.target)
    if comment is None or target is None or comment.status != Comment.Status.PUBLISHED:
        return
    url = comment.get_absolute_url()
    told: set[int] = {event.author_id} if event.author_id else set()
    replied = comment.parent.author if comment.parent is not None else None
    if replied is not None and replied.pk not in told:
        told.add(replied.pk)
        notify(user=replied, kind="comment.reply", url=url, who=comment.public_name, subject=target.url)
    for user in target.audience():
        if user.pk in told:
            continue
        told.add(user.pk)
        notify(
            user=user, kind="comment.posted", url=url, who=comment.public_name, title=target.title, subject=target.url
        )
