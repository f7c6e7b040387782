"""How reviews are searched: each live review becomes one review hit plus one hit per finding and per
recommendation, registered with search (search/sources.py) when the app is ready."""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import Q

from kb.models import Agency, Partnership, Theme
from kb.vocabulary import HitKind
from search.documents import SearchDocument, clean_text, rich_text, themes_of
from search.sources import Source, register, register_dependency

from .models import Finding, FindingTheme, Recommendation, RecommendationTheme, ReviewPage, ReviewTheme


@dataclass
class Item:
    """A finding or recommendation as its documents need it, however it was read."""

    pk: int
    number: str
    text: str
    anchor: str
    themes: list = field(default_factory=list)  # Theme objects, or ThemeRows read in bulk
    agency: str = ""
    status: str = ""


# The models' own anchor properties, applied to plain rows (making a model instance per row took a fifth of a reindex).
finding_anchor = Finding.anchor.fget
recommendation_anchor = Recommendation.anchor.fget


class ThemeRow(NamedTuple):
    """A theme read as a plain row, for building documents in bulk."""

    slug: str
    name: str


def documents_from(page, agencies: list[str], themes, findings: list[Item], recommendations: list[Item]):
    """A review's documents from its page and its children, read one by one or in bulk."""
    url = page.url or ""
    agencies = sorted(agencies)
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
    slugs, names = themes_of(themes)
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
    for finding in findings:
        f_slugs, f_names = themes_of(themes, finding.themes)
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
    for recommendation in recommendations:
        r_slugs, r_names = themes_of(themes, recommendation.themes)
        owner = recommendation.agency
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


def review_documents(page) -> list[SearchDocument]:
    """A review becomes one review hit plus one hit per finding and per recommendation."""
    findings = [Item(f.pk, f.number, f.text, f.anchor, list(f.themes.all())) for f in page.findings.all()]
    recommendations = [
        Item(r.pk, r.number, r.text, r.anchor, list(r.themes.all()), r.agency.name if r.agency else "", r.status)
        for r in page.recommendations.all()
    ]
    agencies = [agency.name for agency in page.agencies.all()]
    return documents_from(page, agencies, list(page.themes.all()), findings, recommendations)


def reviews_documents(pages) -> dict[int, list[SearchDocument]]:
    """The documents of many reviews, read in eight queries whatever their number: the pages, then their
    agencies, findings, recommendations and theme links as plain rows, and every theme once. Loading the children
    as model instances through prefetch_related made reindexing three times slower."""
    pages = list(pages.select_related("partnership").order_by("pk"))
    ids = [page.pk for page in pages]
    themes = {pk: ThemeRow(slug, name) for pk, slug, name in Theme.objects.values_list("pk", "slug", "name")}

    def grouped(rows) -> dict:
        groups = defaultdict(list)
        for key, value in rows:
            groups[key].append(value)
        return groups

    agencies = grouped(
        ReviewPage.agencies.through.objects.filter(reviewpage_id__in=ids).values_list("reviewpage_id", "agency__name")
    )
    page_themes = grouped(
        ReviewTheme.objects.filter(content_object_id__in=ids).values_list("content_object_id", "tag_id")
    )
    finding_themes = grouped(
        FindingTheme.objects.filter(content_object__page_id__in=ids).values_list("content_object_id", "tag_id")
    )
    recommendation_themes = grouped(
        RecommendationTheme.objects.filter(content_object__page_id__in=ids).values_list("content_object_id", "tag_id")
    )
    findings = defaultdict(list)
    for pk, page_id, number, text in (
        Finding.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("pk", "page_id", "number", "text")
    ):
        anchor = finding_anchor(SimpleNamespace(pk=pk, number=number))
        findings[page_id].append(Item(pk, number, text, anchor, [themes[t] for t in finding_themes[pk]]))
    recommendations = defaultdict(list)
    rows = Recommendation.objects.filter(page_id__in=ids).order_by("sort_order", "pk")
    for pk, page_id, number, text, agency, status in rows.values_list(
        "pk", "page_id", "number", "text", "agency__name", "status"
    ):
        anchor = recommendation_anchor(SimpleNamespace(pk=pk, number=number))
        themed = [themes[t] for t in recommendation_themes[pk]]
        recommendations[page_id].append(Item(pk, number, text, anchor, themed, agency or "", status))
    return {
        page.pk: documents_from(
            page,
            agencies[page.pk],
            [themes[t] for t in page_themes[page.pk]],
            findings[page.pk],
            recommendations[page.pk],
        )
        for page in pages
    }


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
            build_many=reviews_documents,
        )
    )
    register_dependency(Theme, pages_tagged_with, "review-themes")
    register_dependency(Partnership, pages_of_partnership, "review-partnerships")
    register_dependency(Agency, pages_naming_agency, "review-agencies")
