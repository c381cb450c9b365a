"""Posting, confirming, editing, deleting and flagging comments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User, public_id
from dauys.core import markdown, statements
from dauys.core.events import emit
from dauys.discussions import spam, targets
from dauys.discussions.events import (
    CommentDeleted,
    CommentEdited,
    CommentPosted,
)
from dauys.discussions.leaves import comment_content
from dauys.discussions.models import (
    Comment,
    Flag,
    Revision,
    Thread,
)
from dauys.discussions.services import rules, sql
from dauys.discussions.services.rules import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    EDIT_GRACE,
    LOCKED,
    Guest,
    guest_hash,
)


@transaction.atomic
def comment_post(
    *,
    target_key: str,
    body: str,
    author: User | None = None,
    guest: Guest | None = None,
    parent: Comment | int | None = None,
    target: targets.Target | None = None,
) -> Comment:
    """Post a comment (or a reply) by an account or a guest. A guest's comment waits for the e-mail link unless
    the browser proves the address was confirmed before. ``target``: ``target_key`` already resolved."""
    if target is None or target.key != target_key:
        target = targets.resolve(target_key)
    if target is None:
        raise ValidationError(_("There is nothing public to comment on here."))
    body = rules.clean_body(body)
    body_html = markdown.render_comment(body)
    spam.check_links(body, body_html)
    if author is not None and author.is_authenticated:
        guest = None
    elif guest is not None:
        guest = rules.clean_guest(guest)
        author = None
    else:
        raise ValueError("a comment needs an author or a guest")
    writer = {"author": author} if author is not None else {"guest_hash": guest_hash(guest.email)}  # type: ignore[union-attr]
    now = timezone.now()
    tries = sql.thread_tries(target)
    # The checks in one round trip, in this order: the same-text check sees what committed before the lock.
    with statements.together(connection) as batch:
        may = sql.may_post(
            batch, author, f"account:{author.pk}" if author is not None else f"guest:{writer['guest_hash']}", body
        )
        first = batch.later(*tries[0])
        same = sql.same_text(batch, body, writer, now)
    checked = may.one() if may is not None else None
    if author is not None and checked is not None and checked[-1]:
        rules.not_suspended(author)
    thread = sql.thread_for(target, tries, first)
    if thread.locked:
        raise ValidationError(LOCKED)
    parent_comment: Comment | None = None
    if parent is not None:
        parent_id = parent if isinstance(parent, int) else parent.pk
        parent_comment = Comment.objects.filter(pk=parent_id, thread=thread).first()
        if parent_comment is None:
            raise ValidationError({"parent": _("The comment you reply to is not in this discussion.")})
        if parent_comment.parent_id is not None:  # one level of replies: answer the reply's thread
            parent_comment = Comment.objects.get(pk=parent_comment.parent_id)
        if parent_comment.status != Comment.Status.PUBLISHED:
            raise ValidationError({"parent": _("You cannot reply to a comment that was deleted or hidden.")})
    same_text = [(*row[:4], bool(row[4])) for row in same.all()]
    # A form sent twice (a double click, a reload) gives the comment already written, not a second one.
    shown = (Comment.Status.PUBLISHED, Comment.Status.UNCONFIRMED, Comment.Status.HELD)
    for pk, thread_id, parent_id, status, just_now in same_text:
        if (
            thread_id == thread.pk
            and parent_id == (parent_comment.pk if parent_comment else None)
            and just_now
            and status in shown
        ):
            return Comment.objects.get(pk=pk)
    held_for = spam.signals(
        body=body,
        author=author,
        repeated_elsewhere=any(row[1] != thread.pk for row in same_text),
        rendered=body_html,
    )
    hold = spam.held(held_for)
    publish = (guest is None or guest.confirmed) and not hold
    confirmed = guest is None or guest.confirmed
    comment = Comment(  # by ids: setting related objects runs the database router's checks for each
        id=checked[1] if connection.vendor == "postgresql" else None,  # type: ignore[index]
        thread_id=thread.pk,
        parent_id=parent_comment.pk if parent_comment else None,
        author_id=author.pk if author is not None else None,
        guest_name=guest.name if guest else "",
        guest_email="" if confirmed or guest is None else guest.email,
        guest_hash=guest_hash(guest.email) if guest else "",
        body=body,
        body_html=body_html,
        status=Comment.Status.PUBLISHED
        if publish
        else (Comment.Status.HELD if confirmed else Comment.Status.UNCONFIRMED),
        published_at=now if publish else None,
        held_for=held_for if hold else [],
    )
    for field, value in (("thread", thread), ("parent", parent_comment), ("author", author)):
        Comment._meta.get_field(field).set_cached_value(comment, value)  # type: ignore[union-attr]
    # On PostgreSQL the comment's id was drawn with the lock, so its event (its leaf in the outbox) is written
    # first, on its own: the writes then go in one round trip, the counter last, and the discussion's row (one hot
    # discussion takes many comments a second) stays locked only from there to the commit. Should the counter find
    # the discussion locked after all, the transaction rolls back with the event. Elsewhere the event follows.
    early = publish and comment.id is not None
    if early:
        announce(comment, thread, target)
    with statements.together(connection) as batch:
        statements.insert(connection, comment)  # no signals on comments: written without compiling a query
        counted = sql.count_published(batch, thread) if publish else None
    if counted is not None:
        sql.check_counted(counted)
        if not early:
            announce(comment, thread, target)
    if not publish and not confirmed:
        token = signing.dumps({"c": comment.pk, "r": int(guest.remember)}, salt=CONFIRM_SALT)  # type: ignore[union-attr]
        language = translation_language()
        transaction.on_commit(
            lambda: _enqueue("dauys.discussions.tasks.send_confirmation", comment.pk, token, language)
        )
    return comment


def announce(comment: Comment, thread: Thread, target: targets.Target) -> None:
    """The comment is published: its one event (its leaf, its pages, its notifications). The event carries the
    comment's public content, so no subscriber needs to read the comment back."""
    emit(
        CommentPosted(
            comment_id=comment.pk,
            target=target.key,
            page=target.page_tag,
            content=comment_content(comment, thread.target),
            parent_id=comment.parent_id,
            author_id=comment.author_id,
            actor=public_id(comment.author) if comment.author_id else None,  # a guest is not an account
        )
    )


def translation_language() -> str:
    from django.utils import translation

    return translation.get_language() or settings.LANGUAGE_CODE


def _enqueue(func: str, *args: Any) -> None:
    from dauys.core.tasks import enqueue

    enqueue(func, *args)


@dataclass(frozen=True)
class Confirmed:
    comment: Comment
    email: str  # the address just proven (the comment no longer keeps it)
    remember: bool


@transaction.atomic
def comment_confirm(*, token: str) -> Confirmed:
    """Publish a guest's comment from the link sent to their address (once; a replayed link says so)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired (links work for 7 days). Please write the comment again.")
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid. Copy the whole link from the e-mail.")) from None
    comment = Comment.objects.select_for_update().select_related("thread").filter(pk=data.get("c")).first()
    if comment is None:
        raise ValidationError(_("This comment no longer exists."))
    if comment.status != Comment.Status.UNCONFIRMED:
        raise ValidationError(_("This link was used already: the comment is published."))
    if comment.thread.locked:
        raise ValidationError(_("This discussion was locked before you confirmed: the comment was not published."))
    if comment.parent_id and not Comment.objects.filter(pk=comment.parent_id, status=Comment.Status.PUBLISHED).exists():
        raise ValidationError(_("You cannot reply to a comment that was deleted or hidden."))
    target = rules.target_of(comment.thread)
    email = comment.guest_email
    comment.guest_email = ""  # the hash stays; the address itself is no longer needed
    if comment.held_for:  # the spam signals hold it for a moderator
        comment.status = Comment.Status.HELD
        comment.save(update_fields=["status", "guest_email"])
        return Confirmed(comment=comment, email=email, remember=bool(data.get("r")))
    comment.status = Comment.Status.PUBLISHED
    comment.published_at = timezone.now()
    comment.save(update_fields=["status", "published_at", "guest_email"])
    with statements.together(connection) as batch:
        counted = sql.count_published(batch, comment.thread)
    sql.check_counted(counted)
    announce(comment, comment.thread, target)
    return Confirmed(comment=comment, email=email, remember=bool(data.get("r")))


def _own_editable(comment: Comment, user: User) -> Comment:
    comment = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(_("Only the author can change this comment."))
    if comment.status != Comment.Status.PUBLISHED:
        raise ValidationError(_("This comment was deleted or hidden and can no longer be changed."))
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    """Change one's own comment: silently within EDIT_GRACE of publishing, later marked "edited" with the
    earlier text kept in the public history."""
    comment = _own_editable(comment, user)
    if comment.thread.locked:
        raise ValidationError(_("This discussion is locked: comments can no longer be changed."))
    rules.not_suspended(user)
    body = rules.clean_body(body)
    spam.check_links(body)
    if body == comment.body:
        return comment
    now = timezone.now()
    if comment.published_at and now - comment.published_at > EDIT_GRACE:
        Revision.objects.create(
            comment=comment, body_html=comment.body_html, written_at=comment.edited_at or comment.published_at
        )
        comment.edited_at = now
    comment.body = body
    comment.body_html = markdown.render_comment(body)
    comment.save(update_fields=["body", "body_html", "edited_at"])
    target = rules.target_of(comment.thread)
    emit(CommentEdited(comment_id=comment.pk, target=target.key, page=target.page_tag, actor=public_id(user)))
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> Comment:
    """Delete one's own comment: the text and its history go, a tombstone "deleted by its author" stays (so the
    replies keep their place)."""
    comment = _own_editable(comment, user)
    comment.status = Comment.Status.DELETED
    comment.body = ""
    comment.body_html = ""
    comment.changed_at = timezone.now()
    comment.save(update_fields=["status", "body", "body_html", "changed_at"])
    comment.revisions.all().delete()
    Flag.objects.filter(target=f"comment:{comment.pk}", resolved_at__isnull=True).update(resolved_at=comment.changed_at)
    Thread.objects.filter(pk=comment.thread_id).update(comments_count=F("comments_count") - 1)
    emit(
        CommentDeleted(
            comment_id=comment.pk,
            target=comment.thread.target,
            page=rules.page_of(comment.thread),
            actor=public_id(user),
        )
    )
    return comment


# Moderation ---------------------------------------------------------------------------------------------------
