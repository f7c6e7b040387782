"""Reading the text of a PDF, page by page, within limits. Runs in a child process (reviews/report_pdfs.py), so
it imports nothing of Django: a hostile PDF can cost that process its time and memory, never the site's.

    python -m reviews.pdf_text < report.pdf     # prints {"pages": [...], "error": "..."} as JSON
"""

import json
import sys
import time
from io import BytesIO

PAGE_BREAK = "\f"
MAX_PAGES = 2000
MAX_CHARACTERS = 5_000_000
# A printed page holds a few thousand characters; far more is a stream built to blow up extraction.
MAX_PAGE_CHARACTERS = 100_000
MAX_SECONDS = 60


def read_pages(data: bytes, max_seconds: float = MAX_SECONDS) -> dict:
    """{"pages": [text of each page read], "error": why reading stopped early, or ""}."""
    from pypdf import PdfReader

    started = time.monotonic()
    pages: list[str] = []
    total = 0
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"pages": [], "error": "The PDF is protected by a password."}
        if len(reader.pages) > MAX_PAGES:
            return {"pages": [], "error": f"The PDF has {len(reader.pages)} pages; at most {MAX_PAGES} are read."}
        for number, page in enumerate(reader.pages, start=1):
            text = " ".join((page.extract_text() or "").replace(PAGE_BREAK, " ").split())
            if len(text) > MAX_PAGE_CHARACTERS:
                return {"pages": pages, "error": f"Page {number} holds more text than a page can; reading stopped."}
            total += len(text)
            if total > MAX_CHARACTERS:
                return {"pages": pages, "error": f"The text passes {MAX_CHARACTERS:,} characters at page {number}."}
            pages.append(text)
            if time.monotonic() - started > max_seconds:
                return {"pages": pages, "error": f"Reading took over {max_seconds:g} seconds at page {number}."}
    except Exception as error:
        return {"pages": pages, "error": f"The PDF could not be read ({type(error).__name__}: {str(error)[:200]})."}
    return {"pages": pages, "error": ""}


def main() -> None:
    json.dump(read_pages(sys.stdin.buffer.read()), sys.stdout)


if __name__ == "__main__":
    main()
