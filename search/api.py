"""GET /api/search/: the JSON search API. Bad parameters answer 400 with a message; never a traceback."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from kb.ratelimits import limited

from .engines.base import SearchUnavailable
from .request import InvalidSearch, request_from_params
from .results import response_to_dict
from .service import find, theme_names


@require_GET
@limited("search", "KB_SEARCH_RATE", json=True)
def search_api(request):
    names = theme_names()
    try:
        search_request = request_from_params(request.GET, names)
    except InvalidSearch as error:
        return JsonResponse({"error": str(error)}, status=400)
    try:
        outcome = find(search_request, source="api")
    except SearchUnavailable:
        return JsonResponse({"error": "Search is unavailable at the moment. Please try again shortly."}, status=503)
    return JsonResponse(response_to_dict(search_request, outcome.response, names, outcome.understanding))
