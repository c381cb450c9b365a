"""Comments and the moderation log in the API (mounted by ``dauys.api``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from dauys.accounts.selectors import signed_in
from dauys.api.common import ERRORS, page_url, token
from dauys.api.errors import ApiError
from dauys.api.pagination import page
from dauys.api.routers import routers
from dauys.api.schemas import ErrorOut, Page
from dauys.discussions import limits as discussion_limits
from dauys.discussions import selectors as discussion_selectors
from dauys.discussions import services as discussion_services
from dauys.discussions import targets as discussion_targets
from dauys.discussions.models import Comment, ModerationAction

router = Router()


class CommentOut(Schema):
    id: int
    url: str = Field(description="the comment's own page")
    target: str = Field(description='what it comments on: "problem:12", "answer:3", "place:<slug>", "authority:<slug>"')
    parent: int | None = Field(None, description="the comment it replies to")
    author: str | None = Field(None, description="public name (a guest's chosen name); null once not shown")
    guest: bool
    status: str = Field(description="published, deleted (by its author) or hidden (by the moderators)")
    body: str | None = Field(None, description="Markdown source, while published")
    body_html: str | None = Field(None, description="sanitised HTML, while published")
    hidden_rule: str | None = None
    created_at: datetime
    edited_at: datetime | None = Field(None, description="set when edited after the first 15 minutes")


class CommentPage(Page):
    items: list[CommentOut]


class CommentIn(Schema):
    target: str = Field(description='"problem:12", "answer:3", "place:<slug>" or "authority:<slug>"')
    body: str = Field(description="Markdown subset, at most 10,000 characters")
    parent: int | None = Field(None, description="reply to this comment (one level: a reply to a reply joins it)")


class ModerationActionOut(Schema):
    id: int
    action: str
    object_kind: str
    object_id: int
    rule: str | None
    moderator: str = Field(description="the moderator's public name")
    created_at: datetime


class ModerationPage(Page):
    items: list[ModerationActionOut]


class HeldOut(Schema):
    id: int
    status: str = Field(description='"held": waiting for a moderator')
    held_for: list[str] = Field(description="the spam rules it matched (see docs/discussions.md)")


def comment_out(request: HttpRequest, c: Comment) -> dict[str, Any]:
    shown = c.status == Comment.Status.PUBLISHED
    return {
        "id": c.pk,
        "url": page_url(request, c),
        "target": c.thread.target,
        "parent": c.parent_id,
        "author": c.public_name if shown else None,
        "guest": c.is_guest,
        "status": c.status,
        "body": c.body if shown else None,
        "body_html": c.body_html if shown else None,
        "hidden_rule": c.hidden_rule or None,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
    }


def comments_qs() -> Any:
    return Comment.objects.select_related("thread", "author").filter(status__in=discussion_selectors.SHOWN)


@router.get("/comments", response={200: CommentPage, **ERRORS}, summary="The comments on a public object, oldest first")
def comment_list(request: HttpRequest, target: str, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    if discussion_targets.resolve(target) is None:
        raise ApiError(404, "not_found", "There is no public object with this target.", fields={"target": [target]})
    qs = comments_qs().filter(thread__target=target)
    rows, next_url = page(request, qs, cursor=cursor, limit=limit, descending=False)
    return {"items": [comment_out(request, c) for c in rows], "next": next_url}


@router.get("/comments/{comment_id}", response={200: CommentOut, **ERRORS}, summary="One comment")
def comment_get(request: HttpRequest, comment_id: int) -> dict[str, Any]:
    comment = get_object_or_404(comments_qs(), pk=comment_id)
    if discussion_targets.resolve(comment.thread.target) is None:
        raise Http404  # what it discusses is no longer public
    return comment_out(request, comment)


@router.post(
    "/comments",
    response={201: CommentOut, 202: HeldOut, **ERRORS, 429: ErrorOut},
    auth=token,
    summary="Comment on a public object (202 when the spam rules hold it for a moderator)",
)
def comment_create(request: HttpRequest, payload: CommentIn) -> Status:
    target = discussion_targets.resolve(payload.target)
    if target is None:
        raise ApiError(
            404, "not_found", "There is no public object with this target.", fields={"target": [payload.target]}
        )
    discussion_limits.comment(request, request.user)
    comment = discussion_services.comment_post(
        target_key=payload.target, body=payload.body, author=signed_in(request), parent=payload.parent, target=target
    )
    if comment.status == Comment.Status.HELD:
        return Status(202, {"id": comment.pk, "status": "held", "held_for": comment.held_for})
    if comment.status != Comment.Status.PUBLISHED:  # a double submission of a comment changed since
        comment = comments_qs().get(pk=comment.pk)
    return Status(201, comment_out(request, comment))


def moderation_out(a: ModerationAction) -> dict[str, Any]:
    return {
        "id": a.pk,
        "action": a.action,
        "object_kind": a.object_kind,
        "object_id": a.object_id,
        "rule": a.rule or None,
        "moderator": a.moderator.public_name,
        "created_at": a.created_at,
    }


@router.get("/moderation", response={200: ModerationPage, **ERRORS}, summary="The public moderation log, newest first")
def moderation_list(request: HttpRequest, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    rows, next_url = page(request, discussion_selectors.moderation_log(), cursor=cursor, limit=limit)
    return {"items": [moderation_out(a) for a in rows], "next": next_url}


@router.get("/moderation/{action_id}", response={200: ModerationActionOut, **ERRORS}, summary="One moderation action")
def moderation_get(request: HttpRequest, action_id: int) -> dict[str, Any]:
    return moderation_out(get_object_or_404(discussion_selectors.moderation_log(), pk=action_id))


routers.add("discussions", router)
