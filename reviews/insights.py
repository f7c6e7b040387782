"""Numbers about the published reviews: per theme, per year, per agency. Live, public reviews only."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from kb.models import Theme
from kb.visibility import visible
from kb.vocabulary import RecommendationStatus

from .models import Recommendation, ReviewPage, ReviewTheme


def public_reviews():
    """Reviews the public may see."""
    return visible(ReviewPage.objects.all())


def reviews_per_year(theme: Theme) -> list[tuple[int, int]]:
    """(year, number of published reviews tagged with the theme), every year in the range, oldest first."""
    years = Counter(
        public_reviews()
        .filter(themes=theme, published_date__isnull=False)
        .values_list("published_date__year", flat=True)
    )
    if not years:
        return []
    return [(year, years.get(year, 0)) for year in range(min(years), max(years) + 1)]


def co_occurring_themes(theme: Theme, limit: int = 8) -> list[tuple[Theme, int]]:
    """Themes most often tagged on the same reviews as this one, with how many reviews share them."""
    review_ids = public_reviews().filter(themes=theme).values("pk")
    counts = (
        ReviewTheme.objects.filter(content_object__in=review_ids)
        .exclude(tag=theme)
        .values("tag")
        .annotate(n=Count("content_object", distinct=True))
        .order_by("-n", "tag__name")[:limit]
    )
    themes = Theme.objects.in_bulk([row["tag"] for row in counts])
    return [(themes[row["tag"]], row["n"]) for row in counts]


@dataclass
class Heatmap:
    years: list[int]
    rows: list[tuple[Theme, list[int]]]  # one count per year
    maximum: int


def themes_by_year(top: int = 20) -> Heatmap:
    """Reviews per theme per year for the most frequent themes."""
    pairs = (
        ReviewTheme.objects.filter(content_object__in=public_reviews().filter(published_date__isnull=False))
        .values("tag", "content_object__published_date__year")
        .annotate(n=Count("content_object", distinct=True))
    )
    table: dict[int, dict[int, int]] = defaultdict(dict)
    for row in pairs:
        table[row["tag"]][row["content_object__published_date__year"]] = row["n"]
    if not table:
        return Heatmap([], [], 0)
    years = list(range(min(y for t in table.values() for y in t), max(y for t in table.values() for y in t) + 1))
    ranked = sorted(table, key=lambda tag: (-sum(table[tag].values()), tag))[:top]
    themes = Theme.objects.in_bulk(ranked)
    rows = [(themes[tag], [table[tag].get(year, 0) for year in years]) for tag in ranked]
    rows.sort(key=lambda row: (-sum(row[1]), row[0].name))
    return Heatmap(years, rows, max(max(counts) for _, counts in rows))


def completion_by_agency(today: datetime.date | None = None) -> list[dict]:
    """Per owning agency, recommendations of published reviews: total, completed, share completed, overdue."""
    today = today or datetime.date.today()
    active = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
    rows = (
        Recommendation.objects.filter(page__in=public_reviews())
        .values("agency__name")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=RecommendationStatus.COMPLETED)),
            overdue=Count("pk", filter=Q(status__in=active, due_date__lt=today)),
        )
        .order_by("agency__name")
    )
    return [
        {
            "agency": row["agency__name"] or "No owner",
            "total": row["total"],
            "completed": row["completed"],
            "overdue": row["overdue"],
            "percent": round(100 * row["completed"] / row["total"]) if row["total"] else 0,
        }
        for row in rows
    ]
