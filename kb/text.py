"""Converting between the rich text editors write and the plain text imports, exports and search use."""

import html
import re

from django.utils.html import escape, strip_tags

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")  # str.isdigit() also takes "²" and "٣", which int() refuses or reads


def whole_number(text: str) -> int | None:
    """The text as a whole number when it is one written in ASCII digits (at most 18 of them), else None."""
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None


def rich_text_to_plain_text(value: str) -> str:
    """Block elements become paragraphs separated by blank lines; other markup is dropped."""
    blocks = (html.unescape(strip_tags(chunk)).strip() for chunk in BLOCK_END.split(value or ""))
    return "\n\n".join(block for block in blocks if block)


def plain_text_to_rich_text(text: str) -> str:
    """Paragraphs separated by blank lines become <p> elements; the text is escaped, never trusted as HTML."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


PAGE_BREAK = "\f"
FRAGMENT_BREAKS = re.compile(r"…|\.\.\.|\f")  # snippet ellipses, and page breaks inside a snippet


def page_of(fragment: str, paged_text: str, marks: tuple[str, str] = ("", "")) -> int | None:
    """The 1-based page of a text (pages separated by form feeds) on which a snippet's text appears; the piece
    of the snippet holding a highlight mark is preferred."""
    start, end = marks
    pieces = [piece for piece in FRAGMENT_BREAKS.split(fragment) if piece.strip()]
    preferred = [piece for piece in pieces if start and start in piece] or pieces
    if not preferred:
        return None
    needle = " ".join(max(preferred, key=len).replace(start, "").replace(end, "").split()).casefold()
    for number, page in enumerate(paged_text.split(PAGE_BREAK), start=1):
        if needle in " ".join(page.split()).casefold():
            return number
    return None
