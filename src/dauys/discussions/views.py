"""Pages of discussions: a discussion, a comment's own page (its permalink and actions), moderation."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.signing import BadSignature
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dauys.accounts.selectors import signed_in
from dauys.core.forms import apply_errors
from dauys.core.http import back_to
from dauys.core.ratelimit import RateLimited
from dauys.discussions import leaves, limits, moderatable, selectors, services, targets
from dauys.discussions.forms import AppealForm, CommentForm, EditForm, FlagForm, GuestCommentForm, HideForm, SuspendForm
from dauys.discussions.models import Comment, RemovalAppeal
from dauys.ledger.views import record_page
from dauys.pages import slots
from dauys.pages.cache import private_page, shared_page, tag_page

GUEST_COOKIE = "dauys_guest"
GUEST_SALT = "dauys.discussions.guest"
GUEST_COOKIE_AGE = 365 * 24 * 3600
PAGE_PARAM = "comments"


def remembered_guest(request: HttpRequest) -> dict[str, str] | None:
    """The name and address this browser's guest confirmed before (a signed cookie they chose to keep)."""
    try:
        value = request.get_signed_cookie(GUEST_COOKIE, default=None, salt=GUEST_SALT, max_age=GUEST_COOKIE_AGE)
    except BadSignature:
        return None
    try:
        data = signing.loads(value or "", salt=GUEST_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("n"), str) or not isinstance(data.get("e"), str):
        return None
    return {"name": data["n"], "email": data["e"]}


def comment_form(request: HttpRequest, data: Any = None, parent: int | None = None) -> CommentForm:
    initial: dict[str, Any] = {"parent": parent} if parent else {}
    if request.user.is_authenticated:
        return CommentForm(data, initial=initial)
    remembered = remembered_guest(request)
    if remembered:
        initial.update(remembered)
    return GuestCommentForm(data, initial=initial, copy=slots.is_copy_render(request))


def comment_url(comment: Comment, target: targets.Target | None = None) -> str:
    """Where a comment is seen in its discussion: the right page of the object's page, at the comment."""
    target = target or targets.resolve(comment.thread.target)
    if target is None:
        return comment.get_absolute_url()
    page = selectors.page_of(comment)
    query = f"?{PAGE_PARAM}={page}" if page > 1 else ""
    return f"{target.url}{query}#comment-{comment.pk}"


def _too_fast(response: HttpResponse, exc: RateLimited) -> HttpResponse:
    response["Retry-After"] = str(exc.retry_after)
    return response


def _target(kind: str, ref: str) -> targets.Target:
    target = targets.resolve(f"{kind}:{ref}")
    if target is None:
        raise Http404
    return target


def _thread_page(request: HttpRequest, target: targets.Target, form: Any, status: int = 200) -> HttpResponse:
    tag_page(request, target.page_tag, lists=False)
    context = {
        "target": target,
        "discussion": selectors.discussion(target, page=request.GET.get(PAGE_PARAM) or 1),
        "form": form,
        "page_param": PAGE_PARAM,
    }
    return render(request, "discussions/thread.html", context, status=status)


@require_GET
@shared_page
def thread(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    target = _target(kind, ref)
    return _thread_page(request, target, comment_form(request))


@require_POST
def post(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    target = _target(kind, ref)
    form = comment_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        guest = None
        if not request.user.is_authenticated:
            remembered = remembered_guest(request)
            guest = services.Guest(
                name=data["name"],
                email=data["email"],
                confirmed=bool(remembered and remembered["email"].lower() == data["email"].strip().lower()),
                remember=data.get("remember", False),
            )
        try:
            limits.comment(request, request.user)
            comment = services.comment_post(
                target_key=target.key,
                body=data["body"],
                author=request.user if request.user.is_authenticated else None,
                guest=guest,
                parent=data.get("parent"),
            )
        except RateLimited as exc:
            form.add_error(None, exc.message)
            return _too_fast(_thread_page(request, target, form, status=429), exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if comment.status == Comment.Status.UNCONFIRMED:
                return render(request, "discussions/check_email.html", {"target": target, "comment": comment})
            if comment.status == Comment.Status.HELD:
                return render(request, "discussions/held.html", {"target": target, "comment": comment})
            return redirect(comment_url(comment, target))
    parent_id = str(form.data.get("parent") or "")
    if re.fullmatch(r"[0-9]{1,18}", parent_id):
        parent = Comment.objects.filter(pk=int(parent_id), thread__target=target.key).first()
        if parent is not None and parent.status in selectors.SHOWN:
            return _comment_page(request, parent, reply_form=form, status=400)
    if target.embedded and target.page is not None and request.user.is_authenticated and not parent_id:
        # Back on the page it was written on, with its text and what is wrong (the page's comment form is this one).
        request.rejected_comment = (target.key, form)  # type: ignore[attr-defined]
        private_page(request)
        response = target.page(request)
        response.status_code = 400
        return response
    return _thread_page(request, target, form, status=400)


def _comment_or_404(pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("author", "thread", "parent__author"),
        pk=pk,
        status__in=selectors.SHOWN,
    )
    return comment


def _comment_page(request: HttpRequest, comment: Comment, status: int = 200, **forms: Any) -> HttpResponse:
    target = targets.resolve(comment.thread.target)
    if target is None:
        raise Http404
    tag_page(request, f"comment:{comment.pk}", target.page_tag, lists=False)
    user = request.user
    is_author = user.is_authenticated and comment.author_id == user.pk
    is_moderator = services.is_moderator(user)
    top = comment.parent if comment.parent is not None else comment
    replies = list(
        Comment.objects.filter(parent=top, status__in=selectors.SHOWN).select_related("author").order_by("created_at")
    )
    published = comment.status == Comment.Status.PUBLISHED
    removal = RemovalAppeal.objects.filter(target=f"comment:{comment.pk}").first()
    context = {
        "comment": comment,
        "top": top,
        "replies": replies,
        "target": target,
        "in_context": comment_url(comment, target),
        "is_author": is_author,
        "is_moderator": is_moderator,
        "locked": comment.thread.locked,
        "reply_form": forms.get("reply_form")
        or (comment_form(request, parent=top.pk) if published and top.status == Comment.Status.PUBLISHED else None),
        "flag_form": forms.get("flag_form") or (FlagForm() if user.is_authenticated and not is_author else None),
        "flag_open": forms.get("flag_open", False),
        "appeal_form": forms.get("appeal_form")
        or (AppealForm() if is_author and comment.status == Comment.Status.HIDDEN and removal is None else None),
        "removal_appeal": removal,
        "hide_form": forms.get("hide_form") or (HideForm() if is_moderator else None),
        "suspend_form": forms.get("suspend_form") or (SuspendForm() if is_moderator and comment.author_id else None),
        "revisions_count": comment.revisions.count() if comment.edited_at else 0,
        "open_flags": selectors.open_flags(comment) if is_moderator else [],
    }
    return render(request, "discussions/comment.html", context, status=status)


# Not a shared page: its author, a moderator and other readers each see other controls (edit and delete; the
# flags and the moderation forms), and a members' copy is served before the view could tell them apart. Making
# those panels personal slots would let readers share it.
@require_GET
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _comment_page(request, _comment_or_404(pk))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_edit(comment=comment, user=signed_in(request), body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(comment_url(comment))
    return render(
        request,
        "discussions/edit.html",
        {"comment": comment, "form": form, "grace": int(services.EDIT_GRACE.total_seconds() // 60)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            comment = services.comment_delete(comment=comment, user=signed_in(request))
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return redirect(comment_url(comment))
    return render(
        request, "discussions/delete.html", {"comment": comment, "error": error}, status=400 if error else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    """Flag a comment: the discussion's "Flag" link opens the comment's page with the form open (one step)."""
    comment = _comment_or_404(pk)
    if request.method == "GET":
        return _comment_page(request, comment, flag_open=True)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            limits.flag(request.user)
            services.comment_flag(comment=comment, user=signed_in(request), rule=form.cleaned_data["rule"])
        except RateLimited as exc:
            form.add_error(None, exc.message)
            return _too_fast(_comment_page(request, comment, flag_form=form, status=429), exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "discussions/flagged.html", {"comment": comment})
    return _comment_page(request, comment, flag_form=form, status=400)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    tag_page(request, f"comment:{comment.pk}", lists=False)
    return render(request, "discussions/history.html", {"comment": comment, "revisions": comment.revisions.all()})


@login_required
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.removal_appeal(comment=comment, user=signed_in(request), text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(comment.get_absolute_url())
    return _comment_page(request, comment, appeal_form=form, status=400)


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        confirmed = services.comment_confirm(token=token)
    except ValidationError as exc:
        return render(request, "discussions/confirm_failed.html", {"message": exc.messages[0]}, status=400)
    comment = confirmed.comment
    if comment.status == Comment.Status.HELD:
        target = targets.resolve(comment.thread.target)
        response = render(request, "discussions/held.html", {"target": target, "comment": comment})
    else:
        response = render(request, "discussions/confirmed.html", {"comment": comment, "url": comment_url(comment)})
    response["Cache-Control"] = "no-store"
    if confirmed.remember:
        # The address was just proven; kept in this browser only, signed so that it cannot be forged.
        response.set_signed_cookie(
            GUEST_COOKIE,
            # ASCII whatever the name's script (HTTP headers are latin-1), signed twice over: harmless.
            signing.dumps({"n": comment.guest_name, "e": confirmed.email}, salt=GUEST_SALT),
            salt=GUEST_SALT,
            max_age=GUEST_COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


@require_POST
def forget_me(request: HttpRequest) -> HttpResponse:
    response = back_to(request, request.POST.get("next"), "/")
    response.delete_cookie(GUEST_COOKIE)
    return response


# Moderation ---------------------------------------------------------------------------------------------------


def _moderator_only(request: HttpRequest) -> None:
    if not services.is_moderator(request.user):
        raise PermissionDenied


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _moderator_only(request)
    context = {**selectors.moderation_queue(), "nav": "moderation"}
    return render(request, "discussions/queue.html", context)


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request)
    comment = get_object_or_404(
        Comment.objects.select_related("author", "thread", "parent__author").exclude(status=Comment.Status.UNCONFIRMED),
        pk=pk,
    )
    action = request.POST.get("action")
    form = HideForm(request.POST)
    held = comment.status == Comment.Status.HELD
    try:
        if action == "approve":
            services.comment_approve(comment=comment, moderator=signed_in(request))
        elif action == "hide":
            if not form.is_valid():
                return _comment_page(request, comment, hide_form=form, status=400)
            services.comment_hide(comment=comment, moderator=signed_in(request), rule=form.cleaned_data["rule"])
        elif action == "restore":
            services.comment_restore(comment=comment, moderator=signed_in(request))
        elif action == "dismiss":
            services.flags_dismiss(comment=comment, moderator=signed_in(request))
        elif action in ("lock", "unlock"):
            services.thread_lock(thread=comment.thread, moderator=signed_in(request), locked=action == "lock")
        else:
            return _comment_page(request, comment, status=400)
    except ValidationError as exc:
        form = HideForm()
        form.add_error(None, exc.messages)
        return _comment_page(request, comment, hide_form=form, status=400)
    return redirect("discussions:queue" if held else comment.get_absolute_url())


@login_required
@require_POST
def moderate_object(request: HttpRequest) -> HttpResponse:
    """Hide, approve, restore, or dismiss the flags of an object of any moderatable kind
    (``discussions.moderatable``), named by its key: the queue's forms for what is not a comment."""
    _moderator_only(request)
    target, action = request.POST.get("target", ""), request.POST.get("action")
    form = HideForm(request.POST)
    try:
        if action == "hide" and form.is_valid():
            services.hide(target=target, moderator=signed_in(request), rule=form.cleaned_data["rule"])
        elif action == "approve":
            services.approve(target=target, moderator=signed_in(request))
        elif action == "restore":
            services.restore(target=target, moderator=signed_in(request))
        elif action == "dismiss":
            services.flags_dismiss_of(target=target, moderator=signed_in(request))
        else:  # no such action, or hiding without a rule: the queue's form cannot send that
            return render(request, "400.html", status=400)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    return redirect("discussions:queue")


def _moderatable_or_404(kind: str, ref: str) -> tuple[moderatable.Kind, Any]:
    found = moderatable.find(f"{kind}:{ref}")
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def flag_object(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """Ask the moderators to look at an object of any moderatable kind: its pages link here."""
    found_kind, found = _moderatable_or_404(kind, ref)
    if found_kind.state(found) != moderatable.SHOWN:
        raise Http404
    item = found_kind.item(found)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag(target=f"{kind}:{ref}", user=signed_in(request), rule=form.cleaned_data["rule"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "discussions/flagged_object.html", {"item": item})
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/flag_object.html", {"item": item, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_object(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """The author of a hidden object of any moderatable kind appeals its removal, once."""
    found_kind, found = _moderatable_or_404(kind, ref)
    target = f"{kind}:{ref}"
    if found_kind.author_id(found) != request.user.pk:
        raise Http404
    item = found_kind.item(found)
    removal = RemovalAppeal.objects.filter(target=target).first()
    form = AppealForm(request.POST if request.method == "POST" else None)
    form.fields["text"].label = _("Why should it be restored?")
    form.fields["text"].error_messages["required"] = _("Say why it should be restored.")
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_removal(target=target, user=signed_in(request), text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your appeal is with the moderators: another moderator will decide."))
            return redirect(item["url"])
    context = {"item": item, "form": form, "removal": removal, "hidden": found_kind.state(found) == moderatable.HIDDEN}
    return render(request, "discussions/appeal_object.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def suspend(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request)
    comment = _comment_or_404(pk)
    if comment.author_id is None:
        raise Http404
    form = SuspendForm(request.POST)
    if form.is_valid():
        try:
            services.account_suspend(
                user=get_user_model().objects.get(pk=comment.author_id),
                moderator=signed_in(request),
                days=form.cleaned_data["days"],
                rule=form.cleaned_data["rule"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(comment.get_absolute_url())
    return _comment_page(request, comment, suspend_form=form, status=400)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request)
    appeal = get_object_or_404(RemovalAppeal, pk=pk)
    try:
        services.removal_appeal_decide(
            appeal=appeal, moderator=signed_in(request), restore=request.POST.get("decision") == "restore"
        )
    except (ValidationError, PermissionDenied) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        context = {**selectors.moderation_queue(), "nav": "moderation", "errors": messages}
        return render(request, "discussions/queue.html", context, status=400)
    return redirect("discussions:queue")


@require_GET
@shared_page
def log(request: HttpRequest) -> HttpResponse:
    tag_page(request, "moderation:log")
    page = Paginator(selectors.moderation_log(), 50).get_page(request.GET.get("page"))
    actions = list(page.object_list)
    # Comments are linked whatever their state (their page shows a tombstone); other kinds while they are shown.
    keys = {a.pk: f"{a.object_kind}:{a.object_id}" for a in actions if a.object_kind in moderatable.kinds}
    found = moderatable.find_all(key for key in keys.values() if not key.startswith("comment:"))
    for action in actions:
        action.phrase = moderatable.phrase(action.action, action.object_kind)  # type: ignore[attr-defined]
        kind, obj = found.get(keys.get(action.pk, ""), (None, None))
        shown = kind is not None and kind.state(obj) == moderatable.SHOWN
        action.url = kind.url(obj) if shown else None  # type: ignore[attr-defined,union-attr]
    return render(request, "discussions/log.html", {"page": page, "actions": actions})


@shared_page
@require_GET
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's entries in the public log."""
    comment = get_object_or_404(Comment.objects.select_related("thread", "author"), pk=pk, status__in=selectors.SHOWN)
    if targets.resolve(comment.thread.target) is None:
        raise Http404
    title = _("Comment by %(who)s") % {"who": comment.public_name} if comment.shows_body else _("Comment")
    return record_page(request, object_url=leaves.comment_url(comment.pk), title=title, back=comment.get_absolute_url())
