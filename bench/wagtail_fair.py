"""A fair Wagtail baseline (issue #14): Wagtail's own database search over the same text as ours.

The product's ReviewPage.search_fields index the title and ref only (the admin's page search). For this column
the bench gives ReviewPage, in its own process only, the search_fields a Wagtail site would declare to search
its reviews' text: the summary, the theme names, and findings and recommendations as related fields, then
rebuilds Wagtail's index (`update_index`). Searches go through Wagtail's query string parser (quoted phrases),
every word required (operator "and", as ours), the review type and theme filters applied to the page queryset,
evaluated to 20 pages. Wagtail answers with reviews (pages), not findings or recommendations, and counts no
facets.

Wagtail's SQLite backend ranks by a correlated subquery that runs the full-text match again for every matching
page, so a broad search over the national corpus can take minutes: a search still running after TIMEOUT_S is
interrupted (sqlite3's interrupt()) and counted as timed out, its time then being a lower bound.
"""

import sqlite3
import threading
import time

from django.db import OperationalError, connection
from modelsearch import index
from modelsearch.utils import parse_query_string

TIMEOUT_S = 2.0
TIMED_OUT = -1  # what search() answers for a search it had to stop

FAIR_FIELDS = [
    index.SearchField("summary"),
    index.RelatedFields("themes", [index.SearchField("name")]),
    index.RelatedFields("findings", [index.SearchField("text")]),
    index.RelatedFields("recommendations", [index.SearchField("text")]),
]


def build() -> float:
    """Give ReviewPage the fair search_fields and rebuild Wagtail's index; returns the seconds it took."""
    from django.core.management import call_command

    from reviews.models import ReviewPage

    if not any(getattr(field, "field_name", "") == "findings" for field in ReviewPage.search_fields):
        ReviewPage.search_fields = [*ReviewPage.search_fields, *FAIR_FIELDS]
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    return time.perf_counter() - started


def _pages(request):
    from reviews.models import ReviewPage, ReviewTheme

    pages = ReviewPage.objects.live()
    if request.types:
        pages = pages.filter(review_type__in=request.types)
    for slug in request.themes:
        tagged = ReviewTheme.objects.filter(tag__slug=slug).values("content_object_id")
        pages = pages.filter(id__in=tagged)
    return pages


def listing(request) -> list:
    """What Wagtail offers for a request without words: live reviews with its filters, newest first, 20."""
    return list(_pages(request).order_by("-published_date", "-pk")[:20])


def search(request) -> int:
    """Wagtail's database search of the request's words over the fair fields: how many of the first 20 pages it
    found, or TIMED_OUT."""
    if not request.q:
        return len(listing(request))
    _filters, query = parse_query_string(request.q, operator="and")
    connection.ensure_connection()
    raw = connection.connection
    timer = threading.Timer(TIMEOUT_S, raw.interrupt) if isinstance(raw, sqlite3.Connection) else None
    if timer is not None:
        timer.start()
    try:
        return len(list(_pages(request).search(query)[:20]))
    except OperationalError as error:
        if "interrupted" not in str(error):
            raise
        return TIMED_OUT
    finally:
        if timer is not None:
            timer.cancel()
