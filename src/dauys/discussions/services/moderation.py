"""Moderation in public: hiding and restoring, flags, locks, suspensions, appeals against a removal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User, public_id
from dauys.core import statements
from dauys.core.events import emit
from dauys.discussions import moderatable
from dauys.discussions.events import (
    CommentFlagged,
    CommentHidden,
    CommentRestored,
    Flagged,
    ModerationLogged,
    RemovalAppealed,
    ThreadLocked,
)
from dauys.discussions.models import (
    Comment,
    Flag,
    ModerationAction,
    RemovalAppeal,
    Rule,
    Suspension,
    Thread,
)
from dauys.discussions.services import rules, sql
from dauys.discussions.services.comments import announce
from dauys.discussions.services.rules import (
    LOCKED,
    is_moderator,
)


def _moderator(user: User, comment: Comment | None = None) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))
    if comment is not None and comment.author_id == user.pk:
        raise PermissionDenied(_("Another moderator must decide about your own comment."))


def _log(action: str, kind: str, object_id: int, moderator: User, rule: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        action=action, object_kind=kind, object_id=object_id, rule=rule, moderator=moderator
    )


def _find(target: str, *, lock: bool) -> tuple[moderatable.Kind, Any]:
    found = moderatable.find(target, lock=lock)
    if found is None:
        raise ValidationError(_("There is nothing here to moderate."))
    return found


def _rule(rule: str) -> None:
    if rule not in Rule.values:
        raise ValidationError({"rule": _("Choose the rule it breaks.")})


@transaction.atomic
def flag(*, target: str, user: User, rule: str) -> Flag:
    """Ask the moderators to look at the object ``target`` names, under ``rule`` (once a person)."""
    _rule(rule)
    kind, found = _find(target, lock=False)
    if kind.state(found) != moderatable.SHOWN:
        raise ValidationError(_("This is no longer shown."))
    if kind.author_id(found) == user.pk:
        raise ValidationError(_("You cannot flag what you wrote yourself; you can edit or delete it."))
    try:
        with transaction.atomic():
            made = Flag.objects.create(target=target, user=user, rule=rule)
    except IntegrityError:
        raise ValidationError(_("You have flagged this already; the moderators will look at it.")) from None
    emit(kind.flagged(found) if kind.flagged else Flagged(target=target))
    return made


@transaction.atomic
def hide(*, target: str, moderator: User, rule: str) -> Any:
    """Hide what ``target`` names under ``rule``: its open flags are settled and the act is logged in public."""
    _moderator(moderator)
    _rule(rule)
    kind, found = _find(target, lock=True)
    if kind.state(found) not in (moderatable.SHOWN, moderatable.HELD):
        raise ValidationError(_("Only what is shown can be hidden."))
    Flag.objects.filter(target=target, resolved_at__isnull=True).update(resolved_at=timezone.now())
    kind.hide(found, _log(ModerationAction.Action.HIDE, kind.name, found.pk, moderator, rule))
    return found


@transaction.atomic
def restore(*, target: str, moderator: User) -> Any:
    """Show again what a moderator hid (another moderator than its author, if a moderator wrote it)."""
    _moderator(moderator)
    kind, found = _find(target, lock=True)
    if kind.author_id(found) == moderator.pk:
        raise PermissionDenied(_("Another moderator must decide about what you wrote."))
    if kind.state(found) != moderatable.HIDDEN:
        raise ValidationError(_("Only what is hidden can be restored."))
    action = _log(ModerationAction.Action.RESTORE, kind.name, found.pk, moderator)
    # A restore settles a pending appeal against the removal.
    RemovalAppeal.objects.filter(target=target, outcome=RemovalAppeal.Outcome.PENDING).update(
        outcome=RemovalAppeal.Outcome.RESTORED, decided_by=moderator, decided_at=timezone.now()
    )
    kind.restore(found, action)
    return found


_restore = restore  # for removal_appeal_decide, whose argument "restore" hides the name


@transaction.atomic
def approve(*, target: str, moderator: User) -> Any:
    """Show what a kind held back for a moderator (pre-moderation): the act is logged in public."""
    _moderator(moderator)
    kind, found = _find(target, lock=True)
    if kind.approve is None or kind.state(found) != moderatable.HELD:
        raise ValidationError(_("Only what is held can be approved."))
    if kind.author_id(found) == moderator.pk:
        raise PermissionDenied(_("Another moderator must decide about what you wrote."))
    kind.approve(found, _log(ModerationAction.Action.APPROVE, kind.name, found.pk, moderator))
    return found


@transaction.atomic
def flags_dismiss_of(*, target: str, moderator: User) -> int:
    """The flags of ``target`` were unfounded: they are settled, and the decision logged."""
    _moderator(moderator)
    kind, found = _find(target, lock=False)
    dismissed = Flag.objects.filter(target=target, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if dismissed:
        action = _log(ModerationAction.Action.DISMISS, kind.name, found.pk, moderator)
        emit(
            ModerationLogged(
                action_id=action.pk, action=action.action, object_kind=kind.name, actor=public_id(moderator)
            )
        )
    return dismissed


def comment_flag(*, comment: Comment, user: User, rule: str) -> Flag:
    return flag(target=f"comment:{comment.pk}", user=user, rule=rule)


def comment_hide(*, comment: Comment, moderator: User, rule: str) -> Comment:
    return hide(target=f"comment:{comment.pk}", moderator=moderator, rule=rule)


def comment_restore(*, comment: Comment, moderator: User) -> Comment:
    return restore(target=f"comment:{comment.pk}", moderator=moderator)


def flags_dismiss(*, comment: Comment, moderator: User) -> int:
    return flags_dismiss_of(target=f"comment:{comment.pk}", moderator=moderator)


# Comments are the first moderatable kind.


def _find_comments(refs: list[str], lock: bool) -> dict[str, Comment]:
    comments = Comment.objects.select_related("thread").filter(pk__in=moderatable.digits(refs))
    return {str(c.pk): c for c in (comments.select_for_update(of=("self",)) if lock else comments)}


def _comment_state(comment: Comment) -> str:
    return {
        Comment.Status.PUBLISHED: moderatable.SHOWN,
        Comment.Status.HELD: moderatable.HELD,
        Comment.Status.HIDDEN: moderatable.HIDDEN,
    }.get(comment.status, moderatable.GONE)  # type: ignore[call-overload]


def _hide_comment(comment: Comment, action: ModerationAction) -> None:
    was_shown = comment.status == Comment.Status.PUBLISHED
    comment.status = Comment.Status.HIDDEN
    comment.hidden_rule = action.rule
    comment.changed_at = timezone.now()
    comment.save(update_fields=["status", "hidden_rule", "changed_at"])
    if was_shown:
        Thread.objects.filter(pk=comment.thread_id).update(comments_count=F("comments_count") - 1)
    emit(
        CommentHidden(
            comment_id=comment.pk,
            target=comment.thread.target,
            page=rules.page_of(comment.thread),
            action_id=action.pk,
            rule=action.rule,
            actor=public_id(action.moderator),
        )
    )


def _restore_comment(comment: Comment, action: ModerationAction) -> None:
    comment.status = Comment.Status.PUBLISHED
    comment.hidden_rule = ""
    comment.changed_at = None
    comment.published_at = comment.published_at or timezone.now()  # a held comment hidden, then restored
    comment.save(update_fields=["status", "hidden_rule", "changed_at", "published_at"])
    Thread.objects.filter(pk=comment.thread_id).update(comments_count=F("comments_count") + 1)
    emit(
        CommentRestored(
            comment_id=comment.pk,
            target=comment.thread.target,
            page=rules.page_of(comment.thread),
            action_id=action.pk,
            actor=public_id(action.moderator),
        )
    )


moderatable.moderatable(
    moderatable.Kind(
        "comment",
        find=_find_comments,
        author_id=lambda comment: comment.author_id,
        state=_comment_state,
        hide=_hide_comment,
        restore=_restore_comment,
        flagged=lambda comment: CommentFlagged(comment_id=comment.pk, target=comment.thread.target, page=""),
    )
)


@transaction.atomic
def thread_lock(*, thread: Thread, moderator: User, locked: bool) -> Thread:
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
            page=rules.page_of(thread),
            locked=locked,
            action_id=action.pk,
            actor=public_id(moderator),
        )
    )
    return thread


@transaction.atomic
def account_suspend(*, user: User, moderator: User, days: int, rule: str) -> Suspension:
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
def appeal_removal(*, target: str, user: User, text: str) -> RemovalAppeal:
    """The author's one appeal against the hiding of what ``target`` names; another moderator decides."""
    kind, found = _find(target, lock=True)
    if user is None or not user.is_authenticated or kind.author_id(found) != user.pk:
        raise PermissionDenied(_("Only the author can appeal this removal."))
    if kind.state(found) != moderatable.HIDDEN:
        raise ValidationError(_("Only what is hidden can be appealed."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say why it should be restored.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("An appeal can be at most 2,000 characters long.")})
    if RemovalAppeal.objects.filter(target=target).exists():
        raise ValidationError(_("You have appealed this removal already; it can be appealed once."))
    hide = (
        ModerationAction.objects.filter(action=ModerationAction.Action.HIDE, object_kind=kind.name, object_id=found.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    if hide is None:
        raise ValidationError(_("Only what is hidden can be appealed."))
    appeal = RemovalAppeal.objects.create(target=target, rule=hide.rule, text=text, hidden_by_id=hide.moderator_id)
    emit(RemovalAppealed(target=target, appeal_id=appeal.pk))
    return appeal


def removal_appeal(*, comment: Comment, user: User, text: str) -> RemovalAppeal:
    return appeal_removal(target=f"comment:{comment.pk}", user=user, text=text)


@transaction.atomic
def removal_appeal_decide(*, appeal: RemovalAppeal, moderator: User, restore: bool) -> RemovalAppeal:
    """Another moderator than the one who hid it restores the object, or upholds the removal (logged in public)."""
    _moderator(moderator)
    appeal = RemovalAppeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.outcome != RemovalAppeal.Outcome.PENDING:
        raise ValidationError(_("This appeal was decided already."))
    if appeal.hidden_by_id == moderator.pk:
        raise PermissionDenied(_("A different moderator must decide this appeal: you hid it."))
    if restore:
        _restore(target=appeal.target, moderator=moderator)  # settles the appeal too
        appeal.refresh_from_db()
        return appeal
    kind, found = _find(appeal.target, lock=False)
    if kind.author_id(found) == moderator.pk:
        raise PermissionDenied(_("Another moderator must decide about what you wrote."))
    appeal.outcome = RemovalAppeal.Outcome.UPHELD
    appeal.decided_by = moderator
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["outcome", "decided_by", "decided_at"])
    action = _log(ModerationAction.Action.UPHOLD, kind.name, found.pk, moderator, appeal.rule)
    emit(
        ModerationLogged(
            action_id=action.pk,
            action=action.action,
            object_kind=kind.name,
            rule=action.rule,
            actor=public_id(moderator),
        )
    )
    return appeal


@transaction.atomic
def comment_approve(*, comment: Comment, moderator: User) -> Comment:
    """Publish a comment the spam signals held back."""
    comment = Comment.objects.select_for_update(of=("self",)).select_related("thread", "parent").get(pk=comment.pk)
    _moderator(moderator, comment)
    if comment.status != Comment.Status.HELD:
        raise ValidationError(_("Only a held comment can be approved."))
    if comment.thread.locked:
        raise ValidationError(LOCKED)
    if comment.parent is not None and comment.parent.status != Comment.Status.PUBLISHED:
        raise ValidationError(_("You cannot reply to a comment that was deleted or hidden."))
    target = rules.target_of(comment.thread)
    comment.status = Comment.Status.PUBLISHED
    comment.published_at = timezone.now()
    comment.save(update_fields=["status", "published_at"])
    _log(ModerationAction.Action.APPROVE, "comment", comment.pk, moderator)
    with statements.together(connection) as batch:
        counted = sql.count_published(batch, comment.thread)
    sql.check_counted(counted)
    announce(comment, comment.thread, target)
    return comment
