"""Report PDFs the check cannot read never pass it; reading is bounded, cached by content and done in a task."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from wagtail.documents.models import Document
from wagtail.models import TaskState

from reviews.models import ReportText, ReviewPage
from reviews.pdf_text import read_pages
from reviews.publishing.anonymisation import UNREADABLE_REPORT, scan_review
from reviews.report_pdfs import read_report, read_report_task
from tests.factories import create_review, make_pdf
from tests.reviews.test_admin import add_url, review_form

pytestmark = pytest.mark.django_db


def document(content: bytes, name: str = "report.pdf") -> Document:
    return Document.objects.create(title="Full report", file=ContentFile(content, name=name))


def one_stream_pdf(pages: int, repeats: int) -> bytes:
    """A small PDF whose pages all share one content stream drawing the same text many times."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=600, height=800)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 10 10 Td " + b"(Child Q was seen by the health visitor.) Tj " * repeats + b"ET")
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    for _ in range(pages - 1):
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def submitted(report: Document) -> ReviewPage:
    """A draft review with this report, submitted to the workflow."""
    page = create_review(ref="READ-1", live=False)
    page.report = report
    page.save_revision()
    page = ReviewPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, None)
    return ReviewPage.objects.get(pk=page.pk)


def check_state(page) -> TaskState:
    return TaskState.objects.get(task__name="Anonymisation check", revision__object_id=str(page.pk)).specific


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.txt", b"Plain text report."),
        ("report.docx", b"PK\x03\x04 a Word file"),
        ("report.odt", b"PK\x03\x04 an OpenDocument file"),
        ("report.pdf", b"PK\x03\x04 a Word file renamed to .pdf"),
    ],
)
def test_only_pdfs_are_accepted_as_reports(editor, name, content):
    report = document(content, name)
    response = editor.post(add_url(), review_form("scr", report=str(report.pk)))
    assert response.status_code == 200
    assert "The full report must be a PDF" in response.content.decode()
    assert not ReviewPage.objects.exists()


def test_a_pdf_report_is_accepted(editor):
    report = document(make_pdf("Chronology."))
    response = editor.post(add_url(), review_form("scr", report=str(report.pk)))
    assert response.status_code == 302
    assert ReviewPage.objects.get().report_pages == ["Chronology."]


@pytest.mark.parametrize(
    "content, reason",
    [
        (make_pdf(""), "no text to read"),  # a page with nothing written on it, as a scanned image would be
        (b"%PDF-1.4\n%damaged beyond repair", "could not be read"),
    ],
)
def test_a_report_without_readable_text_blocks_the_check(content, reason):
    page = submitted(document(content))
    state = check_state(page)
    assert state.status == TaskState.STATUS_IN_PROGRESS, "it must not pass by itself"
    assert [(i["kind"], reason in i["text"]) for i in state.identifiers] == [(UNREADABLE_REPORT, True)]


def test_a_readable_clean_report_still_passes_by_itself():
    page = submitted(document(make_pdf("The chronology of contacts.")))
    assert check_state(page).status == TaskState.STATUS_APPROVED


def test_a_hostile_pdf_stops_at_the_first_page_that_holds_more_than_a_page_can():
    data = one_stream_pdf(pages=100, repeats=5000)
    assert len(data) < 20_000
    result = read_pages(data)
    assert result["pages"] == [] and "Page 1 holds more text than a page can" in result["error"]
    report = read_report(document(data))
    assert report.page_count == 0 and "more text than a page can" in report.problem


def test_reading_stops_at_the_character_limit(monkeypatch):
    monkeypatch.setattr("reviews.pdf_text.MAX_CHARACTERS", 60)
    result = read_pages(make_pdf("A first page of words.", "A second page of words.", "A third page of words."))
    assert len(result["pages"]) == 2 and "passes 60 characters at page 3" in result["error"]


def test_reading_stops_at_the_time_limit():
    result = read_pages(make_pdf("One.", "Two.", "Three."), max_seconds=0)
    assert result["pages"] == ["One."] and "Reading took over 0 seconds at page 1" in result["error"]


def test_a_child_that_dies_is_a_clear_error_not_a_crash(settings, monkeypatch):
    monkeypatch.setattr("reviews.report_pdfs.MEMORY_LIMIT", 20 * 1024 * 1024)  # too little to start Python
    report = read_report(document(make_pdf("Words.")))
    assert report.problem.startswith("Reading the PDF ran out of time or memory")


def test_each_file_content_is_read_once():
    content = make_pdf("Shared report.")
    first, second = document(content), document(content, name="copy.pdf")
    assert read_report(first).pk == read_report(second).pk
    assert ReportText.objects.count() == 1


def test_reading_happens_in_a_task_and_updates_the_review_when_done(settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = create_review(ref="READ-2")
    page.report = document(make_pdf("Read later by the worker."))
    page.save_revision().publish()
    page = ReviewPage.objects.get(pk=page.pk)
    assert page.report_text == "" and not ReportText.objects.exists(), "nothing read inside the request"
    read_report_task.call(page.report_id)
    assert ReviewPage.objects.get(pk=page.pk).report_pages == ["Read later by the worker."]


def test_scanning_a_review_reads_a_report_no_task_has_read_yet(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = create_review(ref="READ-3")
    page.report = document(make_pdf("Call 07700 900123."))
    found = scan_review(page)
    assert [(i.kind, i.text, i.page) for i in found] == [("phone number", "07700 900123", 1)]


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("panel", "panel@example.org", "pw"))
    return client
