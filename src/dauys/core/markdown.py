"""Markdown for what people write: a small, safe subset rendered with markdown-it-py and cleaned with nh3.

Raw HTML in the source is not interpreted; the output keeps paragraphs, emphasis, lists, quotes, code and links,
and every link gets ``rel="nofollow ugc noopener noreferrer"``. nh3 (ammonia) is the last word on what survives.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(["image"])

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render(source: str) -> str:
    html = _md.render(source or "")
    # Headings written as # or ## would compete with the page's own; they become h3/h4.
    for level, new in (("h1", "h3"), ("h2", "h3"), ("h5", "h4"), ("h6", "h4")):
        html = html.replace(f"<{level}>", f"<{new}>").replace(f"</{level}>", f"</{new}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener noreferrer",
    )


# Comments: a smaller subset still (emphasis, lists, quotes, inline code, links); no headings, rules or code blocks.
_comment_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "hr", "code", "fence", "html_block", "html_inline"]
)
COMMENT_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "a"}


@functools.lru_cache(maxsize=64)  # a comment is rendered for its spam check and for storing: parse it once
def render_comment(source: str) -> str:
    return nh3.clean(
        _comment_md.render(source or ""),
        tags=COMMENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener noreferrer",
    )
