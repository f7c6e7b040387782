"""Theme pages and the insights page: what reviews have found, theme by theme and year by year."""

import logging

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from kb.models import Theme
from kb.vocabulary import HitKind
from search import service as search
from search.request import SearchRequest

from .charts import bar_chart, shade
from .insights import co_occurring_themes, completion_by_agency, public_reviews, reviews_per_year, themes_by_year

logger = logging.getLogger(__name__)
LATEST = 6


def theme_index(request):
    """Every theme, grouped as in the taxonomy, with how many published reviews carry it."""
    counts = dict(
        public_reviews()
        .filter(themes__isnull=False)
        .values_list("themes__slug")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    themes = list(Theme.objects.order_by("group", "name"))
    for theme in themes:
        theme.review_count = counts.get(theme.slug, 0)
    return render(request, "reviews/theme_index.html", {"themes": themes})


def theme_detail(request, slug):
    """One theme: its words, its reviews over time, the themes it keeps company with, the latest learning."""
    theme = get_object_or_404(Theme, slug=slug)
    per_year = reviews_per_year(theme)
    context = {
        "theme": theme,
        "review_count": public_reviews().filter(themes=theme).count(),
        "per_year": per_year,
        "chart": bar_chart(per_year),
        "co_occurring": co_occurring_themes(theme),
        "related": theme.related.order_by("name"),
        "reviews": public_reviews()
        .filter(themes=theme)
        .select_related("partnership")
        .order_by("-published_date", "-pk")[:10],
        "latest": _engine_results(theme, (HitKind.FINDING, HitKind.RECOMMENDATION)),
        "hubs": _engine_results(theme, (HitKind.LEARNING,)),
    }
    return render(request, "reviews/theme_detail.html", context)


def _engine_results(theme: Theme, kinds: tuple[str, ...]) -> list[dict] | None:
    """The newest hits of these kinds tagged with the theme, or None when search is unavailable."""
    hits = search.browse(SearchRequest(themes=(theme.slug,), kinds=kinds, sort="newest", page_size=LATEST))
    return None if hits is None else search.as_results(hits)


def insights(request):
    """Themes by year across all reviews, and recommendation completion by agency."""
    heatmap = themes_by_year()
    rows = [(theme, [(count, shade(count, heatmap.maximum)) for count in counts]) for theme, counts in heatmap.rows]
    context = {"heatmap": heatmap, "heatmap_rows": rows, "agencies": completion_by_agency()}
    return render(request, "reviews/insights.html", context)
