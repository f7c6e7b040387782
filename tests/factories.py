"""Deterministic test data: review records in the import format, written through the real importer."""

import factory
from wagtail.models import Page, PageViewRestriction

from reviews.importing import validate, write
from reviews.models import ReviewPage


class FindingFactory(factory.DictFactory):
    text = factory.Sequence(lambda n: f"Finding text number {n} about practice.")
    themes = factory.LazyFunction(list)


class RecommendationFactory(factory.DictFactory):
    number = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Recommendation text number {n}.")
    agency = "Children's Social Care"
    status = "open"
    due = "2030-01-31"
    themes = factory.LazyFunction(list)


class ReviewRecordFactory(factory.DictFactory):
    """One review in the import format; override any key."""

    ref = factory.Sequence(lambda n: f"TEST-SCR-2020-{n:03d}")
    type = "scr"
    title = factory.Sequence(lambda n: f"Review of practice number {n}")
    subject = "Child A"
    summary = "An invented review used by the tests."
    partnership = "Testshire Safeguarding Children Partnership"
    published = "2020-06-01"
    status = "published"
    live = True
    agencies = factory.LazyFunction(lambda: ["Police"])
    age_band = "5-9"
    methodology = "Systems approach"
    themes = factory.LazyFunction(list)
    findings = factory.LazyFunction(list)
    recommendations = factory.LazyFunction(list)


def import_records(*records: dict) -> list[ReviewPage]:
    """Write records through the importer (all or nothing) and return their pages."""
    write(validate({"reviews": list(records)}))
    return [ReviewPage.objects.get(ref=record["ref"]) for record in records]


def create_review(**overrides) -> ReviewPage:
    """One review page, imported and (unless live=False) published."""
    return import_records(ReviewRecordFactory(**overrides))[0]


def restrict(page: Page, restriction_type: str = PageViewRestriction.LOGIN, **extra) -> PageViewRestriction:
    """Put a view restriction on a page (and so on everything below it)."""
    return PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, **extra)


def make_pdf(*pages: str) -> bytes:
    """A real PDF with one page per string, made by WeasyPrint."""
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{text}</p>' for text in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def attach_report(page, *pages: str, title: str = "Full report"):
    """Upload a PDF of these pages as a Wagtail document and publish it as the page's report."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(title=title, file=ContentFile(make_pdf(*pages), name="report.pdf"))
    page.report = document
    page.save_revision().publish()
    return document
