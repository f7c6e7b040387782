"""The timeliness report for a partnership's annual report: per year and type, how many reviews reached each
stage within its timescale, and the median working days it took."""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.http import HttpResponse

from kb.csv import safe_writer
from kb.vocabulary import ReviewType
from kb.working_days import working_days_between

from ..models import ReviewTimeline
from .schedule import deadlines, reached
from .stages import stages_of

TYPE_LABELS = dict(ReviewType.choices)


@dataclass
class Row:
    """One stage of one type in one year."""

    year: int
    review_type: str
    stage: str
    label: str
    reached: int = 0
    within: int = 0
    days: list | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.review_type, self.review_type)

    @property
    def median_working_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def percent_within(self) -> int | None:
        return round(100 * self.within / self.reached) if self.reached else None


def timeliness(timelines=None) -> list[Row]:
    """Rows for every (year the review started, type, timed stage) with at least one review reaching it."""
    timelines = ReviewTimeline.objects.prefetch_related("events") if timelines is None else timelines
    rows: dict[tuple, Row] = {}
    for timeline in timelines:
        dates = reached(timeline)
        first = dates.get(stages_of(timeline.review_type)[0].key)
        if first is None:
            continue
        for deadline in deadlines(timeline):
            timescale = timeline.timescales.get(deadline.stage.key)
            start = dates.get(timescale["after"]) if timescale else None
            if deadline.done is None or start is None or timescale.get("amount") is None:
                continue
            key = (first.year, timeline.review_type, deadline.stage.key)
            row = rows.setdefault(key, Row(*key, label=deadline.stage.label, days=[]))
            row.reached += 1
            row.within += not deadline.late
            row.days.append(working_days_between(start, deadline.done, timeline.nation))
    order = {stage.key: i for t in ReviewType.values for i, stage in enumerate(stages_of(t))}
    return sorted(rows.values(), key=lambda r: (-r.year, r.review_type, order.get(r.stage, 99)))


def grouped(rows: list[Row]) -> dict:
    """Rows by year, for the report's tables."""
    years = defaultdict(list)
    for row in rows:
        years[row.year].append(row)
    return dict(years)


def csv_response(rows: list[Row]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="review-timeliness.csv"'
    writer = safe_writer(response)
    writer.writerow(["year", "type", "stage", "reached", "within_timescale", "percent_within", "median_working_days"])
    for row in rows:
        writer.writerow(
            [
                row.year,
                row.type_label,
                row.label,
                row.reached,
                row.within,
                row.percent_within,
                row.median_working_days,
            ]
        )
    return response
