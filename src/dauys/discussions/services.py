"""Every write of discussions and moderation: in a transaction, emitting one domain event.

Validation errors carry translated messages for the forms and the API; nothing is written when one is raised.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dauys.accounts.models import public_id
from dauys.core import markdown, statements
from dauys.core.events import emit
from dauys.discussions import spam, targets
from dauys.discussions.events import (
    CommentDeleted,
    CommentEdited,
    CommentFlagged,
    CommentHidden,
    CommentPosted,
    CommentRestored,
    ModerationLogged,
    ThreadLocked,
)
from dauys.discussions.leaves import comment_content
from dauys.discussions.models import (
    Comment,
    Flag,
    ModerationAction,
    Moderator,
    RemovalAppeal,
    Revision,
    Rule,
    Suspension,
    Thread,
)

MAX_LENGTH = 10_000
LOCKED = gettext_lazy("This discussion is locked: no new comments.")
MAX_NAME = 60
EDIT_GRACE = timedelta(minutes=15)
DOUBLE_SUBMIT = timedelta(minutes=2)
CONFIRM_MAX_AGE = 7 * 24 * 3600
CONFIRM_SALT = "dauys.discussions.confirm"


@dataclass(frozen=True)
class Guest:
    name: str
    email: str
    confirmed: bool = False  # the browser holds a signed proof that this address was confirmed before
    remember: bool = False  # remember the address in this browser once it is confirmed


def guest_hash(email: str) -> str:
    """A stable pseudonym of a guest's address for moderators: a keyed hash, never the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"dauys-guest:" + email.strip().lower().encode(), hashlib.sha256).hexdigest()[:12]


def is_moderator(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Moderator.objects.filter(user_id=user.pk).exists()


def suspended_until(user: Any) -> Any:
    suspension = Suspension.objects.filter(user_id=user.pk, until__gt=timezone.now()).order_by("-until").first()
    return suspension.until if suspension else None


def _not_suspended(user: Any) -> None:
    until = suspended_until(user)
    if until is not None:
        raise ValidationError(
            _("Your account may not comment until %(date)s.") % {"date": formats.date_format(until, "j E Y")}
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {
                "body": ngettext(
                    "A comment can be at most 10,000 characters long; this one has %(count)d character.",
                    "A comment can be at most 10,000 characters long; this one has %(count)d characters.",
                    len(body),
                )
                % {"count": len(body)}
            }
        )
    return body


def _clean_guest(guest: Guest) -> Guest:
    errors: dict[str, str] = {}
    name = " ".join((guest.name or "").split())
    email = (guest.email or "").strip()
    if not name:
        errors["name"] = _("Give a name to show with your comment.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("A name can be at most 60 characters long.")
    if not email:
        errors["email"] = _("Give your e-mail address: we send the link that publishes your comment there.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("This is not a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    return Guest(name=name, email=email, confirmed=guest.confirmed, remember=guest.remember)


def _thread_tries(target: targets.Target) -> list[tuple[str, list[Any]]]:
    """The statements that find the target's discussion or make it (by its first comment; two first comments at
    once make one), tried in turn until one gives its row. Not locked here: a published comment locks the row
    last, when it moves the counter, so it is held only until the commit."""
    table = Thread._meta.db_table
    look: tuple[str, list[Any]] = (f"SELECT id, locked FROM {table} WHERE target = %s", [target.key])  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if connection.vendor == "postgresql":  # found or made in one statement (most comments on a busy site are firsts)
        make: tuple[str, list[Any]] = (
            f"WITH found AS (SELECT id, locked FROM {table} WHERE target = %s), "  # noqa: S608
            f"made AS (INSERT INTO {table} (target, locked, comments_count, created_at) "
            "SELECT %s, false, 0, %s WHERE NOT EXISTS (SELECT 1 FROM found) "
            "ON CONFLICT (target) DO NOTHING RETURNING id, locked) "
            "SELECT id, locked FROM found UNION ALL SELECT id, locked FROM made",
            [target.key, target.key, now],
        )
        return [make, look]
    make = (
        f"INSERT INTO {table} (target, locked, comments_count, created_at) VALUES (%s, %s, 0, %s)"  # noqa: S608
        " ON CONFLICT (target) DO NOTHING RETURNING id, locked",
        [target.key, False, now],
    )
    return [look, make, look]


def _thread_for(target: targets.Target, tries: list[tuple[str, list[Any]]], first: statements.Later) -> Thread:
    """The discussion from the first try's rows (``first``); else from the next tries: made, or made by a
    concurrent first comment since our first look."""
    row = first.one()
    for sql, params in tries[1:]:
        if row is not None:
            break
        row = statements.fetchone(connection, sql, params)
    assert row is not None  # the last look sees the row the concurrent insert made
    return Thread.from_db(connection.alias, ["id", "target", "locked"], [row[0], target.key, bool(row[1])])


def _same_text(batch: statements.Batch, body: str, writer: dict[str, Any], now: Any) -> statements.Later:
    """The same text by the same writer in the last day, oldest first, as (id, thread id, parent id, status,
    written within DOUBLE_SUBMIT): one query for the double submission and the spam rule, written out because
    every comment runs it."""
    column, value = ("author_id", writer["author"].pk) if "author" in writer else ("guest_hash", writer["guest_hash"])
    adapt = connection.ops.adapt_datetimefield_value
    return batch.later(
        f"SELECT id, thread_id, parent_id, status, created_at >= %s FROM {Comment._meta.db_table}"  # noqa: S608
        f" WHERE {column} = %s AND body = %s AND created_at >= %s ORDER BY created_at, id",
        [adapt(now - DOUBLE_SUBMIT), value, body, adapt(now - spam.REPEATED_WITHIN)],
    )


def _may_post(batch: statements.Batch, author: Any, writer: str, body: str) -> statements.Later | None:
    """Refuse a suspended author, and until this transaction ends let nobody else post this text as this writer:
    a form sent twice at once (a double click) then gives one comment, the second request finding the first.
    PostgreSQL: an advisory lock on a hash of writer and text, taken in the same statement as the suspension check,
    which also draws the id the comment will have (so that what is written with it needs no answer first);
    SQLite needs none (its IMMEDIATE transactions let one writer in at a time).
    Rows (after the batch): [lock, comment id,] suspended."""
    columns: list[str] = []
    params: list[Any] = []
    if connection.vendor == "postgresql":
        columns.append("pg_advisory_xact_lock(%s)")
        params.append(int.from_bytes(hashlib.sha256(f"{writer}\n{body}".encode()).digest()[:8], "big", signed=True))
        columns.append(f"nextval(pg_get_serial_sequence('{Comment._meta.db_table}', 'id'))")
    if author is not None:
        columns.append(f"EXISTS (SELECT 1 FROM {Suspension._meta.db_table} WHERE user_id = %s AND until > %s)")  # noqa: S608
        params += [author.pk, connection.ops.adapt_datetimefield_value(timezone.now())]
    if not columns:
        return None
    return batch.later(f"SELECT {', '.join(columns)}", params)


def _target_of(thread: Thread) -> targets.Target:
    target = targets.resolve(thread.target)
    if target is None:
        raise ValidationError(_("This discussion is closed: what it is about is no longer public."))
    return target


@transaction.atomic
def comment_post(
    *,
    target_key: str,
    body: str,
    author: Any = None,
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
    body = _clean_body(body)
    body_html = markdown.render_comment(body)
    spam.check_links(body, body_html)
    if author is not None and author.is_authenticated:
        guest = None
    elif guest is not None:
        guest = _clean_guest(guest)
        author = None
    else:
        raise ValueError("a comment needs an author or a guest")
    writer = {"author": author} if author is not None else {"guest_hash": guest_hash(guest.email)}  # type: ignore[union-attr]
    now = timezone.now()
    tries = _thread_tries(target)
    # The checks in one round trip, in this order: the same-text check sees what committed before the lock.
    with statements.together(connection) as batch:
        may = _may_post(
            batch, author, f"account:{author.pk}" if author is not None else f"guest:{writer['guest_hash']}", body
        )
        first = batch.later(*tries[0])
        same = _same_text(batch, body, writer, now)
    checked = may.one() if may is not None else None
    if author is not None and checked is not None and checked[-1]:
        _not_suspended(author)
    thread = _thread_for(target, tries, first)
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
    # The writes in one round trip: the comment (its id drawn with the lock), its leaf and task, the counter.
    with statements.together(connection) as batch:
        statements.insert(connection, comment)  # no signals on comments: written without compiling a query
        counted = _published(batch, comment, thread, target) if publish else None
    if counted is not None:
        _counted(counted)
    if not publish and not confirmed:
        token = signing.dumps({"c": comment.pk, "r": int(guest.remember)}, salt=CONFIRM_SALT)  # type: ignore[union-attr]
        language = translation_language()
        transaction.on_commit(
            lambda: _enqueue("dauys.discussions.tasks.send_confirmation", comment.pk, token, language)
        )
    return comment


def translation_language() -> str:
    from django.utils import translation

    return translation.get_language() or settings.LANGUAGE_CODE


def _enqueue(func: str, *args: Any) -> None:
    from dauys.core.tasks import enqueue

    enqueue(func, *args)


def _published(batch: statements.Batch, comment: Comment, thread: Thread, target: targets.Target) -> statements.Later:
    """Announce the published comment and count it. The counter's rows (after the batch): none if a moderator
    locked the discussion since our first look."""
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
    # Last, so that the discussion's row is locked only from here to the commit (one hot discussion takes many
    # comments a second).
    table = Thread._meta.db_table
    return batch.later(
        f"UPDATE {table} SET comments_count = comments_count + 1 WHERE id = %s AND NOT locked RETURNING id",  # noqa: S608
        [thread.pk],
    )


def _counted(counted: statements.Later) -> None:
    """A discussion locked by a moderator since our first look refuses the comment after all."""
    if counted.one() is None:
        raise ValidationError(LOCKED)


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
    target = _target_of(comment.thread)
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
        counted = _published(batch, comment, comment.thread, target)
    _counted(counted)
    return Confirmed(comment=comment, email=email, remember=bool(data.get("r")))


def _own_editable(comment: Comment, user: Any) -> Comment:
    comment = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(_("Only the author can change this comment."))
    if comment.status != Comment.Status.PUBLISHED:
        raise ValidationError(_("This comment was deleted or hidden and can no longer be changed."))
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: Any, body: str) -> Comment:
    """Change one's own comment: silently within EDIT_GRACE of publishing, later marked "edited" with the
    earlier text kept in the public history."""
    comment = _own_editable(comment, user)
    if comment.thread.locked:
        raise ValidationError(_("This discussion is locked: comments can no longer be changed."))
    _not_suspended(user)
    body = _clean_body(body)
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
    target = _target_of(comment.thread)
    emit(CommentEdited(comment_id=comment.pk, target=target.key, page=target.page_tag, actor=public_id(user)))
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: Any) -> Comment:
    """Delete one's own comment: the text and its history go, a tombstone "deleted by its author" stays (so the
    replies keep their place)."""
    comment = _own_editable(comment, user)
    comment.status = Comment.Status.DELETED
    comment.body = ""
    comment.body_html = ""
    comment.changed_at = timezone.now()
    comment.save(update_fields=["status", "body", "body_html", "changed_at"])
    comment.revisions.all().delete()
    Flag.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=comment.changed_at)
    Thread.objects.filter(pk=comment.thread_id).update(comments_count=F("comments_count") - 1)
    emit(
        CommentDeleted(
            comment_id=comment.pk, target=comment.thread.target, page=_page_of(comment.thread), actor=public_id(user)
        )
    )
    return comment


def comment_flag(*, comment: Comment, user: Any, rule: str) -> Flag:
    if rule not in Rule.values:
        raise ValidationError({"rule": _("Choose the rule this comment breaks.")})
    if comment.status != Comment.Status.PUBLISHED:
        raise ValidationError(_("This comment is no longer shown."))
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot flag your own comment; you can edit or delete it."))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(comment=comment, user=user, rule=rule)
    except IntegrityError:
        raise ValidationError(_("You have flagged this comment already; the moderators will look at it.")) from None
    emit(CommentFlagged(comment_id=comment.pk, target=comment.thread.target, page=""))
    return flag


# Moderation ---------------------------------------------------------------------------------------------------


def _moderator(user: Any, comment: Comment | None = None) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))
    if comment is not None and comment.author_id == user.pk:
        raise PermissionDenied(_("Another moderator must decide about your own comment."))


def _log(action: str, kind: str, object_id: int, moderator: Any, rule: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        action=action, object_kind=kind, object_id=object_id, rule=rule, moderator=moderator
    )


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: Any, rule: str) -> Comment:
    _moderator(moderator)
    if rule not in Rule.values:
        raise ValidationError({"rule": _("Choose the rule this comment breaks.")})
    comment = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if comment.status not in (Comment.Status.PUBLISHED, Comment.Status.HELD):
        raise ValidationError(_("Only a published comment can be hidden."))
    was_shown = comment.status == Comment.Status.PUBLISHED
    comment.status = Comment.Status.HIDDEN
    comment.hidden_rule = rule
    comment.changed_at = timezone.now()
    comment.save(update_fields=["status", "hidden_rule", "changed_at"])
    Flag.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=comment.changed_at)
    if was_shown:
        Thread.objects.filter(pk=comment.thread_id).update(comments_count=F("comments_count") - 1)
    action = _log(ModerationAction.Action.HIDE, "comment", comment.pk, moderator, rule)
    page = _page_of(comment.thread)
    emit(
        CommentHidden(
            comment_id=comment.pk,
            target=comment.thread.target,
            page=page,
            action_id=action.pk,
            rule=rule,
            actor=public_id(moderator),
        )
    )
    return comment


def _page_of(thread: Thread) -> str:
    target = targets.resolve(thread.target)
    return target.page_tag if target else ""


@transaction.atomic
def comment_restore(*, comment: Comment, moderator: Any) -> Comment:
    _moderator(moderator, comment)
    comment = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if comment.status != Comment.Status.HIDDEN:
        raise ValidationError(_("Only a hidden comment can be restored."))
    comment.status = Comment.Status.PUBLISHED
    comment.hidden_rule = ""
    comment.changed_at = None
    comment.published_at = comment.published_at or timezone.now()  # a held comment hidden, then restored
    comment.save(update_fields=["status", "hidden_rule", "changed_at", "published_at"])
    # A restore settles a pending appeal against the removal.
    RemovalAppeal.objects.filter(comment=comment, outcome=RemovalAppeal.Outcome.PENDING).update(
        outcome=RemovalAppeal.Outcome.RESTORED, decided_by=moderator, decided_at=timezone.now()
    )
    Thread.objects.filter(pk=comment.thread_id).update(comments_count=F("comments_count") + 1)
    action = _log(ModerationAction.Action.RESTORE, "comment", comment.pk, moderator)
    emit(
        CommentRestored(
            comment_id=comment.pk,
            target=comment.thread.target,
            page=_page_of(comment.thread),
            action_id=action.pk,
            actor=public_id(moderator),
        )
    )
    return comment


@transaction.atomic
def flags_dismiss(*, comment: Comment, moderator: Any) -> int:
    _moderator(moderator)
    dismissed = Flag.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if dismissed:
        action = _log(ModerationAction.Action.DISMISS, "comment", comment.pk, moderator)
        emit(
            ModerationLogged(
                action_id=action.pk, action=action.action, object_kind="comment", actor=public_id(moderator)
            )
        )
    return dismissed


@transaction.atomic
def thread_lock(*, thread: Thread, moderator: Any, locked: bool) -> Thread:
    _moderator(moderator)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.locked == locked:
        return thread
    thread.locked = locked
    thread.save(update_fields=["locked"])
    kind = ModerationAction.Action.LOCK if locked else ModerationAction.Action.UNLOCK
    action = _log(kind, "thread", thread.pk, moderator)
    emit(
        ThreadLocked(
            target=thread.target,
            page=_page_of(thread),
            locked=locked,
            action_id=action.pk,
            actor=public_id(moderator),
        )
    )
    return thread


@transaction.atomic
def account_suspend(*, user: Any, moderator: Any, days: int, rule: str) -> Suspension:
    _moderator(moderator)
    if rule not in Rule.values:
        raise ValidationError({"rule": _("Choose the rule the account broke.")})
    if not 1 <= days <= 365:
        raise ValidationError({"days": _("A suspension lasts from 1 to 365 days.")})
    if user.pk == moderator.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    if is_moderator(user):
        raise ValidationError(_("A moderator cannot be suspended here; the operator removes the role first."))
    suspension = Suspension.objects.create(
        user=user, rule=rule, until=timezone.now() + timedelta(days=days), by=moderator
    )
    action = _log(ModerationAction.Action.SUSPEND, "account", user.pk, moderator, rule)
    emit(
        ModerationLogged(
            action_id=action.pk, action=action.action, object_kind="account", rule=rule, actor=public_id(moderator)
        )
    )
    return suspension


@transaction.atomic
def removal_appeal(*, comment: Comment, user: Any, text: str) -> RemovalAppeal:
    """The author's one appeal against the hiding of their comment."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(_("Only the author can appeal this removal."))
    if comment.status != Comment.Status.HIDDEN:
        raise ValidationError(_("Only a hidden comment can be appealed."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say why the comment should be restored.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("An appeal can be at most 2,000 characters long.")})
    if RemovalAppeal.objects.filter(comment=comment).exists():
        raise ValidationError(_("You have appealed this removal already; it can be appealed once."))
    hide = (
        ModerationAction.objects.filter(
            action=ModerationAction.Action.HIDE, object_kind="comment", object_id=comment.pk
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if hide is None:
        raise ValidationError(_("Only a hidden comment can be appealed."))
    return RemovalAppeal.objects.create(comment=comment, text=text, hidden_by_id=hide.moderator_id)


@transaction.atomic
def removal_appeal_decide(*, appeal: RemovalAppeal, moderator: Any, restore: bool) -> RemovalAppeal:
    _moderator(moderator)
    appeal = RemovalAppeal.objects.select_for_update().select_related("comment").get(pk=appeal.pk)
    if appeal.outcome != RemovalAppeal.Outcome.PENDING:
        raise ValidationError(_("This appeal was decided already."))
    if appeal.hidden_by_id == moderator.pk:
        raise PermissionDenied(_("A different moderator must decide this appeal: you hid the comment."))
    _moderator(moderator, appeal.comment)
    appeal.decided_by = moderator
    appeal.decided_at = timezone.now()
    if restore:
        comment_restore(comment=appeal.comment, moderator=moderator)  # settles the appeal too
        appeal.refresh_from_db()
    else:
        appeal.outcome = RemovalAppeal.Outcome.UPHELD
        appeal.save(update_fields=["outcome", "decided_by", "decided_at"])
        rule = appeal.comment.hidden_rule
        action = _log(ModerationAction.Action.UPHOLD, "comment", appeal.comment_id, moderator, rule)
        emit(
            ModerationLogged(
                action_id=action.pk,
                action=action.action,
                object_kind="comment",
                rule=action.rule,
                actor=public_id(moderator),
            )
        )
    return appeal


@transaction.atomic
def comment_approve(*, comment: Comment, moderator: Any) -> Comment:
    """Publish a comment the spam signals held back."""
    comment = Comment.objects.select_for_update(of=("self",)).select_related("thread", "parent").get(pk=comment.pk)
    _moderator(moderator, comment)
    if comment.status != Comment.Status.HELD:
        raise ValidationError(_("Only a held comment can be approved."))
    if comment.thread.locked:
        raise ValidationError(LOCKED)
    if comment.parent is not None and comment.parent.status != Comment.Status.PUBLISHED:
        raise ValidationError(_("You cannot reply to a comment that was deleted or hidden."))
    target = _target_of(comment.thread)
    comment.status = Comment.Status.PUBLISHED
    comment.published_at = timezone.now()
    comment.save(update_fields=["status", "published_at"])
    _log(ModerationAction.Action.APPROVE, "comment", comment.pk, moderator)
    with statements.together(connection) as batch:
        counted = _published(batch, comment, comment.thread, target)
    _counted(counted)
    return comment
