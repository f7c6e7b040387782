"""What gets indexed: one SearchDocument per review, finding, recommendation and learning page.

Both engines index these same documents, so what is searchable is decided here and only here.
"""

import datetime
from dataclasses import asdict, dataclass, field
from functools import cache

from kb.text import rich_text_to_plain_text
from kb.vocabulary import HitKind

# Characters FTS5 snippets use as highlight markers; stripped from indexed text so they cannot be forged.
MARK_START, MARK_END = "\x02", "\x03"


@dataclass
class SearchDocument:
    """One searchable hit with everything a result needs, so showing results never touches the page tables."""

    key: str
    kind: str
    page_id: int
    title: str
    url: str
    text: str = ""
    summary: str = ""
    report: str = ""
    themes: list[str] = field(default_factory=list)
    theme_names: list[str] = field(default_factory=list)
    number: str = ""
    ref: str = ""
    review_type: str = ""
    review_title: str = ""
    review_url: str = ""
    published: datetime.date | None = None
    partnership: str = ""
    agencies: list[str] = field(default_factory=list)
    agency: str = ""
    age_band: str = ""
    status: str = ""
    expire_at: datetime.datetime | None = None

    @property
    def indexed_title(self) -> str:
        """The title as searched: a finding or recommendation is found by its own words, not its review's title."""
        return self.title if self.kind in (HitKind.REVIEW, HitKind.LEARNING) else ""

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["expire_at"] = self.expire_at.isoformat() if self.expire_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "SearchDocument":
        data = dict(data)
        data["published"] = datetime.date.fromisoformat(data["published"]) if data.get("published") else None
        data["expire_at"] = datetime.datetime.fromisoformat(data["expire_at"]) if data.get("expire_at") else None
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def clean_text(value: str) -> str:
    """Plain text as indexed: without the characters that stand for highlight markers."""
    return (value or "").replace(MARK_START, "").replace(MARK_END, "").strip()


def rich_text(value: str) -> str:
    """Rich text as indexed: its words, no markup."""
    return clean_text(rich_text_to_plain_text(value))


@dataclass(frozen=True)
class Source:
    """A searchable page model, how to load its pages efficiently, and how to turn one into documents."""

    model: type
    build: callable
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def queryset(self, pages):
        """These pages as instances of the model, with what build() reads loaded in a few queries."""
        return (
            self.model.objects.filter(pk__in=pages.values("pk"))
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )


@cache
def sources() -> tuple[Source, ...]:
    """Every searchable page model. A new searchable type is added here and only here."""
    from learning.models import BriefingPage, LearningHubPage
    from reviews.models import ReviewPage

    return (
        Source(
            ReviewPage,
            lambda page: review_documents(page),
            select_related=("partnership",),
            prefetch_related=(
                "agencies",
                "themes",
                "findings__themes",
                "recommendations__themes",
                "recommendations__agency",
            ),
        ),
        Source(LearningHubPage, lambda page: learning_documents(page), prefetch_related=("themes",)),
        Source(BriefingPage, lambda page: learning_documents(page), prefetch_related=("themes",)),
    )


def documents_for_pages(pages) -> dict[int, list[SearchDocument]]:
    """Documents for each page of a queryset of (already vetted) pages, keyed by page id."""
    documents = {}
    for source in sources():
        for page in source.queryset(pages):
            documents[page.pk] = source.build(page)
    return documents


def _themes(*managers) -> tuple[list[str], list[str]]:
    """Slugs and names of the union of the given theme managers, in a stable order."""
    themes = {}
    for manager in managers:
        for theme in manager.all():
            themes[theme.slug] = theme.name
    slugs = sorted(themes)
    return slugs, [themes[slug] for slug in slugs]


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
    slugs, names = _themes(page.themes)
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
        f_slugs, f_names = _themes(page.themes, finding.themes)
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
        r_slugs, r_names = _themes(page.themes, recommendation.themes)
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


def learning_documents(page) -> list[SearchDocument]:
    """A learning hub or 7-minute briefing becomes one learning hit: its title, its own words and its themes."""
    slugs, names = _themes(page.themes)
    return [
        SearchDocument(
            key=f"learning:{page.pk}",
            kind=HitKind.LEARNING,
            page_id=page.pk,
            title=page.title,
            url=page.url or "",
            text=clean_text(page.readable_text()),
            themes=slugs,
            theme_names=names,
            expire_at=page.expire_at,
        )
    ]
