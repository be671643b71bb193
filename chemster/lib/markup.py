"""Markdown written by the coordinator and members, rendered to safe HTML."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}


def render_markdown(text: str) -> SafeString:
    """Render Markdown and keep only harmless tags and ``http(s)``/``mailto`` links.

    Raw HTML in the source is escaped by nh3's allow-list, so neither
    scripts, event handlers nor ``javascript:`` URLs survive.
    """
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
