"""Theme pages: the taxonomy index and one page per theme."""

from django.shortcuts import get_object_or_404, render

from .models import ReviewPage, Theme


def theme_index(request):
    """Every theme, grouped as in the taxonomy."""
    themes = Theme.objects.order_by("group", "name")
    return render(request, "reviews/theme_index.html", {"themes": themes})


def theme_detail(request, slug):
    """One theme with the reviews tagged with it."""
    theme = get_object_or_404(Theme, slug=slug)
    reviews = (
        ReviewPage.objects.live()
        .public()
        .filter(themes=theme)
        .select_related("partnership")
        .order_by("-published_date", "-pk")[:20]
    )
    return render(request, "reviews/theme_detail.html", {"theme": theme, "reviews": reviews})
