"""Search analytics: what practitioners look for, and what they do not find."""

import csv
import datetime

from django.db.models import Avg, Count, Max
from django.utils import timezone

from .models import QueryLog

PERIODS = {"7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", "365": "Last year"}


def since(days: str) -> datetime.datetime:
    """The start of a period named by its number of days (30 when unknown)."""
    return timezone.now() - datetime.timedelta(days=int(days if days in PERIODS else "30"))


def query_summary(start: datetime.datetime, zero_results_only: bool = False, limit: int = 50) -> list[dict]:
    """Queries since start grouped by their normalised text, most frequent first."""
    logs = QueryLog.objects.filter(created_at__gte=start).exclude(normalised="")
    if zero_results_only:
        logs = logs.filter(result_count=0)
    rows = (
        logs.values("normalised")
        .annotate(searches=Count("id"), average_results=Avg("result_count"), last_searched=Max("created_at"))
        .order_by("-searches", "normalised")[:limit]
    )
    return [dict(row, average_results=round(float(row["average_results"] or 0), 1)) for row in rows]


def write_csv(rows: list[dict], stream) -> None:
    """The summary as CSV: query, searches, average results, last searched."""
    writer = csv.writer(stream)
    writer.writerow(["query", "searches", "average_results", "last_searched"])
    for row in rows:
        writer.writerow([row["normalised"], row["searches"], row["average_results"], row["last_searched"].isoformat()])
