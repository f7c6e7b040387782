"""The Wagtail admin report of top and zero-result searches, with CSV download, and the one-step form that makes a
zero-result search a synonym of a theme."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.permission_policies import ModelPermissionPolicy

from kb.models import Theme
from kb.themes import SynonymRefused, add_synonym, normalise

from .analytics import PERIODS, query_summary, since, write_csv
from .query import MAX_THEME_WORDS
from .service import IDENTIFIER_REMOVED


def may_change_themes(user) -> bool:
    """The theme editor's own permission (the Themes snippet), so the report grants nothing the editor does not."""
    return ModelPermissionPolicy(Theme).user_has_permission(user, "change")


def search_analytics(request):
    if not request.user.has_perm("kbsearch.view_querylog"):
        raise PermissionDenied
    period = request.GET.get("period", "30")
    period = period if period in PERIODS else "30"
    zero_only = request.GET.get("results") == "zero"
    rows = query_summary(since(period), zero_results_only=zero_only)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"searches-{'zero-results-' if zero_only else ''}{period}-days.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        write_csv(rows, response)
        return response
    context = {
        "rows": rows,
        "periods": PERIODS,
        "period": period,
        "zero_only": zero_only,
        "themes": list(Theme.objects.values_list("slug", "name")) if may_change_themes(request.user) else None,
        "identifier_removed": IDENTIFIER_REMOVED,
    }
    return render(request, "search/admin/analytics.html", context)


@require_POST
def add_query_as_synonym(request):
    """Add a search's words to a theme's synonyms, as the theme editor would, and go back to the report."""
    if not (request.user.has_perm("kbsearch.view_querylog") and may_change_themes(request.user)):
        raise PermissionDenied
    query = request.POST.get("query", "")
    theme = get_object_or_404(Theme, slug=request.POST.get("theme", ""))
    try:
        if query == IDENTIFIER_REMOVED:  # the placeholder kept in place of a query that held an identifier
            raise SynonymRefused("That search held an identifier, so its words were never kept.")
        if len(normalise(query).split()) > MAX_THEME_WORDS:  # the query parser would never spot it
            raise SynonymRefused(f"Search spots a theme named in at most {MAX_THEME_WORDS} words.")
        words = add_synonym(theme, query, request.user)
    except SynonymRefused as refused:
        messages.error(request, f"Not added: {refused}")
    else:
        messages.success(request, f"‘{words}’ is now a synonym of {theme.name}: searching it finds the theme.")
    back = {name: request.POST[name] for name in ("period", "results") if request.POST.get(name)}
    return redirect(reverse("search_analytics") + (f"?{urlencode(back)}" if back else ""))
