"""A hub's live learning: findings and recommendations asked of the search engine each time the hub is shown,
so a review published after the hub appears on it without anyone editing the hub."""

import datetime

from kb.vocabulary import HitKind
from search import service as search
from search.engines.base import Hit
from search.request import MAX_PAGE_SIZE, SearchRequest

# At most this many hits per review come first, so a hub shows learning across reviews, not one review's list.
PER_REVIEW = 2
KINDS = {
    "both": (HitKind.FINDING, HitKind.RECOMMENDATION),
    "finding": (HitKind.FINDING,),
    "recommendation": (HitKind.RECOMMENDATION,),
}


def requests_for(value) -> list[SearchRequest]:
    """One request per chosen theme (the engine ANDs themes; a hub wants learning on ANY of them)."""
    count = value.get("count") or 6
    common = {
        "types": tuple(value.get("review_types") or ()),
        "kinds": KINDS.get(value.get("show"), KINDS["both"]),
        "year_from": value.get("year_from") or None,
        "year_to": value.get("year_to") or None,
        "sort": "newest",
        "page_size": min(count * 5, MAX_PAGE_SIZE),
    }
    themes = list(dict.fromkeys(value.get("themes") or ()))
    return [SearchRequest(themes=(slug,), **common) for slug in themes] or [SearchRequest(**common)]


def newest_first(hit: Hit) -> tuple:
    """The engines' 'newest' order: undated last, then by date, then the most recently created review."""
    doc = hit.document
    published = doc.published or datetime.date.min
    return (doc.published is None, -published.toordinal(), -doc.page_id, doc.kind, doc.number)


def spread(hits: list[Hit], count: int) -> list[Hit]:
    """The first `count` hits, taking at most PER_REVIEW from each review before any review's others."""
    taken, per_review = [], {}
    for hit in hits:
        if per_review.get(hit.document.page_id, 0) < PER_REVIEW:
            per_review[hit.document.page_id] = per_review.get(hit.document.page_id, 0) + 1
            taken.append(hit)
    chosen = taken[:count]
    keys = {hit.document.key for hit in chosen}
    chosen += [hit for hit in hits if hit.document.key not in keys][: count - len(chosen)]
    return sorted(chosen, key=newest_first)


def live_hits(value) -> list[Hit] | None:
    """The newest matching hits, each once, at most `count` of them, spread across reviews; None when search is
    unavailable."""
    hits = search.browse(*requests_for(value))
    return None if hits is None else spread(sorted(hits, key=newest_first), value.get("count") or 6)


def live_learning(value) -> list[dict] | None:
    """Results as the search page shows them (via the one serializer), or None when search is unavailable."""
    hits = live_hits(value)
    if hits is None:
        return None
    names = search.theme_names() if hits else {}
    results = search.as_results(hits)
    for result in results:
        result["theme_links"] = [(slug, names.get(slug, slug)) for slug in result["themes"]]
    return results
