"""The practitioner search page at /search/: the same request, engine and result serializer as the API."""

from django.shortcuts import render

from kb.ratelimits import limited

from .engines.base import SearchUnavailable
from .request import InvalidSearch, request_from_params
from .results import facet_values, hit_to_result
from .service import find, suggest_themes, theme_names

CHECKBOX_FACETS = [("kind", "Type of learning"), ("type", "Type of review"), ("theme", "Theme")]
FACET_LIMIT = 12


@limited("search", "KB_SEARCH_RATE")
def search_page(request):
    names = theme_names()
    context = {"search_q": request.GET.get("q", "")[:500], "theme_names": names}
    try:
        search_request = request_from_params(request.GET, names)
    except InvalidSearch as error:
        context["error"] = str(error)
        return render(request, "search/search.html", context, status=400)
    context["search_request"] = search_request
    if not search_request.q and not search_request.has_filters:
        context["browse_themes"] = sorted(names.items(), key=lambda item: item[1])
        return render(request, "search/search.html", context)
    try:
        outcome = find(search_request)
    except SearchUnavailable:
        context["error"] = "Search is unavailable at the moment. Please try again shortly."
        return render(request, "search/search.html", context, status=503)
    response = outcome.response
    facets = facet_values(response, names)
    context.update(
        match=outcome.understanding.match(response),
        words_matched=response.words_matched,
        understanding=outcome.understanding,
        as_typed_link=_link(request, q=outcome.understanding.corrected_from or "", as_typed="1", page=None),
        did_you_mean_link=_link(request, q=outcome.understanding.did_you_mean or "", page=None),
        results=[_with_theme_names(hit_to_result(hit), names) for hit in response.hits],
        total=response.total,
        facets=_facet_groups(search_request, facets),
        years=sorted({int(v["value"]) for v in facets["year"]}, reverse=True),
        agencies=facets["agency"],
        suggestions=suggest_themes(search_request.q) if response.total == 0 else [],
        pagination=_pagination(request, search_request, response.total),
    )
    return render(request, "search/search.html", context)


def _with_theme_names(result: dict, names: dict[str, str]) -> dict:
    """The page shows theme names where the API gives slugs."""
    result["theme_links"] = [(slug, names.get(slug, slug)) for slug in result["themes"]]
    return result


def _facet_groups(search_request, facets: dict) -> list[dict]:
    """Checkbox groups for the filter column: chosen values first, then the most frequent."""
    chosen = {"kind": search_request.kinds, "type": search_request.types, "theme": search_request.themes}
    groups = []
    for name, legend in CHECKBOX_FACETS:
        selected = set(chosen[name])
        values = [dict(v, checked=v["value"] in selected) for v in facets[name]]
        values.sort(key=lambda v: not v["checked"])
        missing = [
            {"value": v, "label": v, "count": 0, "checked": True} for v in selected - {x["value"] for x in values}
        ]
        groups.append({"name": name, "legend": legend, "values": missing + values[:FACET_LIMIT]})
    return groups


def _link(request, **changes) -> str:
    """This search's URL with some parameters changed (None removes one)."""
    params = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return "?" + params.urlencode()


def _pagination(request, search_request, total: int) -> dict:
    """Links to the previous and next pages, keeping every other parameter."""
    pages = max(1, -(-total // search_request.page_size))

    def link(page):
        params = request.GET.copy()
        params["page"] = page
        return "?" + params.urlencode()

    return {
        "page": search_request.page,
        "pages": pages,
        "previous": link(search_request.page - 1) if search_request.page > 1 else None,
        "next": link(search_request.page + 1) if search_request.page < pages else None,
    }
