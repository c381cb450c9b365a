from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from dauys.discussions import fragments, selectors, targets, views
from dauys.discussions.models import Comment

register = template.Library()


@register.inclusion_tag("discussions/_discussion.html", takes_context=True)
def discussion(context: Any, kind: str, ref: Any) -> dict[str, Any]:
    """The discussion of a public object, embedded in its page: ``{% discussion "problem" problem.pk %}``."""
    request = context["request"]
    target = targets.resolve(f"{kind}:{ref}")
    if target is None:
        return {"target": None}
    return {
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "discussion": selectors.discussion(target, page=request.GET.get(views.PAGE_PARAM) or 1),
        "form": rejected_form(request, target) or (views.CommentForm() if request.user.is_authenticated else None),
        "page_param": views.PAGE_PARAM,
        "embedded": True,
    }


@register.simple_tag
def comment_list(comments: list[Comment]) -> SafeString:
    """Top-level comments with their replies, from the per-process fragments (discussions.fragments)."""
    return fragments.render_comments(comments)


def rejected_form(request: Any, target: targets.Target) -> Any:
    """The comment form this request brings back rejected, if it was written under this object (views.post)."""
    rejected = getattr(request, "rejected_comment", None)
    return rejected[1] if rejected and rejected[0] == target.key else None
