"""Identifying details (kb/identifiers.py) left in a review: in every field, and page by page in its report."""

from dataclasses import dataclass

from kb.identifiers import find_identifiers
from kb.text import rich_text_to_plain_text


@dataclass(frozen=True)
class Identifier:
    """One identifier found in one field of a review."""

    field: str
    kind: str
    text: str
    page: int | None = None

    @property
    def location(self) -> str:
        """The field, with the page number for report text (e.g. "report p.3")."""
        return f"{self.field} p.{self.page}" if self.page is not None else self.field

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.text}"


def review_texts(page) -> list[tuple[str, str, int | None]]:
    """(field, text, report page number) for every free-text part of a review."""
    texts = [
        ("title", page.title, None),
        ("subject", page.subject, None),
        ("summary", rich_text_to_plain_text(page.summary), None),
        ("methodology", page.methodology, None),
    ]
    for position, finding in enumerate(page.findings.all(), start=1):
        texts.append((f"finding {finding.number or position}", finding.text, None))
    for position, recommendation in enumerate(page.recommendations.all(), start=1):
        texts.append((f"recommendation {recommendation.number or position}", recommendation.text, None))
    for number, report_page in enumerate(page.report_pages, start=1):
        texts.append(("report", report_page, number))
    return texts


def scan_review(page) -> list[Identifier]:
    """Every identifier in this version of the review."""
    return [
        Identifier(field, kind, match, number)
        for field, text, number in review_texts(page)
        for kind, match in find_identifiers(text)
    ]


def scan_latest(page) -> list[Identifier]:
    """Every identifier in the review's latest version, draft or published."""
    latest = page.get_latest_revision_as_object() if page.has_unpublished_changes or not page.live else page
    found = scan_review(latest)
    if latest is not page and latest.report_text != page.report_text:
        # The report text is extracted from the PDF and may be stored without a new revision; check both.
        found += [
            Identifier("report", kind, match, number)
            for number, text in enumerate(page.report_pages, start=1)
            for kind, match in find_identifiers(text)
            if Identifier("report", kind, match, number) not in found
        ]
    return found
