"""Snippets as every engine gives them: escaped HTML whose only markup is <mark>, or the start of a hit's own text."""

import html

from .documents import MARK_END, MARK_START, SearchDocument

PLAIN_LENGTH = 220


def render_snippet(raw: str) -> str:
    """Escape everything, then turn the highlight markers (documents.MARK_START/END) into <mark> elements."""
    return html.escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def plain_snippet(document: SearchDocument, length: int = PLAIN_LENGTH) -> str:
    """The start of the hit's own text, escaped, for browsing and for hits matched only by theme or meaning."""
    text = " ".join((document.text or document.summary or document.report).split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + " …"
    return html.escape(text)
