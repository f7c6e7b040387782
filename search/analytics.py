"""Search analytics: what practitioners look for, and what they do not find."""

import datetime

from django.conf import settings
from django.db.models import Avg, Count, Max
from django.utils import timezone

from kb.csv import safe_writer

from .models import QueryLog

PERIODS = {"7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", "365": "Last year"}


def since(days: str) -> datetime.datetime:
    """The start of a period named by its number of days (30 when unknown)."""
    return timezone.now() - datetime.timedelta(days=int(days if days in PERIODS else "30"))


def query_summary(start: datetime.datetime, zero_results_only: bool = False, limit: int = 50) -> list[dict]:
    """Queries since start grouped by their normalised text, most frequent first.

    A query seen fewer than KB_SEARCH_LOG_MIN_COUNT times is left out: a one-off search is the likeliest to
    hold a name or an address, and the least useful to learn from."""
    logs = QueryLog.objects.filter(created_at__gte=start).exclude(normalised="")
    if zero_results_only:
        logs = logs.filter(result_count=0)
    rows = (
        logs.values("normalised")
        .annotate(searches=Count("id"), average_results=Avg("result_count"), last_searched=Max("created_at"))
        .filter(searches__gte=settings.KB_SEARCH_LOG_MIN_COUNT)
        .order_by("-searches", "normalised")[:limit]
    )
    return [dict(row, average_results=round(float(row["average_results"] or 0), 1)) for row in rows]


def purge(retention_days: int | None = None) -> int:
    """Delete entries older than the retention period; returns how many."""
    days = settings.KB_SEARCH_LOG_RETENTION_DAYS if retention_days is None else retention_days
    deleted, _ = QueryLog.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=days)).delete()
    return deleted


def write_csv(rows: list[dict], stream) -> None:
    """The summary as CSV: query, searches, average results, last searched."""
    writer = safe_writer(stream)
    writer.writerow(["query", "searches", "average_results", "last_searched"])
    for row in rows:
        writer.writerow([row["normalised"], row["searches"], row["average_results"], row["last_searched"].isoformat()])
