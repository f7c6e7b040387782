"""Converting between the rich text editors write and the plain text imports, exports and search use."""

import html
import re

from django.utils.html import escape, strip_tags

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def rich_text_to_plain_text(value: str) -> str:
    """Block elements become paragraphs separated by blank lines; other markup is dropped."""
    blocks = (html.unescape(strip_tags(chunk)).strip() for chunk in BLOCK_END.split(value or ""))
    return "\n\n".join(block for block in blocks if block)


def plain_text_to_rich_text(text: str) -> str:
    """Paragraphs separated by blank lines become <p> elements; the text is escaped, never trusted as HTML."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
