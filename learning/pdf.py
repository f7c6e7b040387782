"""Print-ready PDFs of 7-minute briefings, drawn by WeasyPrint from the page's own template."""

import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The site's stylesheet (GOV.UK Frontend) and the print stylesheet with the A4 page box, in cascade order.
STYLESHEETS = ("css/kb.css", "css/print.css")


class StaticOnlyFetcher(URLFetcher):
    """Loads the site's own static files from disk and nothing else: a PDF never makes a network request."""

    def fetch(self, url, headers=None):
        path = urlsplit(url).path
        if not path.startswith(settings.STATIC_URL):
            raise ValueError(f"not a static file: {url}")
        found = static_file(path.removeprefix(settings.STATIC_URL))
        if found is None:
            raise ValueError(f"static file not found: {path}")
        with open(found, "rb") as stream:
            return URLFetcherResponse(url, stream.read())


def static_file(name: str) -> str | None:
    """The file behind a static name: collected (production) or found in the source folders (development)."""
    if ".." in name.split("/"):
        return None
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except NotImplementedError:
        pass
    return finders.find(name)


@lru_cache(maxsize=8)
def parsed_stylesheet(filename: str, modified: float) -> CSS:
    """A stylesheet parsed once per version of the file (parsing GOV.UK Frontend takes a noticeable moment)."""
    with quiet_weasyprint():
        return CSS(filename=filename, url_fetcher=StaticOnlyFetcher())


def stylesheets() -> list[CSS]:
    """The built stylesheets that exist; a missing one (CSS not built yet) leaves the PDF plainer, not broken."""
    found = (static_file(name) for name in STYLESHEETS)
    return [parsed_stylesheet(path, os.path.getmtime(path)) for path in found if path]


@contextmanager
def quiet_weasyprint():
    """WeasyPrint warns once per CSS rule it ignores (GOV.UK Frontend has hundreds); keep only errors."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def render_pdf(html: str, base_url: str) -> bytes:
    """HTML to A4 PDF bytes; relative links resolve against base_url, so they work from the printed page."""
    with quiet_weasyprint():
        document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
        return document.write_pdf(stylesheets=stylesheets())


def briefing_pdf(page, request) -> bytes:
    """The briefing's page template rendered in PDF mode, as PDF bytes."""
    context = page.get_context(request)
    context["pdf"] = True
    html = render_to_string(page.get_template(request), context, request=request)
    return render_pdf(html, request.build_absolute_uri("/"))


def published_briefing_pdf(page, request) -> bytes:
    """The published briefing's PDF, drawn once per published revision (and stylesheet version) and then
    kept: drawing takes a noticeable moment, and anyone may ask for it."""
    styles = "-".join(str(int(os.path.getmtime(path))) for path in map(static_file, STYLESHEETS) if path)
    key = f"briefing-pdf:{page.pk}:{page.live_revision_id}:{styles}"
    cache = caches["pdfs"]
    data = cache.get(key)
    if data is None:
        data = briefing_pdf(page, request)
        cache.set(key, data)
    return data


def briefing_pdf_response(page, request, preview: bool = False) -> HttpResponse:
    """The PDF, shown in the browser, with a filename for saving. Previews of drafts are drawn afresh."""
    data = briefing_pdf(page, request) if preview else published_briefing_pdf(page, request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, page.pdf_filename)
    return response
