"""The one place a search hit becomes a result, for the search page and the JSON API alike."""

from kb.vocabulary import HitKind, RecommendationStatus, ReviewType

from .engines.base import Hit, SearchResponse
from .request import SearchRequest
from .understanding import Understanding

KIND_LABELS = dict(HitKind.choices)
TYPE_LABELS = dict(ReviewType.choices)
STATUS_LABELS = dict(RecommendationStatus.choices)


def hit_to_result(hit: Hit) -> dict:
    """A hit as the API and the page show it; `snippet` is escaped HTML whose only markup is <mark>."""
    doc = hit.document
    result = {
        "kind": doc.kind,
        "kind_label": KIND_LABELS.get(doc.kind, doc.kind),
        "title": doc.title,
        "url": doc.url,
        "snippet": hit.snippet,
        "report_page": hit.report_page,
        "related_by_meaning": hit.by_meaning,  # none of the words matched: shown for what it means
        "themes": list(doc.themes),
        "review": None,
    }
    if doc.ref:
        result["review"] = {
            "ref": doc.ref,
            "title": doc.review_title,
            "type": doc.review_type,
            "type_label": TYPE_LABELS.get(doc.review_type, doc.review_type),
            "published": doc.published.isoformat() if doc.published else None,
            "url": doc.review_url,
            "partnership": doc.partnership,
        }
    if doc.kind == HitKind.RECOMMENDATION:
        result["recommendation"] = {
            "number": doc.number,
            "agency": doc.agency or None,
            "status": doc.status,
            "status_label": STATUS_LABELS.get(doc.status, doc.status),
        }
    if doc.kind == HitKind.FINDING:
        result["finding"] = {"number": doc.number}
    return result


def facet_values(response: SearchResponse, theme_names: dict[str, str]) -> dict[str, list[dict]]:
    """Facets with a label for each value."""
    labels = {"theme": theme_names, "type": TYPE_LABELS, "kind": KIND_LABELS}
    return {
        name: [
            {"value": value, "label": labels.get(name, {}).get(value, value), "count": count} for value, count in values
        ]
        for name, values in response.facets.items()
    }


def response_to_dict(
    request: SearchRequest, response: SearchResponse, theme_names: dict[str, str], understanding: Understanding
) -> dict:
    """The body of GET /api/search/: `match` says how the results relate to the words ("all", "partial",
    "corrected", "related" or "none"), `searched` what was searched (the corrected words, when "corrected")."""
    return {
        "match": understanding.match(response),
        "query": request.q,
        "searched": understanding.searched,
        "did_you_mean": understanding.did_you_mean,
        "count": response.total,
        "page": request.page,
        "page_size": request.page_size,
        "results": [hit_to_result(hit) for hit in response.hits],
        "facets": facet_values(response, theme_names),
    }
