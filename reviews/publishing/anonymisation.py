"""Identifying details (kb/identifiers.py) left in a review: in every field, and page by page in its report."""

from dataclasses import dataclass

from kb.identifiers import find_identifiers
from kb.text import rich_text_to_plain_text

from ..report_pdfs import read_report


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


UNREADABLE_REPORT = "unreadable report"


def review_texts(page) -> list[tuple[str, str, int | None]]:
    """(field, text, report page number) for every free-text part of a review but its report."""
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
    return texts


def scan_report(document) -> list[Identifier]:
    """Identifiers on each page of a report; a report whose text cannot be read in full is itself a finding, so
    the check blocks and a person reads it (and overrides with a reason) instead of it passing unread."""
    if document is None:
        return []
    report = read_report(document)
    found = [
        Identifier("report", kind, match, number)
        for number, text in enumerate(report.pages, start=1)
        for kind, match in find_identifiers(text)
    ]
    if report.problem:
        found.append(Identifier("report", UNREADABLE_REPORT, f"{report.problem} Read it before publishing."))
    return found


def scan_review(page) -> list[Identifier]:
    """Every identifier in this version of the review, its report included."""
    found = [
        Identifier(field, kind, match, number)
        for field, text, number in review_texts(page)
        for kind, match in find_identifiers(text)
    ]
    return found + scan_report(page.report)


def scan_latest(page) -> list[Identifier]:
    """Every identifier in the review's latest version, draft or published, and in its live report if that
    differs (the live one is what the public can download now)."""
    latest = page.get_latest_revision_as_object() if page.has_unpublished_changes or not page.live else page
    found = scan_review(latest)
    if page.live and page.report_id and page.report_id != latest.report_id:
        found += [identifier for identifier in scan_report(page.report) if identifier not in found]
    return found
