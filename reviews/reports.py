"""Full report PDFs: their text, page by page, for search and the anonymisation check."""

import logging
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)
PAGE_BREAK = "\f"
FRAGMENT_BREAKS = re.compile(r"…|\.\.\.|\f")  # snippet ellipses, and page breaks inside a snippet


def extract_pdf_text(file) -> str:
    """The text of every page, pages separated by form feeds; empty for a file that is not a readable PDF."""
    try:
        file.open("rb")
        file.seek(0)
        reader = PdfReader(file)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [(page.extract_text() or "").replace(PAGE_BREAK, " ") for page in reader.pages]
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        logger.warning("could not read report PDF %s: %s", getattr(file, "name", file), error)
        return ""
    finally:
        file.close()
    return PAGE_BREAK.join(" ".join(text.split()) for text in pages)


def report_key(document) -> str:
    """What the stored report text was extracted from: a new document or a replaced file changes it."""
    return f"{document.pk}:{document.file.name}" if document else ""


def page_of(fragment: str, report_text: str, marks: tuple[str, str] = ("", "")) -> int | None:
    """The 1-based page on which a snippet's text appears; the piece holding a highlight mark is preferred."""
    start, end = marks
    pieces = [piece for piece in FRAGMENT_BREAKS.split(fragment) if piece.strip()]
    preferred = [piece for piece in pieces if start and start in piece] or pieces
    if not preferred:
        return None
    needle = " ".join(max(preferred, key=len).replace(start, "").replace(end, "").split()).casefold()
    for number, page in enumerate(report_text.split(PAGE_BREAK), start=1):
        if needle in " ".join(page.split()).casefold():
            return number
    return None
