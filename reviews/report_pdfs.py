"""Full report PDFs: only PDFs are accepted, and their text is read once per file content, in a child process
with time and memory limits (reviews/pdf_text.py), for search and the anonymisation check.

Reading happens in a task: at once on the embedded engine's immediate task backend, by `db_worker` in
production. The anonymisation check never waits for the worker: it reads a report itself if no task has yet.
"""

import json
import logging
import resource
import subprocess
import sys

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tasks import task
from wagtail.documents import get_document_model

from search import indexing

from .models.report_text import ReportText

logger = logging.getLogger(__name__)
PDF_SIGNATURE = b"%PDF-"
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the child reading one PDF
ONLY_PDFS = "The full report must be a PDF, so its text can be checked for identifiers and searched."


def is_pdf(document) -> bool:
    """A .pdf whose content starts as a PDF does (a renamed Word file is not)."""
    if document.file_extension.lower() != "pdf":
        return False
    try:
        with document.open_file() as handle:
            return handle.read(len(PDF_SIGNATURE)) == PDF_SIGNATURE
    except OSError:
        return False


def _limit_child() -> None:
    """In the child, before it runs: a ceiling on memory and CPU time."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    cpu = int(settings.KB_REPORT_READ_SECONDS) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def read_in_child(data: bytes) -> dict:
    """{"pages": [...], "error": ...} from reviews/pdf_text.py run in a child process; never raises."""
    seconds = settings.KB_REPORT_READ_SECONDS
    command = [sys.executable, "-m", "reviews.pdf_text"]
    try:
        done = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=seconds + 10,
            cwd=settings.BASE_DIR,
            preexec_fn=_limit_child,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"pages": [], "error": f"Reading the PDF took longer than {seconds:g} seconds."}
    if done.returncode != 0:
        return {"pages": [], "error": "Reading the PDF ran out of time or memory: it may be damaged or hostile."}
    try:
        return json.loads(done.stdout)
    except ValueError:
        return {"pages": [], "error": "Reading the PDF gave no usable answer."}


def cached_report(document) -> ReportText | None:
    """The text already read from this document's file content, if any."""
    return ReportText.objects.filter(file_hash=document.get_file_hash()).first()


def read_report(document) -> ReportText:
    """The report's text, read now unless this file content has been read before."""
    cached = cached_report(document)
    if cached is not None:
        return cached
    if not is_pdf(document):
        result = {"pages": [], "error": ONLY_PDFS}
    else:
        with document.open_file() as handle:
            result = read_in_child(handle.read())
    pages = result.get("pages") or []
    values = {"text": "\f".join(pages), "page_count": len(pages), "error": (result.get("error") or "")[:300]}
    try:
        with transaction.atomic():
            return ReportText.objects.create(file_hash=document.get_file_hash(), **values)
    except IntegrityError:  # another process read the same file meanwhile
        return ReportText.objects.get(file_hash=document.get_file_hash())


@task()
def read_report_task(document_id: int) -> None:
    """Read a newly attached report, then give its text to the reviews using it and update their search entries."""
    from .models import ReviewPage  # here: reviews/models/pages.py imports this module

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    report = read_report(document)
    pages = ReviewPage.objects.filter(report=document)
    pages.update(report_text=report.text, report_text_of=document.get_file_hash())
    indexing.schedule(pages.values_list("pk", flat=True))


def report_text_for(document) -> tuple[str, str]:
    """(text, file hash) to store on a review now: the cached text, or "" while a task reads the file."""
    cached = cached_report(document)
    if cached is None:
        read_report_task.enqueue(document.pk)  # the immediate backend reads it here and now
        cached = cached_report(document)
    return (cached.text if cached else ""), document.get_file_hash()
