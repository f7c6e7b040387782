"""How reviews are searched: each live review becomes one review hit plus one hit per finding and per
recommendation, registered with search (search/sources.py) when the app is ready."""

from django.db.models import Q

from kb.models import Agency, Partnership, Theme
from kb.vocabulary import HitKind
from search.documents import SearchDocument, clean_text, rich_text, themes_of
from search.sources import Source, register, register_dependency

from .models import ReviewPage


def review_documents(page) -> list[SearchDocument]:
    """A review becomes one review hit plus one hit per finding and per recommendation."""
    url = page.url or ""
    agencies = sorted(agency.name for agency in page.agencies.all())
    common = dict(
        page_id=page.pk,
        ref=page.ref,
        review_type=page.review_type,
        review_title=page.title,
        review_url=url,
        published=page.published_date,
        partnership=page.partnership.name,
        age_band=page.age_band,
        expire_at=page.expire_at,
    )
    slugs, names = themes_of(page.themes)
    report_text = getattr(page, "report_text", "") or ""
    documents = [
        SearchDocument(
            key=f"review:{page.pk}",
            kind=HitKind.REVIEW,
            title=page.title + (f" ({page.subject})" if page.subject else ""),
            url=url,
            summary=rich_text(page.summary),
            report=clean_text(report_text),
            themes=slugs,
            theme_names=names,
            agencies=agencies,
            **common,
        )
    ]
    for finding in page.findings.all():
        f_slugs, f_names = themes_of(page.themes, finding.themes)
        documents.append(
            SearchDocument(
                key=f"finding:{finding.pk}",
                kind=HitKind.FINDING,
                title=f"Finding {finding.number}: {page.title}",
                url=f"{url}#{finding.anchor}",
                text=clean_text(finding.text),
                number=str(finding.number),
                themes=f_slugs,
                theme_names=f_names,
                agencies=agencies,
                **common,
            )
        )
    for recommendation in page.recommendations.all():
        r_slugs, r_names = themes_of(page.themes, recommendation.themes)
        owner = recommendation.agency.name if recommendation.agency else ""
        documents.append(
            SearchDocument(
                key=f"recommendation:{recommendation.pk}",
                kind=HitKind.RECOMMENDATION,
                title=f"Recommendation {recommendation.number}: {page.title}",
                url=f"{url}#{recommendation.anchor}",
                text=clean_text(recommendation.text),
                number=recommendation.number,
                themes=r_slugs,
                theme_names=r_names,
                agencies=sorted(set(agencies) | ({owner} if owner else set())),
                agency=owner,
                status=recommendation.status,
                **common,
            )
        )
    return documents


def pages_tagged_with(theme, created=False):
    """Reviews whose own themes, or whose findings' or recommendations' themes, include this one."""
    tagged = (
        Q(themes__slug=theme.slug) | Q(findings__themes__slug=theme.slug) | Q(recommendations__themes__slug=theme.slug)
    )
    return ReviewPage.objects.filter(tagged).values_list("pk", flat=True).distinct()


def pages_of_partnership(partnership, created=False):
    """The partnership's reviews (none while it is new)."""
    return [] if created else partnership.reviews.values_list("pk", flat=True)


def pages_naming_agency(agency, created=False):
    """Reviews listing the agency, or with a recommendation it owns (none while it is new)."""
    if created:
        return []
    owning = ReviewPage.objects.filter(Q(agencies=agency) | Q(recommendations__agency=agency))
    return owning.values_list("pk", flat=True).distinct()


def register_reviews() -> None:
    """Reviews are searchable; a theme, partnership or agency renamed updates the reviews that name it."""
    register(
        Source(
            ReviewPage,
            review_documents,
            select_related=("partnership",),
            prefetch_related=(
                "agencies",
                "themes",
                "findings__themes",
                "recommendations__themes",
                "recommendations__agency",
            ),
        )
    )
    register_dependency(Theme, pages_tagged_with, "review-themes")
    register_dependency(Partnership, pages_of_partnership, "review-partnerships")
    register_dependency(Agency, pages_naming_agency, "review-agencies")
