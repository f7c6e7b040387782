"""Report PDFs: their text is extracted page by page when attached, replaced or removed."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from kb.text import page_of
from reviews.models import ReviewPage
from reviews.report_pdfs import read_report
from tests.factories import attach_report, create_review, make_pdf

pytestmark = pytest.mark.django_db


def test_text_is_extracted_with_page_breaks():
    document = Document.objects.create(
        title="r", file=ContentFile(make_pdf("First page words.", "Second page."), name="r.pdf")
    )
    assert read_report(document).text == "First page words.\fSecond page."


def test_a_file_that_is_not_a_pdf_gives_no_text():
    document = Document.objects.create(title="r", file=ContentFile(b"not a pdf at all", name="r.pdf"))
    assert read_report(document).text == ""


def test_attaching_replacing_and_removing_a_report_keeps_the_text_in_step():
    page = create_review(ref="REP-1")
    attach_report(page, "Chronology of contacts.", "Analysis of the referral.")
    page = ReviewPage.objects.get(pk=page.pk)
    assert page.report_pages == ["Chronology of contacts.", "Analysis of the referral."]

    attach_report(page, "A revised report.")
    assert ReviewPage.objects.get(pk=page.pk).report_pages == ["A revised report."]

    page.report = None
    page.save_revision().publish()
    assert ReviewPage.objects.get(pk=page.pk).report_text == ""


def test_a_draft_revision_carries_the_extracted_text():
    page = create_review(ref="REP-2")
    page.report = Document.objects.create(title="r", file=ContentFile(make_pdf("Draft report text."), name="d.pdf"))
    page.save_revision()
    assert page.get_latest_revision_as_object().report_text == "Draft report text."


def test_page_of_finds_the_page_a_snippet_came_from():
    text = "Intro words here.\fThe health visitor noted the bruise on the left cheek.\fEnd."
    assert page_of("…noted the bruise on the left…", text) == 2
    assert page_of("nothing like it", text) is None
