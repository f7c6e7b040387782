"""What a search hit holds: the SearchDocument every engine indexes and every result is made from.

Apps turn their pages into documents (reviews/search.py, learning/search.py) and register them as sources
(search/sources.py); this module knows no content model.
"""

import datetime
from dataclasses import dataclass, field, fields

from kb.text import rich_text_to_plain_text
from kb.vocabulary import HitKind

# Characters engines mark highlights with inside snippets; stripped from indexed text so they cannot be forged.
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
        """The title as searched: a review's with its reference (panels search by it); a finding or recommendation
        is found by its own words, not its review's title."""
        if self.kind == HitKind.REVIEW:
            return f"{self.title} {self.ref}".strip()
        return self.title if self.kind == HitKind.LEARNING else ""

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None

    def to_dict(self) -> dict:
        """Every field, dates as ISO text, lists copied. Written out rather than dataclasses.asdict, which deep-copies
        each value and took a quarter of a reindex (every document is turned into a dict once per index write)."""
        data = {name: getattr(self, name) for name in FIELD_NAMES}
        for name in LIST_FIELDS:
            data[name] = list(data[name])
        data["published"] = self.published.isoformat() if self.published else None
        data["expire_at"] = self.expire_at.isoformat() if self.expire_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "SearchDocument":
        data = {k: v for k, v in data.items() if k in FIELD_SET}
        data["published"] = datetime.date.fromisoformat(data["published"]) if data.get("published") else None
        data["expire_at"] = datetime.datetime.fromisoformat(data["expire_at"]) if data.get("expire_at") else None
        return cls(**data)


FIELD_NAMES = tuple(f.name for f in fields(SearchDocument))
FIELD_SET = frozenset(FIELD_NAMES)
LIST_FIELDS = tuple(f.name for f in fields(SearchDocument) if f.default_factory is list)


def clean_text(value: str) -> str:
    """Plain text as indexed: without the characters that stand for highlight markers."""
    return (value or "").replace(MARK_START, "").replace(MARK_END, "").strip()


def rich_text(value: str) -> str:
    """Rich text as indexed: its words, no markup."""
    return clean_text(rich_text_to_plain_text(value))


def themes_of(*groups) -> tuple[list[str], list[str]]:
    """Slugs and names of the union of the given groups of themes (theme managers, or lists of themes already
    loaded), in a stable order."""
    themes = {}
    for group in groups:
        for theme in group.all() if hasattr(group, "all") else group:
            themes[theme.slug] = theme.name
    slugs = sorted(themes)
    return slugs, [themes[slug] for slug in slugs]
